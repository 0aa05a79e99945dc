/**
 * Read and check the whole input before anything is sent: every line of every file is parsed
 * (session/recording.ts), selected (-t, --since, --until), rewritten (--rewrite, --prefix) and
 * overridden (-q, -r/--no-retain, --no-properties, -D publish); any error names file:line and ends the
 * run with exit 2 before connecting. The selected messages are kept in memory, in input order.
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import type { PublishProperties } from '../mqtt/publish-packet.js'
import type { PropertyBag } from '../mqtt/properties.js'
import { topicMatches, validatePublishTopic } from '../mqtt/topic.js'
import { readRecording } from '../session/recording-read.js'
import type { RecordedMessage, RecordedProperties } from '../session/recording.js'
import type { ReplayPlan, TimeBound } from './plan.js'

export interface ReplayMessage {
  /** Recorded time, ms since the epoch. */
  timeMs: number
  topic: string
  payload: Buffer
  qos: 0 | 1 | 2
  retain: boolean
  properties?: PublishProperties
}

export interface Loaded {
  messages: ReplayMessage[]
  /** message lines read, selected or not */
  read: number
  payloadBytes: number
}

/** -D publish's properties (MQTT.js's shape) in the recording's shape. */
function extraProperties(bag: PropertyBag): RecordedProperties {
  const p: RecordedProperties = {}
  if (bag.topicAlias !== undefined) throw new UsageError('-D publish topic-alias cannot be used with replay (every message names its topic).')
  if (typeof bag.payloadFormatIndicator === 'boolean') p.payloadFormatIndicator = bag.payloadFormatIndicator
  if (typeof bag.messageExpiryInterval === 'number') p.messageExpiryInterval = bag.messageExpiryInterval
  if (typeof bag.contentType === 'string') p.contentType = bag.contentType
  if (typeof bag.responseTopic === 'string') p.responseTopic = bag.responseTopic
  if (Buffer.isBuffer(bag.correlationData)) p.correlationData = bag.correlationData
  const user = bag.userProperties as Record<string, string | string[]> | undefined
  if (user !== undefined) {
    p.userProperties = []
    for (const key of Object.keys(user)) for (const v of ([] as string[]).concat(user[key] ?? [])) p.userProperties.push([key, v])
  }
  return p
}

function mergeProperties(recorded: RecordedProperties | undefined, extra: RecordedProperties | undefined): PublishProperties | undefined {
  if (extra === undefined) return recorded
  const merged: PublishProperties = { ...recorded, ...extra }
  if (recorded?.userProperties !== undefined && extra.userProperties !== undefined) merged.userProperties = [...recorded.userProperties, ...extra.userProperties]
  return merged
}

const MAX_TOPICS_REMEMBERED = 10_000

function boundMs(bound: TimeBound, firstMs: number): number {
  return 'at' in bound ? bound.at : firstMs + bound.offset
}

export async function loadRecordings(plan: ReplayPlan): Promise<Loaded> {
  const messages: ReplayMessage[] = []
  const extra = plan.extraProperties === undefined ? undefined : extraProperties(plan.extraProperties)
  let firstMs: number | undefined
  let since = Number.NEGATIVE_INFINITY
  let until = Number.POSITIVE_INFINITY
  let read = 0
  let payloadBytes = 0
  const validTopics = new Set<string>()
  const take = (msg: RecordedMessage, where: string) => {
    read++
    if (firstMs === undefined) {
      firstMs = msg.timeMs
      if (plan.since !== undefined) since = boundMs(plan.since, firstMs)
      if (plan.until !== undefined) until = boundMs(plan.until, firstMs)
    }
    if (msg.timeMs < since || msg.timeMs > until) return
    if (plan.filters.length > 0 && !plan.filters.some((f) => topicMatches(f, msg.topic))) return
    let topic = msg.topic
    for (const { from, to } of plan.rewrites) topic = topic.replace(from, to)
    topic = plan.prefix + topic
    try {
      // recordings repeat a few topics many times: each is checked once
      if (!validTopics.has(topic)) {
        validatePublishTopic(topic, 'topic')
        if (validTopics.size < MAX_TOPICS_REMEMBERED) validTopics.add(topic)
      }
    } catch (err) {
      if (topic === msg.topic) throw new UsageError(`${where}: ${(err as Error).message}`, { cause: err })
      throw new UsageError(`${where}: '${escapeForTerminal(msg.topic)}' rewritten is not a topic: ${(err as Error).message}`, { cause: err, hint: 'check --rewrite and --prefix' })
    }
    const out: ReplayMessage = { timeMs: msg.timeMs, topic, payload: msg.payload, qos: plan.qos ?? msg.qos, retain: plan.retain ?? msg.retain }
    const properties = mergeProperties(plan.keepProperties ? msg.properties : undefined, extra)
    if (properties !== undefined) out.properties = properties
    messages.push(out)
    payloadBytes += msg.payload.length
  }
  for (const file of plan.files) await readRecording(file, take)
  return { messages, read, payloadBytes }
}
