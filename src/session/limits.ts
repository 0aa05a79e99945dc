/**
 * What fits in one PUBLISH, checked before anything is sent: MQTT's own limit (a remaining length of
 * at most 268,435,455 bytes: a usage error, exit 2) and, once connected, the broker's v5 CONNACK
 * Maximum Packet Size (exit 1). A broker closes the connection on a bigger packet, or drops it —
 * at QoS 0 the publisher would never know.
 */
import { MqtxError, UsageError } from '../errors.js'
import { MAX_REMAINING_LENGTH, publishFrameEncoder } from '../mqtt/publish-frame.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import { grouped } from '../output/numbers.js'

export interface PublishShape {
  topic: string
  qos: 0 | 1 | 2
  retain: boolean
  properties: Record<string, unknown> | undefined
  protocolVersion: ProtocolVersion
}

export interface PayloadLimit {
  /** The longest payload that fits (-1: not even an empty one). */
  max: number
  /** The longest payload MQTT itself can carry on this topic (the broker's limit aside). */
  protocolMax: number
  /** The error for input that goes on past `protocolMax` (its length unknown: a pipe, /dev/zero, a long -l line). */
  tooLong(what: string, consequence?: string): UsageError
  /** The error for a payload of `length` bytes that does not fit; `what`: "the message", "line 5"… */
  error(length: number, what: string, consequence?: string): MqtxError
}

export function payloadLimit(shape: PublishShape, maximumPacketSize?: number): PayloadLimit {
  const encoder = publishFrameEncoder(shape.topic, shape.qos, shape.retain, shape.protocolVersion === 5 ? shape.properties : undefined, shape.protocolVersion)
  const protocolMax = encoder.maxPayload()
  const max = encoder.maxPayload(maximumPacketSize)
  const carry = `(${grouped(protocolMax)} bytes on this topic; the remaining length is at most ${grouped(MAX_REMAINING_LENGTH)} bytes)`
  return {
    max,
    protocolMax,
    tooLong: (what, consequence = 'nothing was sent') => new UsageError(`${what} is longer than one MQTT packet can carry ${carry}; ${consequence}.`),
    error: (length, what, consequence = 'nothing was sent') =>
      length > protocolMax
        ? new UsageError(
            `${what} is ${grouped(length)} bytes: more than one MQTT packet can carry ${carry}; ${consequence}.`,
          )
        : new MqtxError(
            `${what} is ${grouped(length)} bytes: as a PUBLISH packet ${grouped(encoder.size(length))} bytes, over the broker's maximum packet size of ${grouped(maximumPacketSize ?? 0)} bytes (CONNACK); ${consequence}.`,
            { hint: `at most ${grouped(Math.max(0, max))} bytes of payload fit on this topic; or raise the broker's max_packet_size` },
          ),
  }
}
