/**
 * The one PUBLISH frame encoder (and MQTT's one variable-byte-integer writer): frames for `pub -l` and
 * bench's per-publisher templates, built from a template that mqtt-packet encodes once.
 *
 * Per message, MQTT.js's publish() (validation, packet object, store, keepalive bookkeeping, five
 * small writes, its ack bookkeeping) costs ~10 µs here. For a stream of messages to one topic, mqtx
 * lets mqtt-packet encode the constant part (topic, v5 properties) once, and per message only writes
 * the fixed header with the remaining length and, for QoS 1/2, the packet identifier (~0.5 µs).
 * The unit tests check every frame against mqtt-packet's own encoding.
 */
import mqttPacket from 'mqtt-packet'

export interface FrameEncoder {
  /** Bytes of the frame for a payload of `length` bytes. */
  size(length: number): number
  /** Write the frame for `payload[start, end)` at `out[at]`; returns the offset after it. */
  writeInto(out: Buffer, at: number, payload: Buffer, start: number, end: number, messageId: number): number
  /** The frame as a Buffer of its own. */
  frame(payload: Buffer, messageId: number): Buffer
  /** The frame, and where its packet id (-1 at QoS 0) and payload start (bench patches them per message). */
  template(payload: Buffer): { bytes: Buffer; idOffset: number; payloadOffset: number }
  /**
   * The longest payload that fits in one packet: MQTT's limit on the remaining length
   * (268,435,455 bytes), and `maximumPacketSize` (the whole packet) when given; -1 if none fits.
   */
  maxPayload(maximumPacketSize?: number): number
}

/** MQTT's largest remaining length (the packet after its fixed header's length field). */
export const MAX_REMAINING_LENGTH = 268_435_455

/** Bytes of MQTT's variable byte integer for `n`. */
export function varintLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4
}

/** Write MQTT's variable byte integer `n` at `offset`; returns the offset after it. */
export function writeVarint(buf: Buffer, offset: number, n: number): number {
  let value = n
  let at = offset
  do {
    let byte = value % 0x80
    value = Math.floor(value / 0x80)
    if (value > 0) byte |= 0x80
    buf[at++] = byte
  } while (value > 0)
  return at
}

/**
 * Bytes of a PUBLISH packet without v5 properties (what MQTT.js sends for a plain publish()):
 * fixed header, topic, packet id at QoS 1/2, v5's empty property length, payload.
 */
export function plainPublishSize(topicBytes: number, payloadLength: number, qos: 0 | 1 | 2, v5: boolean): number {
  const remaining = 2 + topicBytes + (qos > 0 ? 2 : 0) + (v5 ? 1 : 0) + payloadLength
  return 1 + varintLength(remaining) + remaining
}

export function publishFrameEncoder(
  topic: string,
  qos: 0 | 1 | 2,
  retain: boolean,
  properties: Record<string, unknown> | undefined,
  protocolVersion: 3 | 4 | 5,
): FrameEncoder {
  const packet = {
    cmd: 'publish' as const,
    topic,
    payload: Buffer.alloc(0),
    qos,
    retain,
    dup: false,
    ...(qos > 0 ? { messageId: 1 } : {}),
    ...(protocolVersion === 5 && properties !== undefined ? { properties } : {}),
  }
  const template = mqttPacket.generate(packet as mqttPacket.IPublishPacket, { protocolVersion })
  const header = template[0] as number
  let lengthBytes = 1
  while (((template[lengthBytes] as number) & 0x80) !== 0) lengthBytes++
  const body = Buffer.from(template.subarray(1 + lengthBytes))
  // the packet identifier follows the topic (2-byte length + UTF-8 bytes)
  const idOffset = qos > 0 ? 2 + Buffer.byteLength(topic, 'utf8') : -1
  const size = (length: number) => {
    const remaining = body.length + length
    return 1 + varintLength(remaining) + remaining
  }
  const writeInto = (out: Buffer, at: number, payload: Buffer, start: number, end: number, messageId: number) => {
    out[at] = header
    const afterLength = writeVarint(out, at + 1, body.length + end - start)
    body.copy(out, afterLength)
    if (idOffset >= 0) out.writeUInt16BE(messageId, afterLength + idOffset)
    return afterLength + body.length + payload.copy(out, afterLength + body.length, start, end)
  }
  const maxPayload = (maximumPacketSize?: number) => {
    let most = MAX_REMAINING_LENGTH - body.length
    if (maximumPacketSize === undefined || size(most) <= maximumPacketSize) return most
    if (size(0) > maximumPacketSize) return -1
    // size() grows with the length: the largest length whose packet fits, by bisection
    let fits = 0
    while (fits < most) {
      const mid = Math.ceil((fits + most) / 2)
      if (size(mid) <= maximumPacketSize) fits = mid
      else most = mid - 1
    }
    return fits
  }
  return {
    size,
    maxPayload,
    writeInto,
    frame: (payload, messageId) => {
      const out = Buffer.allocUnsafe(size(payload.length))
      writeInto(out, 0, payload, 0, payload.length, messageId)
      return out
    },
    template: (payload) => {
      const bytes = Buffer.allocUnsafe(size(payload.length))
      writeInto(bytes, 0, payload, 0, payload.length, 0)
      const afterLength = 1 + varintLength(body.length + payload.length)
      return { bytes, idOffset: idOffset >= 0 ? afterLength + idOffset : -1, payloadOffset: afterLength + body.length }
    },
  }
}
