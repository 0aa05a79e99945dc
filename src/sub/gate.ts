/** Which received messages sub prints and counts, in mosquitto_sub's order of checks. */
import type { ReceivedMessage } from '../output/message.js'
import { topicMatches } from '../mqtt/topic.js'
import type { SubPlan } from './plan.js'

export type Verdict =
  /** print it (and count it for -C) */
  | 'print'
  /** not printed, not counted */
  | 'skip'
  /** --retained-only met a live message: the retained backlog is over */
  | 'end'

export interface GateOptions {
  random?: () => number
}

export function gate(plan: SubPlan, msg: ReceivedMessage, options: GateOptions = {}): Verdict {
  if (plan.retainedOnly && !msg.retain) return 'end'
  if (plan.ignoreRetained && msg.retain) return 'skip'
  for (const f of plan.filterOut) if (topicMatches(f, msg.topic)) return 'skip'
  if (plan.match !== undefined && !plan.match.test(msg.payload.toString('utf8'))) return 'skip'
  if (plan.randomFilter !== undefined && (options.random ?? Math.random)() >= plan.randomFilter) return 'skip'
  return 'print'
}

/** --remove-retained clears retained messages that pass -T (as mosquitto). */
export function shouldClear(plan: SubPlan, msg: ReceivedMessage): boolean {
  if (!plan.removeRetained || !msg.retain || msg.payload.length === 0) return false
  return !plan.filterOut.some((f) => topicMatches(f, msg.topic))
}
