/** The exit status of a bench run or merge, decided after its output is printed. */
import { ConnectionError, MqtxError } from '../errors.js'
import { stoppedBy, stopWord, type StopSignal } from '../signals.js'
import { checkAssertions, describeFailure } from './assert.js'
import type { BenchConfig } from './config.js'
import { metricsOf, type BenchResult } from './result.js'

/** Exit status after the output: interrupted 130, terminated 143, assertions failed 1, lost connections 1. */
export function finish(cfg: BenchConfig, result: BenchResult, stopped?: StopSignal): void {
  if (stopped !== undefined) throw stoppedBy(stopped, `${stopWord(stopped)}: the results above cover the run until ${stopped === 'SIGINT' ? 'Ctrl-C' : stopped}.`)
  const failures = checkAssertions(cfg.assertions, metricsOf(result))
  if (failures.length > 0) {
    throw new MqtxError(`--assert failed (${failures.length} of ${cfg.assertions.length}): ${failures.map(describeFailure).join('; ')}`)
  }
  if (result.totals.connectionsLost > 0) {
    throw new ConnectionError(`${result.totals.connectionsLost} connection(s) were lost during the run.`, { hint: 'see the broker log; the results above are partial' })
  }
}
