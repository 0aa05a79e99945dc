/**
 * A tiny MQTT 3.1.1-only broker stand-in (raw sockets): it answers an MQTT 5 CONNECT the way a
 * 3.1.1-only broker does (aedes 1, mosquitto before 1.6) — CONNACK `20 02 00 01` and close, or just a
 * hang-up — and accepts 3.1/3.1.1 (CONNACK 0, SUBACK granted, PUBACK), enough for pub/sub/rr.
 */
import net from 'node:net'

export interface StubBroker {
  port: number
  /** The protocol levels of the CONNECTs received, in order. */
  connects: number[]
  close(): Promise<void>
}

/** Remaining length of the packet at `buf[0]`: [value, header bytes] or undefined when incomplete. */
function remainingLength(buf: Buffer): [number, number] | undefined {
  let value = 0
  for (let i = 1; i <= 4 && i < buf.length; i++) {
    const b = buf[i] ?? 0
    value += (b & 0x7f) * 128 ** (i - 1)
    if ((b & 0x80) === 0) return [value, i + 1]
  }
  return undefined
}

/** A QoS 0 PUBLISH packet (MQTT 3.1.1; a remaining length under 128 bytes). */
export function publishPacket(topic: string, payload: string): Buffer {
  const t = Buffer.from(topic)
  const p = Buffer.from(payload)
  return Buffer.concat([Buffer.from([0x30, 2 + t.length + p.length, t.length >> 8, t.length & 0xff]), t, p])
}

/** `withSuback`: bytes sent in the same write as every SUBACK (messages in one TCP segment with it). */
export async function startV311Stub(onV5: 'connack' | 'hangup' = 'connack', options: { withSuback?: Buffer } = {}): Promise<StubBroker> {
  const connects: number[] = []
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let buf = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      try {
        answer()
      } catch {
        // not MQTT (mqtx's TLS probe of a port that hung up: a ClientHello read as packets): hang up,
        // as a broker does; a throw here would be an uncaught exception in the test process
        socket.destroy()
      }
    })
    const answer = () => {
      for (;;) {
        const rl = remainingLength(buf)
        if (rl === undefined || buf.length < rl[1] + rl[0]) return
        const packet = buf.subarray(0, rl[1] + rl[0])
        const body = packet.subarray(rl[1])
        buf = buf.subarray(packet.length)
        const type = (packet[0] ?? 0) >> 4
        if (type === 1) {
          const level = body[2 + body.readUInt16BE(0)] ?? 0
          connects.push(level)
          if (level === 5) {
            if (onV5 === 'connack') socket.end(Buffer.from([0x20, 0x02, 0x00, 0x01]))
            else socket.destroy()
            return
          }
          socket.write(Buffer.from([0x20, 0x02, 0x00, 0x00]))
        } else if (type === 8) {
          // SUBSCRIBE: grant QoS 0 to each filter
          const id = body.readUInt16BE(0)
          let n = 0
          for (let i = 2; i < body.length; i += 2 + body.readUInt16BE(i) + 1) n++
          socket.write(Buffer.concat([Buffer.from([0x90, 2 + n, id >> 8, id & 0xff, ...new Array<number>(n).fill(0)]), options.withSuback ?? Buffer.alloc(0)]))
        } else if (type === 3 && ((packet[0] ?? 0) & 0x06) === 0x02) {
          const topicLength = body.readUInt16BE(0)
          const id = body.readUInt16BE(2 + topicLength)
          socket.write(Buffer.from([0x40, 0x02, id >> 8, id & 0xff]))
        } else if (type === 12) {
          socket.write(Buffer.from([0xd0, 0x00]))
        } else if (type === 14) {
          socket.end()
        }
      }
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const addr = server.address()
  return {
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
