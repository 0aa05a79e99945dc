/**
 * A minimal SOCKS5 proxy for tests (no auth, CONNECT only, IPv4 and domain names), listening on a
 * free loopback port. Records the destinations it was asked for, so a test can prove traffic went
 * through it.
 */
import net from 'node:net'

export interface SocksProxy {
  port: number
  destinations: string[]
  close(): Promise<void>
}

export function startSocksProxy(): Promise<SocksProxy> {
  const destinations: string[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    client.once('data', (greeting) => {
      if (greeting[0] !== 5) return client.destroy()
      client.write(Buffer.from([5, 0]))
      client.once('data', (req) => {
        const atyp = req[3]
        let host: string
        let offset: number
        if (atyp === 1) {
          host = `${req[4]}.${req[5]}.${req[6]}.${req[7]}`
          offset = 8
        } else if (atyp === 3) {
          const len = req[4] ?? 0
          host = req.subarray(5, 5 + len).toString()
          offset = 5 + len
        } else return client.destroy()
        const port = req.readUInt16BE(offset)
        destinations.push(`${host}:${port}`)
        const upstream = net.connect({ host, port }, () => {
          client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]))
          client.pipe(upstream).pipe(client)
        })
        sockets.add(upstream)
        upstream.on('close', () => sockets.delete(upstream))
        upstream.on('error', () => client.destroy())
      })
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address() as net.AddressInfo
      resolve({
        port: addr.port,
        destinations,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
