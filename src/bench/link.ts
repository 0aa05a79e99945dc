/**
 * Take the socket over from MQTT.js after CONNACK (and SUBACK): MQTT.js did the connect, auth,
 * TLS/WebSocket and v5 negotiation; the data path then writes pre-encoded bytes and scans frames
 * itself. MQTT.js is unpiped, its keepalive stopped; PINGREQs are ours (see `keepAlive`).
 */
import type { Duplex } from 'node:stream'
import type { Connection } from '../mqtt/connect.js'
import { clientSocket, stopKeepalive } from '../mqtt/internals.js'
import { FrameScanner, PINGREQ, type PacketHandler } from './wire.js'

export class Link {
  readonly sock: Duplex
  blocked = false
  closed = false
  lastWriteMs = Date.now()
  onDrain: (() => void) | undefined
  /** Called after every chunk has been scanned (acks are batched per chunk). */
  afterChunk: (() => void) | undefined

  constructor(conn: Connection, onPacket: PacketHandler, onClose: (err?: Error) => void) {
    const client = conn.client
    const sock = clientSocket(client)
    if (sock === undefined) throw new Error('connection has no stream')
    stopKeepalive(client)
    // MQTT.js re-emits stream errors on the client: keep them from throwing; ours are below
    client.on('error', () => {})
    sock.unpipe()
    this.sock = sock
    const scanner = new FrameScanner(onPacket)
    sock.on('data', (chunk: Buffer) => {
      scanner.feed(chunk)
      this.afterChunk?.()
    })
    sock.on('drain', () => {
      this.blocked = false
      this.onDrain?.()
    })
    let error: Error | undefined
    sock.on('error', (err: Error) => {
      error ??= err
    })
    sock.on('close', () => {
      if (this.closed) return
      this.closed = true
      onClose(error)
    })
    sock.resume()
  }

  write(buf: Buffer): boolean {
    if (this.closed) return false
    this.lastWriteMs = Date.now()
    const ok = this.sock.write(buf)
    if (!ok) this.blocked = true
    return ok
  }

  /** DISCONNECT and close; resolves when the socket is gone (or after 2 s). */
  end(): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sock.destroy()
        resolve()
      }, 2000)
      this.sock.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
      this.closed = true
      this.sock.end(Buffer.from([0xe0, 0x00]))
    })
  }
}

/** One timer for every link: PINGREQ on links idle for half the keepalive. */
export function keepAlive(links: () => Iterable<Link>, keepaliveS: number): () => void {
  if (keepaliveS <= 0) return () => {}
  const halfMs = (keepaliveS * 1000) / 2
  const timer = setInterval(() => {
    const now = Date.now()
    for (const l of links()) if (!l.closed && now - l.lastWriteMs >= halfMs) l.write(PINGREQ)
  }, Math.min(1000, halfMs))
  timer.unref()
  return () => clearInterval(timer)
}
