/**
 * --dry-run: what replay would send, one line per message in the recording format (src/output/json.ts,
 * so it can be replayed again), with `delayMs`: when it would be sent, in ms from the start.
 */
import { jsonRecord } from '../output/json.js'
import { escapeJson } from '../output/escape.js'
import type { MessageProperties, ReceivedMessage } from '../output/message.js'
import { writeOut } from '../output/stdout.js'
import { USER_PROPERTY_ORDER } from '../mqtt/user-property-order.js'
import type { PublishProperties } from '../mqtt/publish-packet.js'
import type { ReplayMessage } from './load.js'
import { timeline } from './timeline.js'

function receivedShape(p: PublishProperties): MessageProperties {
  const out: MessageProperties = {}
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval
  if (p.contentType !== undefined) out.contentType = p.contentType
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic
  if (p.correlationData !== undefined) out.correlationData = p.correlationData
  if (p.userProperties !== undefined) {
    const user = Object.create(null) as Record<string, string | string[]>
    for (const [k, v] of p.userProperties) {
      const had = user[k]
      user[k] = had === undefined ? v : ([] as string[]).concat(had, v)
    }
    Object.defineProperty(user, USER_PROPERTY_ORDER, { value: p.userProperties })
    out.userProperties = user
  }
  return out
}

export function dryRunLine(msg: ReplayMessage, delayMs: number): string {
  const received: ReceivedMessage = { topic: msg.topic, payload: msg.payload, qos: msg.qos, retain: msg.retain, dup: false, mid: 0, timeNs: BigInt(msg.timeMs) * 1_000_000n }
  if (msg.properties !== undefined) received.properties = receivedShape(msg.properties)
  const { dup: _dup, mid: _mid, ...record } = jsonRecord(received)
  return `${escapeJson(JSON.stringify({ delayMs: Math.round(delayMs * 1000) / 1000, ...record }))}\n`
}

export function printDryRun(messages: readonly ReplayMessage[], speed: number, loops: number): void {
  const times = timeline(messages, speed)
  for (let loop = 0; loop < loops; loop++) {
    for (let i = 0; i < messages.length; i++) writeOut(dryRunLine(messages[i] as ReplayMessage, times.due(loop, i)))
  }
}
