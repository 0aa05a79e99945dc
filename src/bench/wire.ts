/**
 * The bench data path's bytes: pre-encoded PUBLISH templates (patched in place per message) and a
 * frame scanner over a raw socket stream. Not a general MQTT codec: only what the data path meets
 * after CONNACK (PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, PINGRESP, DISCONNECT).
 */
import { publishFrameEncoder } from '../mqtt/publish-frame.js'

/** Payload header: publisher id (u32), sequence (u32), send time in µs since the Unix epoch (u64). */
export const HEADER_BYTES = 16

export const PINGREQ = Buffer.from([0xc0, 0x00])

export interface PublishTemplate {
  bytes: Buffer
  /** Offset of the packet id (QoS > 0), else -1. */
  idOffset: number
  /** Offset of the payload (the header starts here). */
  payloadOffset: number
}

/** One PUBLISH packet for `topic` with a `size`-byte payload ('a's after the header); the header is patched per message. */
export function publishTemplate(topic: string, size: number, qos: 0 | 1 | 2, retain: boolean, v5: boolean, publisherId: number): PublishTemplate {
  const payload = Buffer.alloc(size, 0x61)
  payload.writeUInt32BE(publisherId >>> 0, 0)
  payload.fill(0, 4, HEADER_BYTES)
  return publishFrameEncoder(topic, qos, retain, undefined, v5 ? 5 : 4).template(payload)
}

/** Patch sequence and send time (µs, integer) into a copied template at `base`. */
export function patchHeader(buf: Buffer, base: number, seq: number, sendUs: number): void {
  buf.writeUInt32BE(seq >>> 0, base + 4)
  const hi = Math.floor(sendUs / 4294967296)
  buf.writeUInt32BE(hi, base + 8)
  buf.writeUInt32BE(sendUs - hi * 4294967296, base + 12)
}

export function readSendUs(buf: Buffer, at: number): number {
  return buf.readUInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4)
}

/** A 4-byte acknowledgement-type packet (PUBACK 0x40, PUBREC 0x50, PUBREL 0x62, PUBCOMP 0x70). */
export function writeAck(buf: Buffer, at: number, first: number, id: number): void {
  buf[at] = first
  buf[at + 1] = 2
  buf[at + 2] = id >> 8
  buf[at + 3] = id & 0xff
}

export type PacketHandler = (type: number, flags: number, buf: Buffer, start: number, end: number) => void

/** Incremental frame scanner: feed socket chunks, get (type, flags, body range) callbacks. */
export class FrameScanner {
  private pending: Buffer | null = null

  constructor(private readonly onPacket: PacketHandler) {}

  feed(chunk: Buffer): void {
    const buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk])
    let off = 0
    const len = buf.length
    for (;;) {
      if (len - off < 2) break
      let mul = 1
      let body = 0
      let i = off + 1
      let ok = false
      for (; i < len && i < off + 5; i++) {
        const b = buf[i] as number
        body += (b & 0x7f) * mul
        mul *= 128
        if ((b & 0x80) === 0) {
          ok = true
          i++
          break
        }
      }
      if (!ok || len - i < body) break
      const first = buf[off] as number
      this.onPacket(first >> 4, first & 0x0f, buf, i, i + body)
      off = i + body
    }
    // keep an unfinished frame; copy it when it is a view into the socket's chunk
    this.pending = off >= len ? null : buf === chunk ? Buffer.from(buf.subarray(off)) : buf.subarray(off)
  }
}

/** Skip a v5 property block starting at `at`; returns the offset after it. */
export function skipProperties(buf: Buffer, at: number): number {
  let mul = 1
  let n = 0
  let i = at
  for (;;) {
    const b = buf[i++] as number
    n += (b & 0x7f) * mul
    mul *= 128
    if ((b & 0x80) === 0 || i - at >= 4) break
  }
  return i + n
}
