/**
 * --json: one lossless JSON object per message, for jq and scripts.
 *
 *   {"time":"2026-11-24T19:47:59.468Z","topic":"a/b","qos":1,"retain":false,"dup":false,"mid":7,
 *    "payloadLength":5,"payload":"hello","properties":{…}}
 *
 * - payload: the text when it is valid UTF-8; otherwise base64 and `"encoding":"base64"`.
 *   Decoding it always gives back the exact bytes.
 * - properties (only when the message has v5 properties), MQTT.js's names: contentType,
 *   responseTopic, messageExpiryInterval, payloadFormatIndicator, topicAlias,
 *   subscriptionIdentifiers (always an array), correlationData (text, or base64 with
 *   correlationDataEncoding "base64"), userProperties as [key, value] pairs (duplicates kept, in
 *   arrival order: src/mqtt/user-property-order.ts).
 * - codec + decoded (when a codec decoded the payload: --decode, a profile map, the content-type or
 *   a Sparkplug topic) and selected (--select's result). `payload` is always there, unchanged.
 */
import { escapeJson } from './escape.js'
import { hasProperties, isText, subscriptionIds, userPropertyPairs, type ReceivedMessage } from './message.js'

export interface JsonRecord {
  time: string
  topic: string
  qos: number
  retain: boolean
  dup: boolean
  mid?: number
  payloadLength: number
  encoding?: 'base64'
  payload: string
  properties?: Record<string, unknown>
  /** The codec that decoded the payload, its decoded value and --select's result (payload stays lossless). */
  codec?: string
  decoded?: unknown
  selected?: unknown
}

function jsonProperties(msg: ReceivedMessage): Record<string, unknown> | undefined {
  const p = msg.properties
  if (!hasProperties(p)) return undefined
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(p)) {
    if (value === undefined) continue
    if (key === 'userProperties') out.userProperties = userPropertyPairs(p)
    else if (key === 'subscriptionIdentifier') out.subscriptionIdentifiers = subscriptionIds(p)
    else if (key === 'payloadFormatIndicator') out.payloadFormatIndicator = Number(value)
    else if (Buffer.isBuffer(value)) {
      if (isText(value)) out[key] = value.toString('utf8')
      else {
        out[key] = value.toString('base64')
        out[`${key}Encoding`] = 'base64'
      }
    } else out[key] = value
  }
  return out
}

export function jsonRecord(msg: ReceivedMessage): JsonRecord {
  const text = isText(msg.payload)
  const props = jsonProperties(msg)
  return {
    time: new Date(Number(msg.timeNs / 1_000_000n)).toISOString(),
    topic: msg.topic,
    qos: msg.qos,
    retain: msg.retain,
    dup: msg.dup,
    ...(msg.qos > 0 ? { mid: msg.mid } : {}),
    payloadLength: msg.payload.length,
    ...(text ? {} : { encoding: 'base64' as const }),
    payload: msg.payload.toString(text ? 'utf8' : 'base64'),
    ...(props === undefined ? {} : { properties: props }),
    ...(msg.decoded === undefined ? {} : { codec: msg.decoded.codec, decoded: msg.decoded.value, ...('selected' in msg.decoded ? { selected: msg.decoded.selected } : {}) }),
  }
}

export function jsonLine(msg: ReceivedMessage): string {
  return `${escapeJson(JSON.stringify(jsonRecord(msg)))}\n`
}

/** The exact payload bytes back from a record (what a consumer does). */
export function payloadOf(record: Pick<JsonRecord, 'payload' | 'encoding'>): Buffer {
  return Buffer.from(record.payload, record.encoding === 'base64' ? 'base64' : 'utf8')
}
