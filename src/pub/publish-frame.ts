/**
 * QoS 0 PUBLISH frames for `pub -l`, built from a template that mqtt-packet encodes once.
 *
 * Per message, MQTT.js's publish() (validation, packet object, keepalive bookkeeping, five small
 * writes) costs ~10 µs here; a QoS 0 message has no state to track, so for a stream of them mqtx
 * lets mqtt-packet encode the constant part (topic, v5 properties) once and only prepends the fixed
 * header with the remaining length per message (~0.5 µs). The unit tests check every frame against
 * mqtt-packet's own encoding. QoS 1/2 go through MQTT.js, which tracks their acknowledgements.
 */
import mqttPacket from 'mqtt-packet'

export type FrameEncoder = (payload: Buffer) => Buffer

/** Bytes of MQTT's variable byte integer for `n`. */
function varintLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4
}

function writeVarint(buf: Buffer, offset: number, n: number): number {
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

export function qos0FrameEncoder(topic: string, retain: boolean, properties: Record<string, unknown> | undefined, protocolVersion: 3 | 4 | 5): FrameEncoder {
  const packet = { cmd: 'publish' as const, topic, payload: Buffer.alloc(0), qos: 0 as const, retain, dup: false, ...(protocolVersion === 5 && properties !== undefined ? { properties } : {}) }
  const template = mqttPacket.generate(packet as mqttPacket.IPublishPacket, { protocolVersion })
  const header = template[0] as number
  let lengthBytes = 1
  while (((template[lengthBytes] as number) & 0x80) !== 0) lengthBytes++
  const body = Buffer.from(template.subarray(1 + lengthBytes))
  return (payload) => {
    const remaining = body.length + payload.length
    const frame = Buffer.allocUnsafe(1 + varintLength(remaining) + remaining)
    frame[0] = header
    const at = writeVarint(frame, 1, remaining)
    body.copy(frame, at)
    payload.copy(frame, at + body.length)
    return frame
  }
}
