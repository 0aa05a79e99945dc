/**
 * --proxy: a SOCKS5 connection, with a login when the URL has one (RFC 1929; MQTT.js's own builder
 * drops it and cannot parse an IPv6 proxy host). socks5h:// lets the proxy resolve the broker's name,
 * socks5:// resolves it here first, as curl does. The socket is handed over through a Duplex that
 * exists at once, since MQTT.js's stream builder is synchronous.
 */
import { lookup } from 'node:dns/promises'
import { Duplex } from 'node:stream'
import type { Socket } from 'node:net'
import { SocksClient } from 'socks'

export interface SocksTarget {
  host: string
  port: number
  /** What checkProxyUrl returned: socks5h?://[user[:pass]@]host:port */
  proxy: string
  timeoutMs: number
}

/** The parts of a checked --proxy URL: host without brackets, credentials percent-decoded. */
export function proxyParts(proxy: string): { remoteDns: boolean; host: string; port: number; userId?: string; password?: string } {
  const url = new URL(proxy)
  const parts: ReturnType<typeof proxyParts> = {
    remoteDns: url.protocol === 'socks5h:',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || 1080),
  }
  if (url.username !== '' || url.password !== '') {
    parts.userId = decodeURIComponent(url.username)
    parts.password = decodeURIComponent(url.password)
  }
  return parts
}

class ProxyStream extends Duplex {
  private socket: Socket | undefined
  private wantsData = false

  constructor() {
    super({ autoDestroy: false })
    this.cork()
  }

  start(socket: Socket): void {
    if (this.destroyed) {
      socket.destroy()
      return
    }
    this.socket = socket
    socket.setNoDelay(true)
    if (!this.wantsData) socket.pause()
    socket.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) socket.pause()
    })
    socket.on('end', () => this.push(null))
    socket.on('error', (err) => this.destroy(err))
    socket.on('close', () => this.destroy())
    this.emit('connect')
    this.uncork()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.socket?.write(chunk, callback)
  }

  override _read(): void {
    this.wantsData = true
    this.socket?.resume()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket?.destroy()
    callback(error)
  }
}

async function establish(target: SocksTarget, stream: ProxyStream): Promise<void> {
  const p = proxyParts(target.proxy)
  const host = p.remoteDns ? target.host : (await lookup(target.host)).address
  const proxy: { host: string; port: number; type: 5; userId?: string; password?: string } = { host: p.host, port: p.port, type: 5 }
  if (p.userId !== undefined) proxy.userId = p.userId
  if (p.password !== undefined) proxy.password = p.password
  const { socket } = await SocksClient.createConnection({ command: 'connect', destination: { host, port: target.port }, proxy, timeout: target.timeoutMs })
  stream.start(socket)
}

export function openSocks(target: SocksTarget): Duplex {
  const stream = new ProxyStream()
  establish(target, stream).catch((err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err))
    if ((e as NodeJS.ErrnoException).code === undefined) (e as NodeJS.ErrnoException).code = 'SOCKS'
    stream.destroy(e)
  })
  return stream
}
