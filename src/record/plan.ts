/** Validate record's flags into a plan before anything connects (every bad input: UsageError, exit 2). */
import type { RawRecordOptions } from './flags.js'
import { UsageError } from '../errors.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validateFilter } from '../mqtt/topic.js'

export interface RecordPlan {
  connection: ConnectionConfig
  filters: string[]
  qos: 0 | 1 | 2
  output: string
  rotateBytes?: number
  rotateMs?: number
  force: boolean
  count?: number
  durationMs?: number
  timeoutMs?: number
}

export function planRecord(o: RawRecordOptions): RecordPlan {
  const connection = resolveConnection(o, { command: 'record' })
  const filters = [...(o.topic ?? [])]
  if (filters.length === 0 && connection.urlTopic !== undefined) filters.push(connection.urlTopic)
  if (filters.length === 0) throw new UsageError("You must specify a topic filter to record (-t), e.g. mqtx record -t 'home/#' -o home.ndjson")
  filters.forEach(validateFilter)
  if (o.output === undefined || o.output === '') throw new UsageError('You must name the file to record to (-o), e.g. mqtx record -t \'home/#\' -o home.ndjson', { hint: 'to print messages instead, use mqtx sub --json' })
  if (o.output === '-') throw new UsageError('mqtx record writes a file, not standard output (-o -).', { hint: 'mqtx sub -t FILTER --json prints the same lines on standard output' })
  const plan: RecordPlan = { connection, filters, qos: o.qos ?? 0, output: o.output, force: o.force === true }
  if (o.rotateSize !== undefined) plan.rotateBytes = o.rotateSize
  if (o.rotateEvery !== undefined) plan.rotateMs = Math.round(o.rotateEvery * 1000)
  if (o.count !== undefined) plan.count = o.count
  if (o.duration !== undefined) plan.durationMs = Math.round(o.duration * 1000)
  if (o.timeout !== undefined) plan.timeoutMs = Math.round(o.timeout * 1000)
  return plan
}
