/** Validate replay's flags into a plan before anything is read or connected (bad input: UsageError, exit 2). */
import type { RawReplayOptions } from './flags.js'
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { durationSeconds } from '../mqtt/parsers.js'
import type { PropertyBag } from '../mqtt/properties.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validateFilter } from '../mqtt/topic.js'
import { reconnectTimeoutMs } from '../session/link.js'
import { checkStdinReadable } from '../session/stdin.js'

/** --since/--until: a time, or an offset from the first message of the input. */
export type TimeBound = { at: number } | { offset: number }

export interface ReplayPlan {
  files: string[]
  connection: ConnectionConfig
  /** Infinity: --speed max. */
  speed: number
  /** 0: until interrupted. */
  loops: number
  since?: TimeBound
  until?: TimeBound
  filters: string[]
  rewrites: Array<{ from: RegExp; to: string }>
  prefix: string
  qos?: 0 | 1 | 2
  retain?: boolean
  keepProperties: boolean
  /** -D publish …: added to (or replacing) every message's properties. */
  extraProperties?: PropertyBag
  dryRun: boolean
  /** After a lost connection: how long to keep reconnecting (0: give up at once). */
  reconnectTimeoutMs: number
}

export function parseTimeBound(value: string, flag: string): TimeBound {
  const seconds = durationSeconds(value)
  if (seconds !== undefined) return { offset: seconds * 1000 }
  // a date alone is not taken: Date.parse reads it as UTC midnight, which surprises
  const at = /^\d{4}-\d{2}-\d{2}T/.test(value.trim()) ? Date.parse(value) : Number.NaN
  if (Number.isNaN(at)) throw new UsageError(`Invalid ${flag} '${escapeForTerminal(value)}': use an ISO time (2026-11-26T10:00:00Z) or a duration from the first message (90s, 5m, 1h).`)
  return { at }
}

function compileRewrite(from: string, to: string): { from: RegExp; to: string } {
  try {
    const re = new RegExp(from, 'u')
    // V8 compiles a pattern at its first use: one nested too deeply (a stack overflow) is found now,
    // not as an internal error at the first message
    re.test('')
    return { from: re, to }
  } catch (err) {
    throw new UsageError(`Invalid --rewrite pattern '${escapeForTerminal(from)}': ${(err as Error).message}`, { cause: err })
  }
}

export function planReplay(files: string[], o: RawReplayOptions): ReplayPlan {
  if (files.length === 0) throw new UsageError('You must name the recording(s) to replay, e.g. mqtx replay home.ndjson', { hint: '- reads standard input' })
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be named only once.')
  if (files.includes('-')) checkStdinReadable()
  const connection = resolveConnection(o, { command: 'replay' })
  const filters = (o.topic ?? []).map(validateFilter)
  if (o.dryRun && o.loop === 0) throw new UsageError('--dry-run with --loop 0 would print for ever: give --loop a count.')
  const plan: ReplayPlan = {
    files,
    connection,
    speed: o.speed ?? 1,
    loops: o.loop ?? 1,
    filters,
    rewrites: (o.rewrite ?? []).map(([from, to]) => compileRewrite(from, to)),
    prefix: o.prefix ?? '',
    keepProperties: o.properties !== false,
    dryRun: o.dryRun === true,
    reconnectTimeoutMs: reconnectTimeoutMs(o.reconnectTimeout),
  }
  if (o.since !== undefined) plan.since = parseTimeBound(o.since, '--since')
  if (o.until !== undefined) plan.until = parseTimeBound(o.until, '--until')
  if (o.qos !== undefined) plan.qos = o.qos
  if (o.retain !== undefined) plan.retain = o.retain
  if (connection.properties.publish !== undefined) plan.extraProperties = connection.properties.publish
  return plan
}
