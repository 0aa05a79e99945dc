/** The output plan of sub and rr (-F, --json, --human, raw), decided once from the flags and stdout. */
import { UsageError } from '../errors.js'
import type { RawOutputFlags } from '../output/flags.js'
import { planOutput, type OutputPlan } from '../output/render.js'
import { streamWantsColor } from '../output/terminal.js'

/** A bad -F or conflicting output flags: a usage error before anything connects. */
export function outputPlanOrThrow(o: RawOutputFlags): OutputPlan {
  const plan = planOutput(o, process.stdout.isTTY === true, streamWantsColor(process.stdout))
  if (typeof plan === 'string') throw new UsageError(plan)
  return plan
}
