/** Validate rr's flags into a plan before anything connects. MQTT 5 by default; -V 311/31 (mosquitto 2.1) works without properties. */
import { randomBytes } from 'node:crypto'
import type { RawRrOptions } from './flags.js'
import { escapeForTerminal } from '../output/escape.js'
import { UsageError } from '../errors.js'
import type { OutputPlan } from '../output/render.js'
import type { PropertyBag } from '../mqtt/properties.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { payloadSource, type PayloadSource } from '../session/payload.js'
import { outputPlanOrThrow } from '../session/output.js'

export type RrPayload = Exclude<PayloadSource, { kind: 'lines' }>

export interface RrPlan {
  connection: ConnectionConfig
  topic: string
  responseTopic: string
  qos: 0 | 1 | 2
  count: number
  timeoutMs?: number
  payload: RrPayload
  /** undefined over MQTT 3.1/3.1.1: there is nothing to match, the first messages on -e are the responses. */
  correlationData?: Buffer
  properties: PropertyBag
  latency: boolean
  retainHandling?: 0 | 1 | 2
  output: OutputPlan
}

function payloadOf(o: RawRrOptions): RrPayload {
  const source = payloadSource({ ...o, stdinLine: false }, { noun: 'request message', lines: false, hint: 'e.g. mqtx rr -t svc/req -e svc/resp -m ping' })
  if (source.kind === 'lines') throw new Error('unreachable: rr has no -l')
  return source
}

export function planRr(o: RawRrOptions): RrPlan {
  const v3 = o.protocolVersion !== undefined && o.protocolVersion !== 5
  if (v3 && o.retainHandling !== undefined) throw new UsageError('--retain-handling needs MQTT 5, but -V asks for an older version.')
  const connection = v3
    ? resolveConnection(o, { command: 'rr' })
    : resolveConnection({ ...o, protocolVersion: 5 }, { command: 'rr', v5Only: ['mqtx rr (response topic and correlation data)'] })
  const topic = o.topic ?? connection.urlTopic
  if (topic === undefined) throw new UsageError('No request topic given: use -t <topic>.', { hint: 'e.g. mqtx rr -t svc/req -e svc/resp -m ping' })
  validatePublishTopic(topic)
  if (o.responseTopic === undefined) throw new UsageError('No response topic given: use -e <topic>.', { hint: 'e.g. mqtx rr -t svc/req -e svc/resp -m ping' })
  validatePublishTopic(o.responseTopic, 'response topic')
  if (o.responseTopic === topic) throw new UsageError(`-t and -e are the same topic '${escapeForTerminal(topic)}': rr would take its own request as the response.`, { hint: 'answer on another topic, e.g. -t svc/req -e svc/resp' })
  const properties: PropertyBag = { ...(connection.properties.publish ?? {}) }
  const plan: RrPlan = {
    connection,
    topic,
    responseTopic: o.responseTopic,
    qos: o.qos ?? 0,
    count: o.count ?? 1,
    payload: payloadOf(o),
    properties,
    output: outputPlanOrThrow(o),
    latency: o.latency === true,
  }
  if (!v3) {
    const given = properties.correlationData
    plan.correlationData = Buffer.isBuffer(given) ? given : Buffer.from(randomBytes(8).toString('hex'))
    properties.correlationData = plan.correlationData
    properties.responseTopic = o.responseTopic
  }
  if (o.retainHandling !== undefined) plan.retainHandling = o.retainHandling
  if (o.timeout !== undefined) plan.timeoutMs = Math.round(o.timeout * 1000)
  return plan
}
