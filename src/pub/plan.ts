/** Validate pub's own flags into a plan before anything connects. */
import { UsageError } from '../errors.js'
import { requireEncodeForSchema } from '../codecs/options.js'
import type { RawPubOptions } from './flags.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { addUserProperty, type PropertyBag } from '../mqtt/properties.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { escapeForTerminal } from '../output/escape.js'
import { reconnectTimeoutMs } from '../session/link.js'
import { payloadSource, type PayloadSource } from '../session/payload.js'



export type { PayloadSource }

export interface PubPlan {
  connection: ConnectionConfig
  topic: string
  qos: 0 | 1 | 2
  retain: boolean
  repeat: number
  repeatDelayMs: number
  /** After a lost connection: how long to keep reconnecting (0: give up at once). */
  reconnectTimeoutMs: number
  source: PayloadSource
  /** v5 publish properties (-D publish … and the long forms). */
  properties: PropertyBag
}

function pubPayloadSource(o: RawPubOptions): PayloadSource {
  const source = payloadSource(o, { noun: 'message', lines: true, hint: 'e.g. mqtx pub -t home/temperature -m 25.5' })
  requireEncodeForSchema(o, 'mqtx pub -t t --encode protobuf --proto s.proto --type pkg.Msg -m \'{"temp":25.5}\'')
  return source
}

function publishProperties(o: RawPubOptions, fromD: PropertyBag | undefined): PropertyBag {
  const props: PropertyBag = { ...(fromD ?? {}) }
  if (o.contentType !== undefined) props.contentType = o.contentType
  if (o.correlationData !== undefined) props.correlationData = Buffer.from(o.correlationData, 'utf8')
  if (o.messageExpiry !== undefined) props.messageExpiryInterval = o.messageExpiry
  if (o.payloadFormatIndicator === true) props.payloadFormatIndicator = true
  if (o.responseTopic !== undefined) props.responseTopic = validatePublishTopic(o.responseTopic, 'response topic')
  if (o.topicAlias !== undefined) props.topicAlias = o.topicAlias
  for (const pair of o.userProperty ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) throw new UsageError(`--user-property '${escapeForTerminal(pair)}' must be key=value.`)
    addUserProperty(props, pair.slice(0, eq), pair.slice(eq + 1))
  }
  return props
}

/** The publish-property flags, for "… needs MQTT 5" when a broker refuses v5. */
const V5_PUBLISH_FLAGS = {
  contentType: '--content-type',
  correlationData: '--correlation-data',
  messageExpiry: '--message-expiry',
  payloadFormatIndicator: '--payload-format-indicator',
  responseTopic: '--response-topic',
  topicAlias: '--topic-alias',
  userProperty: '--user-property',
} as const satisfies Partial<Record<keyof RawPubOptions, string>>

export function planPub(o: RawPubOptions): PubPlan {
  const v5Only = (Object.keys(V5_PUBLISH_FLAGS) as Array<keyof typeof V5_PUBLISH_FLAGS>).filter((key) => o[key] !== undefined && o[key] !== false).map((key) => V5_PUBLISH_FLAGS[key])
  if (v5Only.length > 0 && o.protocolVersion !== undefined && o.protocolVersion !== 5) {
    throw new UsageError('MQTT 5 publish properties need MQTT 5, but -V asks for an older version.')
  }
  // the long forms imply v5 just like -D does
  const connection = resolveConnection(v5Only.length > 0 ? { ...o, protocolVersion: o.protocolVersion ?? 5 } : o, { command: 'pub', v5Only })
  const topic = o.topic ?? connection.urlTopic
  if (topic === undefined) throw new UsageError('No topic given: use -t <topic> (or -L with a topic).', { hint: 'e.g. mqtx pub -t home/temperature -m 25.5' })
  validatePublishTopic(topic)
  const source = pubPayloadSource(o)
  if (source.kind === 'lines' && (o.repeat !== undefined || o.repeatDelay !== undefined)) {
    throw new UsageError('--repeat and --repeat-delay cannot be used with -l.')
  }
  return {
    connection,
    topic,
    qos: o.qos ?? 0,
    retain: o.retain === true,
    repeat: o.repeat ?? 1,
    repeatDelayMs: Math.round((o.repeatDelay ?? 0) * 1000),
    reconnectTimeoutMs: reconnectTimeoutMs(o.reconnectTimeout),
    source,
    properties: publishProperties(o, connection.properties.publish),
  }
}
