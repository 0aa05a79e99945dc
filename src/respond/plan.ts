/** Validate respond's flags into a plan before anything connects. */
import { UsageError } from '../errors.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validateFilter, validatePublishTopic } from '../mqtt/topic.js'
import { payloadSource, type PayloadSource } from '../session/payload.js'
import { checkCommand } from './exec.js'
import type { RawRespondOptions } from './flags.js'

export type ReplySource =
  | { kind: 'fixed'; payload: Exclude<PayloadSource, { kind: 'lines' }> }
  | { kind: 'template'; text: string }
  | { kind: 'exec'; argv: string[]; timeoutMs: number }

export interface RespondPlan {
  connection: ConnectionConfig
  filters: string[]
  responseTopic?: string
  qos: 0 | 1 | 2
  count?: number
  timeoutMs?: number
  concurrency: number
  reply: ReplySource
  verbose: boolean
}

const HINT = "e.g. mqtx respond -t 'svc/time/req' -m now, or mqtx respond -t svc/calc -- ./calc.sh"

function replySource(o: RawRespondOptions, argv: string[]): ReplySource {
  const fixed = o.message !== undefined || o.file !== undefined || o.stdinFile === true || o.nullMessage === true
  const kinds = [fixed, o.template !== undefined, argv.length > 0].filter(Boolean).length
  if (kinds > 1) throw new UsageError('Give one kind of reply: -m/-f/-s/-n (fixed), --template, or a command after --.', { hint: HINT })
  if (o.execTimeout !== undefined && argv.length === 0) throw new UsageError('--exec-timeout applies to a command after -- only.')
  if (o.encoding !== undefined && o.message === undefined) throw new UsageError('--encoding applies to -m only.')
  if (argv.length > 0) {
    checkCommand(argv)
    return { kind: 'exec', argv, timeoutMs: Math.round((o.execTimeout ?? 10) * 1000) }
  }
  if (o.template !== undefined) return { kind: 'template', text: o.template }
  if (!fixed) throw new UsageError('No reply given: use -m, -f, -s or -n (a fixed payload), --template, or a command after --.', { hint: HINT })
  const source = payloadSource({ ...o, stdinLine: false }, { noun: 'reply', lines: false, hint: HINT })
  if (source.kind === 'lines') throw new Error('unreachable: respond has no -l')
  return { kind: 'fixed', payload: source }
}

/**
 * `operands`: what came after `--` (the command); anything before it is refused, so that a command's
 * own options (`jq -c`) are never taken for mqtx's.
 */
export function planRespond(o: RawRespondOptions, operands: string[], afterDashDash: boolean): RespondPlan {
  if (operands.length > 0 && !afterDashDash) {
    throw new UsageError(`unexpected argument '${operands[0] ?? ''}': a command to run goes after --.`, { hint: 'e.g. mqtx respond -t svc/calc -- jq -c "{sum: (.a + .b)}"' })
  }
  const connection = resolveConnection(o, { command: 'respond' })
  const filters = [...(o.topic ?? []), ...(connection.urlTopic === undefined ? [] : [connection.urlTopic])]
  if (filters.length === 0) throw new UsageError('No request topic given: use -t <filter> (repeatable).', { hint: HINT })
  for (const f of filters) validateFilter(f)
  if (o.responseTopic !== undefined) validatePublishTopic(o.responseTopic, 'response topic')
  const plan: RespondPlan = {
    connection,
    filters,
    qos: o.qos ?? 0,
    concurrency: o.concurrency ?? 1,
    reply: replySource(o, operands),
    verbose: o.verbose === true,
  }
  if (o.responseTopic !== undefined) plan.responseTopic = o.responseTopic
  if (o.count !== undefined) plan.count = o.count
  if (o.timeout !== undefined) plan.timeoutMs = Math.round(o.timeout * 1000)
  return plan
}
