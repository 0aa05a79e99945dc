/** Validate sub's own flags into a plan before anything connects (every bad input: UsageError, exit 2). */
import type { RawSubOptions } from './flags.js'
import { UsageError } from '../errors.js'
import { outputPlanOrThrow } from '../session/output.js'
import { escapeForTerminal } from '../output/escape.js'
import type { OutputPlan } from '../output/render.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import type { PropertyBag } from '../mqtt/properties.js'
import { validateFilter } from '../mqtt/topic.js'
import type { PayloadMatcher } from './match.js'

export interface SubPlan {
  connection: ConnectionConfig
  filters: string[]
  filterOut: string[]
  unsubscribe: string[]
  qos: 0 | 1 | 2
  count?: number
  timeoutMs?: number
  /** --match, compiled by runSub (match.ts loads the engine only when it is used). */
  match?: PayloadMatcher
  ignoreRetained: boolean
  retainedOnly: boolean
  removeRetained: boolean
  exitAfterSubscribe: boolean
  /** Fraction 0.001..1 of messages printed, or undefined for all. */
  randomFilter?: number
  /** v5 subscription options. */
  noLocal: boolean
  retainAsPublished: boolean
  retainHandling?: 0 | 1 | 2
  subscribeProperties?: PropertyBag
  /** --message-rate: print the count of messages per second instead of the messages. */
  messageRate: boolean
  /** --watch: one line per topic, rewritten in place (stdout is a terminal). */
  watch: boolean
  output: OutputPlan
}

function parseRandomFilter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!/^\d*\.?\d+$/.test(value.trim()) || !(n >= 0.1 && n <= 100)) {
    throw new UsageError(`Invalid --random-filter '${escapeForTerminal(value)}' (use a percentage from 0.1 to 100).`)
  }
  return n / 100
}

export function planSub(o: RawSubOptions): SubPlan {
  const v5Options = [o.local === false ? '--no-local' : '', o.retainAsPublished ? '--retain-as-published' : '', o.retainHandling !== undefined ? '--retain-handling' : ''].filter((x) => x !== '')
  if (v5Options.length > 0 && o.protocolVersion !== undefined && o.protocolVersion !== 5) {
    throw new UsageError(`${v5Options.join(', ')} needs MQTT 5, but -V asks for an older version.`)
  }
  const connection = resolveConnection(v5Options.length > 0 ? { ...o, protocolVersion: o.protocolVersion ?? 5 } : o, { command: 'sub', v5Only: v5Options })
  const filters = [...(o.topic ?? [])]
  if (filters.length === 0 && connection.urlTopic !== undefined) filters.push(connection.urlTopic)
  const unsubscribe = (o.unsubscribe ?? []).map(validateFilter)
  if (filters.length === 0 && unsubscribe.length === 0) {
    throw new UsageError("You must specify a topic to subscribe to (-t), e.g. mqtx sub -t 'home/#' -v")
  }
  filters.forEach(validateFilter)
  const filterOut = (o.filterOut ?? []).map(validateFilter)
  if (o.ignoreRetained && o.retainedOnly) throw new UsageError('-R and --retained-only cannot be used together.')
  let output = outputPlanOrThrow(o)
  if (o.watch) {
    if (o.json || o.human || o.messageRate) throw new UsageError('--watch shows one line per topic: it cannot be used with --json, --human or --message-rate.')
    if (process.stdout.isTTY !== true) throw new UsageError('--watch needs a terminal, and standard output is not one.', { hint: 'without --watch every message is printed on its own line' })
    // the human view spans several lines per message: --watch shows mosquitto's plain line (or -v/-F)
    if (output.mode === 'human') output = { ...output, mode: 'raw' }
  }
  if (o.messageRate && (o.format !== undefined || o.json || o.verbose || o.human)) throw new UsageError('--message-rate prints counts: it cannot be used with -F, --json, -v or --human.')
  const plan: SubPlan = {
    connection,
    filters,
    filterOut,
    unsubscribe,
    qos: o.qos ?? 0,
    ignoreRetained: o.ignoreRetained === true,
    retainedOnly: o.retainedOnly === true,
    removeRetained: o.removeRetained === true,
    exitAfterSubscribe: o.exitAfterSubscribe === true,
    noLocal: o.local === false,
    retainAsPublished: o.retainAsPublished === true,
    messageRate: o.messageRate === true,
    watch: o.watch === true,
    output,
  }
  if (o.count !== undefined) plan.count = o.count
  if (o.timeout !== undefined) plan.timeoutMs = Math.round(o.timeout * 1000)
  const random = parseRandomFilter(o.randomFilter)
  if (random !== undefined) plan.randomFilter = random
  if (o.retainHandling !== undefined) plan.retainHandling = o.retainHandling as 0 | 1 | 2
  if (connection.properties.subscribe !== undefined) plan.subscribeProperties = connection.properties.subscribe
  return plan
}
