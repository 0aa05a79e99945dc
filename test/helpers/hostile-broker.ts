/**
 * A scriptable MQTT broker stand-in (raw sockets + mqtt-packet, 3.1.1 and 5) for what a real broker
 * never does: malformed packets, odd CONNACK properties, hostile strings. By default it answers
 * CONNECT, SUBSCRIBE (grants what was asked), PUBLISH (PUBACK/PUBREC), PUBREL, PINGREQ; a script
 * replaces the answer to CONNECT, SUBSCRIBE, PUBLISH or PINGREQ. `n` counts the connections (1 for the first).
 */
import net from 'node:net'
import mqttPacket, { type Packet } from 'mqtt-packet'

export interface Peer {
  /** 1 for the first connection, 2 for the next… */
  n: number
  version: number
  socket: net.Socket
  /** Write a packet (generated for the connection's protocol version) or raw bytes. */
  send(packet: Packet | Buffer): void
}

type Answer = (peer: Peer, packet: Packet) => void

export interface HostileScript {
  connect?: Answer
  subscribe?: Answer
  publish?: Answer
  pingreq?: Answer
}

export interface HostileBroker {
  port: number
  /** Every packet received, as `n:cmd` (e.g. `1:connect`). */
  received: string[]
  /** Resolves once a packet `n:cmd` has been received. */
  waitFor(entry: string): Promise<void>
  close(): Promise<void>
}

export const defaults: Required<HostileScript> = {
  pingreq: (peer) => peer.send({ cmd: 'pingresp' }),
  connect: (peer) => peer.send({ cmd: 'connack', returnCode: 0, reasonCode: 0, sessionPresent: false }),
  subscribe: (peer, p) => {
    if (p.cmd !== 'subscribe') return
    peer.send({ cmd: 'suback', messageId: p.messageId ?? 0, granted: p.subscriptions.map((s) => s.qos) })
  },
  publish: (peer, p) => {
    if (p.cmd !== 'publish' || p.qos === 0) return
    peer.send({ cmd: p.qos === 1 ? 'puback' : 'pubrec', messageId: p.messageId ?? 0 })
  },
}

export async function startHostileBroker(script: HostileScript = {}): Promise<HostileBroker> {
  const sockets = new Set<net.Socket>()
  const received: string[] = []
  const waiters: Array<{ entry: string; resolve: () => void }> = []
  let connections = 0
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    const peer: Peer = {
      n: ++connections,
      version: 4,
      socket,
      send: (packet) => {
        if (!socket.writable) return
        socket.write(Buffer.isBuffer(packet) ? packet : mqttPacket.generate(packet, { protocolVersion: peer.version as 4 | 5 }))
      },
    }
    const parser = mqttPacket.parser({ protocolVersion: 5 })
    parser.on('error', () => socket.destroy())
    parser.on('packet', (p: Packet) => {
      const entry = `${peer.n}:${p.cmd}`
      received.push(entry)
      for (const w of waiters.filter((x) => x.entry === entry)) w.resolve()
      if (p.cmd === 'connect') {
        peer.version = p.protocolVersion ?? 4
        ;(script.connect ?? defaults.connect)(peer, p)
      } else if (p.cmd === 'subscribe') (script.subscribe ?? defaults.subscribe)(peer, p)
      else if (p.cmd === 'publish') (script.publish ?? defaults.publish)(peer, p)
      else if (p.cmd === 'pubrel') peer.send({ cmd: 'pubcomp', messageId: p.messageId ?? 0 })
      else if (p.cmd === 'pingreq') (script.pingreq ?? defaults.pingreq)(peer, p)
      else if (p.cmd === 'disconnect') socket.end()
    })
    socket.on('data', (d: Buffer) => parser.parse(d))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    waitFor: (entry) =>
      received.includes(entry) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ entry, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
