/** Validate rr's flags into a plan before anything connects. MQTT 5 by default; -V 311/31 (mosquitto 2.1) works without properties. */
import { randomBytes } from 'node:crypto'
import type { RawRrOptions } from './flags.js'
import { UsageError } from '../errors.js'
import type { OutputPlan } from '../output/render.js'
import type { PropertyBag } from '../mqtt/properties.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { decodeText } from '../session/payload.js'
import { outputPlanOrThrow } from '../session/output.js'

export type RrPayload = { kind: 'bytes'; payload: Buffer } | { kind: 'file'; path: string } | { kind: 'stdin' }

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
  const given = [o.message !== undefined, o.file !== undefined, o.stdinFile === true, o.nullMessage === true].filter(Boolean).length
  if (given > 1) throw new UsageError('Only one type of message can be sent at once (-m, -f, -s or -n).')
  if (given === 0) throw new UsageError('No request message given: use -m, -f, -s or -n.', { hint: 'e.g. mqtx rr -t svc/req -e svc/resp -m ping' })
  if (o.encoding !== undefined && o.encoding !== 'utf8' && o.message === undefined) throw new UsageError('--encoding applies to -m only.')
  if (o.encode !== undefined && o.encoding !== undefined && o.encoding !== 'utf8') throw new UsageError('--encoding and --encode cannot be used together (--encode hex and --encode base64 do the same).')
  if (o.message !== undefined) return { kind: 'bytes', payload: decodeText(o.message, o.encoding ?? 'utf8', '-m') }
  if (o.file !== undefined) return { kind: 'file', path: o.file }
  if (o.stdinFile === true) return { kind: 'stdin' }
  return { kind: 'bytes', payload: Buffer.alloc(0) }
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
