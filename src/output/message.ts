/** A received message as every output formatter sees it (independent of MQTT.js's packet type). */
import { isUtf8 } from 'node:buffer'

export interface MessageProperties {
  payloadFormatIndicator?: number | boolean
  messageExpiryInterval?: number
  contentType?: string
  responseTopic?: string
  correlationData?: Buffer
  subscriptionIdentifier?: number | number[]
  topicAlias?: number
  /** MQTT.js's shape: one key per name, repeated names as arrays (order within a name kept). */
  userProperties?: Record<string, string | string[]>
}

/** A payload decoded by the codec layer (src/codecs): what --json, -F %c, --select and the human view show. */
export interface DecodedPayload {
  /** 'protobuf pkg.Msg', 'sparkplug', 'gzip+json' … */
  codec: string
  /** JSON-safe value. */
  value: unknown
  /** escapeJson(JSON.stringify(value)), when the codec wrote it directly (raw output: see codecs/json-text.ts). */
  text?: string
  /** --select's result, when --select is given. */
  selected?: unknown
  /** Print the decoded form instead of the raw payload in mosquitto's plain output (--decode, a profile map, --select/--where). */
  replacesPayload: boolean
}

export interface ReceivedMessage {
  topic: string
  payload: Buffer
  qos: 0 | 1 | 2
  retain: boolean
  dup: boolean
  /** 0 for QoS 0, as mosquitto's %m. */
  mid: number
  /** v5 properties as received, undefined when the message carried none. */
  properties?: MessageProperties
  /** Receive time: wall clock in nanoseconds since the epoch. */
  timeNs: bigint
  /** Set by sub/rr when a codec decoded the payload. */
  decoded?: DecodedPayload
}

const startWallNs = BigInt(Date.now()) * 1_000_000n
const startHr = process.hrtime.bigint()

/** Wall-clock time with nanosecond resolution (millisecond-accurate origin, monotonic after). */
export function nowNs(): bigint {
  return startWallNs + (process.hrtime.bigint() - startHr)
}

export function dateOf(timeNs: bigint): Date {
  return new Date(Number(timeNs / 1_000_000n))
}

/** Nanoseconds within the second (0..999,999,999). */
export function nanosOf(timeNs: bigint): number {
  return Number(timeNs % 1_000_000_000n)
}

export function isText(buf: Buffer): boolean {
  return isUtf8(buf)
}

const USER_PROPERTY_ORDER = Symbol.for('mqtx.userPropertyOrder')

/** User properties as [key, value] pairs in arrival order (src/mqtt/user-property-order.ts records it; else first-seen order). */
export function userPropertyPairs(props: MessageProperties | undefined): Array<[string, string]> {
  const ordered = (props?.userProperties as { [USER_PROPERTY_ORDER]?: Array<[string, string]> } | undefined)?.[USER_PROPERTY_ORDER]
  if (ordered !== undefined) return ordered.map(([k, v]) => [k, String(v)])
  const out: Array<[string, string]> = []
  for (const [key, value] of Object.entries(props?.userProperties ?? {})) {
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)])
    else out.push([key, String(value)])
  }
  return out
}

export function hasProperties(props: MessageProperties | undefined): props is MessageProperties {
  return props !== undefined && Object.keys(props).length > 0
}

export function subscriptionIds(props: MessageProperties | undefined): number[] {
  const id = props?.subscriptionIdentifier
  if (id === undefined) return []
  return Array.isArray(id) ? id : [id]
}
