/** `mqtx sub` action: plan, connect (reconnecting after a loss), subscribe, print until done. */
import type { RawSubOptions } from './flags.js'
import { MqtxError } from '../errors.js'
import { StdoutWriter } from '../output/writer.js'
import { openConnection } from '../mqtt/connect.js'
import { RECONNECT_FIRST_MS } from '../mqtt/reconnect.js'
import { decodingFor } from '../session/decoding.js'
import { shutdown, startLifecycle, stdoutClosed, type Lifecycle } from '../session/lifecycle.js'
import { compileMatch } from './match.js'
import { planSub } from './plan.js'
import { subscribeSession } from './session.js'

export async function runSub(options: RawSubOptions): Promise<void> {
  const plan = planSub(options)
  if (options.match !== undefined) plan.match = await compileMatch(options.match)
  const decoding = await decodingFor(options, plan.output)
  let life: Lifecycle | undefined
  // a closed stdout (`| head -1`) ends the run quietly with exit 0; other write errors are failures
  const writer = new StdoutWriter(undefined, (err) => stdoutClosed(err, life))
  const conn = await openConnection(plan.connection, { reconnectPeriodMs: RECONNECT_FIRST_MS })
  life = startLifecycle(conn, {
    ...(plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs }),
    timeoutHint: plan.match !== undefined || options.where !== undefined ? `no message matched ${plan.match !== undefined ? '--match' : '--where'} within -W ${(plan.timeoutMs ?? 0) / 1000} s` : undefined,
  })
  const running = life
  try {
    subscribeSession(conn, plan, writer, running, decoding).catch((err: unknown) => running.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })))
    await running.done
  } finally {
    await shutdown(conn, writer)
  }
}
