/** `mqtx sub` action: plan, connect (reconnecting after a loss), subscribe, print until done. */
import type { RawSubOptions } from '../commands/sub.js'
import { MqtxError } from '../errors.js'
import { configureLog } from '../output/log.js'
import { StdoutWriter } from '../output/writer.js'
import { openConnection } from '../mqtt/connect.js'
import { RECONNECT_FIRST_MS, shutdown, startLifecycle, type Lifecycle } from './lifecycle.js'
import { compileMatch } from './match.js'
import { planSub } from './plan.js'
import { subscribeSession } from './session.js'

export function stdoutClosed(err: Error & { code?: unknown }, life: Lifecycle | undefined): void {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') life?.finish()
  else life?.fail(new MqtxError(`cannot write to standard output: ${err.message}`, { cause: err }))
}

export async function runSub(options: RawSubOptions): Promise<void> {
  configureLog({ quiet: options.quiet === true, debug: options.debug === true })
  const plan = planSub(options)
  if (options.match !== undefined) plan.match = await compileMatch(options.match)
  let life: Lifecycle | undefined
  // a closed stdout (`| head -1`) ends the run quietly with exit 0; other write errors are failures
  const writer = new StdoutWriter(undefined, (err) => stdoutClosed(err, life))
  const conn = await openConnection(plan.connection, { reconnectPeriodMs: RECONNECT_FIRST_MS })
  life = startLifecycle(conn, {
    ...(plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs }),
    timeoutHint: plan.match !== undefined ? `no message matched --match within -W ${(plan.timeoutMs ?? 0) / 1000} s` : undefined,
  })
  const running = life
  try {
    subscribeSession(conn, plan, writer, running).catch((err: unknown) => running.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })))
    await running.done
  } finally {
    await shutdown(conn, writer)
  }
}
