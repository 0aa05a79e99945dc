/** `mqtx simulate` action: plan, then a dry run (stdout) or connections + the open-loop load, then a summary on stderr. */
import { MqtxError, TimeoutError } from '../errors.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import { followReconnects, RECONNECT_FIRST_MS } from '../mqtt/reconnect.js'
import { liveLine } from '../output/live-line.js'
import { logInfo } from '../output/log.js'
import { writeOut } from '../output/stdout.js'
import { StdoutWriter } from '../output/writer.js'
import { intendedUs, nowUs, type Schedule } from '../session/schedule.js'
import { exitCodeFor, exitNow, onStopSignal, stoppedBy, stopWord, type StopSignal } from '../signals.js'
import type { RawSimulateOptions } from './flags.js'
import { Load, newSlot, type LoadStats, type Slot } from './load.js'
import { newDevice, planSimulate, type SimulatePlan } from './plan.js'
import type { SimMessage } from './source.js'
import { grouped } from '../output/numbers.js'

const CONNECT_CONCURRENCY = 32
/** After the load: how long to wait for the acknowledgements still due. */
const DRAIN_MS = 5000

export async function runSimulate(raw: RawSimulateOptions): Promise<void> {
  if (raw.listScenarios === true) {
    const { describeScenarios } = await import('./scenarios.js')
    writeOut(describeScenarios())
    return
  }
  const plan = await planSimulate(raw)
  if (plan.dryRun) await dryRun(plan)
  else await liveRun(plan)
}

/** --dry-run: every message as `topic payload` on stdout, at its scheduled time but without waiting for it. */
async function dryRun(plan: SimulatePlan): Promise<void> {
  let stopped: StopSignal | undefined
  const removeStop = onStopSignal((s) => (stopped = s))
  const writer = new StdoutWriter()
  const show = (m: SimMessage) => {
    writer.write(`${m.topic} `)
    writer.write(m.payload)
    writer.write('\n')
  }
  try {
    const startUs = nowUs()
    const schedule: Schedule = { startUs, rate: plan.rate, rampUpS: plan.rampUpS, publishers: plan.devices }
    const endUs = plan.durationS === undefined ? Infinity : startUs + plan.durationS * 1e6
    const devices = Array.from({ length: plan.devices }, (_, i) => newDevice(i, plan.seed))
    for (const m of plan.source.births?.(devices, startUs / 1000) ?? []) show(m)
    let lastMs = startUs / 1000
    let turnStartMs = performance.now()
    for (let n = 0; n < (plan.count ?? Infinity); n++) {
      const at = intendedUs(schedule, n)
      if (at > endUs) break
      const dev = devices[n % plan.devices] as (typeof devices)[number]
      const m = plan.source.next(dev, at / 1000)
      dev.seq++
      lastMs = at / 1000
      if (m !== undefined) show(m)
      // every 1,024 messages, or 50 ms of a slow --module
      if (n % 1024 === 1023 || performance.now() - turnStartMs > 50) {
        // let a signal or a closed pipe in, and wait while stdout is behind
        await new Promise<void>((resolve) => setImmediate(() => writer.whenReady(resolve)))
        if (stopped !== undefined || writer.closed) break
        turnStartMs = performance.now()
      }
    }
    for (const m of plan.source.deaths?.(lastMs) ?? []) show(m)
    await writer.end()
  } finally {
    removeStop()
  }
  if (stopped !== undefined) throw stoppedBy(stopped)
}

/**
 * Opens plan.connections connections, CONNECT_CONCURRENCY at a time. After a failure or a stop
 * request no new attempt starts, and the ones under way are waited for, so that every connection
 * that did open is in `opened` for the caller to close (else the process would stay alive).
 */
async function connectAll(plan: SimulatePlan, opened: Connection[], halted: () => boolean): Promise<void> {
  let next = 0
  let done = 0
  let failed = false
  // thousands of connections take seconds: on a terminal, a live count (ora, stderr; never in a pipe)
  const progress = liveLine(plan.connections > 1)
  progress.update(`connecting 0 of ${plural(plan.connections, 'connection')}`)
  const worker = async () => {
    while (next < plan.connections && !failed && !halted()) {
      const k = next++
      try {
        opened[k] = await openConnection({ ...plan.connection, clientId: plan.clientId(k) }, { reconnectPeriodMs: RECONNECT_FIRST_MS })
        progress.update(`connecting ${grouped(++done)} of ${plural(plan.connections, 'connection')}`)
      } catch (err) {
        failed = true
        throw err
      }
    }
  }
  const results = await Promise.allSettled(Array.from({ length: Math.min(CONNECT_CONCURRENCY, plan.connections) }, worker))
  progress.stop()
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failure !== undefined) throw failure.reason
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`
}

/** Made, meant to be sent, and neither confirmed nor counted as an error. */
const unconfirmed = (s: LoadStats) => s.made - s.skipped - s.sent - s.rejected - s.dropped

export function summary(plan: SimulatePlan, s: LoadStats): string {
  const secs = Math.max(0, (s.endUs - s.startUs) / 1e6)
  const rate = secs > 0 ? s.made / secs : 0
  const errors = s.rejected + s.dropped
  const parts = [
    `${plural(s.sent, 'message')} sent${s.extra > 0 ? ` (+${s.extra} births/deaths)` : ''} by ${plural(plan.devices, 'device')} on ${plural(plan.connections, 'connection')} in ${secs.toFixed(secs < 10 ? 2 : 1)} s (${rate.toFixed(1)} msg/s)`,
    errors === 0 ? '0 errors' : `${plural(errors, 'error')} (${s.rejected} refused, ${s.dropped} not sent: connection down)`,
  ]
  if (s.skipped > 0) parts.push(`${s.skipped} skipped by the generator`)
  if (unconfirmed(s) > 0) parts.push(`${unconfirmed(s)} not confirmed`)
  parts.push(`seed ${plan.seed}`)
  return parts.join('; ')
}

async function liveRun(plan: SimulatePlan): Promise<void> {
  const { source } = plan
  let load: Load | undefined
  let stopped: StopSignal | undefined
  let timedOut = false
  let stopConnecting: () => void = () => {}
  const removeStop = onStopSignal((signal) => {
    stopped = signal
    load?.stop()
    stopConnecting()
  })
  const opened: Connection[] = []
  const follows: Array<{ stop: () => void }> = []
  let failure: MqtxError | undefined
  let timer: NodeJS.Timeout | undefined
  try {
    const halted = () => stopped !== undefined
    // stopped while connecting (an attempt under way may fail meanwhile): nothing was sent, no summary
    const whileConnecting = (signal: StopSignal) => stoppedBy(signal, `${stopWord(signal)} while connecting: nothing was sent.`)
    // a signal does not wait for the attempts under way (a broker that accepts and never answers
    // held it until --connect-timeout); openConnection cannot be cancelled, so once cli.ts has said
    // so, the process does not wait for them either
    const connecting = connectAll(plan, opened, halted)
    connecting.catch(() => {})
    try {
      await Promise.race([connecting, new Promise<void>((resolve) => (stopConnecting = resolve))])
    } catch (err) {
      if (stopped === undefined) throw err
    }
    stopConnecting = () => {}
    if (stopped !== undefined) {
      exitNow(exitCodeFor(stopped), 200)
      throw whileConnecting(stopped)
    }
    const slots: Slot[] = opened.map((conn) => newSlot(plan, conn))
    const devices = Array.from({ length: plan.devices }, (_, i) => newDevice(i, plan.seed))
    const current = new Load(plan, slots, devices)
    load = current
    const births = () => {
      for (const m of source.births?.(devices, Date.now()) ?? []) current.publish(slots[0] as Slot, m, true)
    }
    for (const [k, slot] of slots.entries()) {
      follows.push(
        followReconnects(slot.conn, {
          onLost: () => (plan.connections === 1 ? undefined : `connection ${k} (${slot.conn.config.clientId}) lost`),
          onBack: () => {
            logInfo(plan.connections === 1 ? 'reconnected' : `connection ${k} reconnected`)
            // a Sparkplug node is born again on each new connection
            births()
          },
          onRefused: (err) => {
            failure = err
            current.stop()
          },
        }),
      )
    }
    if (plan.timeoutS !== undefined) {
      timer = setTimeout(() => {
        timedOut = true
        current.stop()
      }, plan.timeoutS * 1000)
    }
    if (stopped !== undefined) current.stop()
    births()
    try {
      await current.run(nowUs() + 5000)
    } catch (err) {
      failure = err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })
    }
    await current.drain(DRAIN_MS)
    for (const m of source.deaths?.(Date.now()) ?? []) current.publish(slots[0] as Slot, m, true)
    await current.drain(DRAIN_MS)
  } finally {
    clearTimeout(timer)
    removeStop()
    for (const f of follows) f.stop()
    await Promise.all(opened.map((c) => closeConnection(c, { force: !c.client.connected })))
  }
  if (load !== undefined) logInfo(summary(plan, load.stats))
  if (failure !== undefined) throw failure
  if (stopped !== undefined) throw stoppedBy(stopped, `${stopWord(stopped)}: the summary above covers the run until then.`)
  if (timedOut) throw new TimeoutError('Timed out', { hint: `${plan.count === undefined ? 'the run was still going' : `-C ${plan.count} was not reached`} after -W ${plan.timeoutS ?? 0} s` })
  const s = load?.stats
  if (s === undefined) return
  if (s.rejected + s.dropped > 0) throw new MqtxError(`${plural(s.rejected + s.dropped, 'message')} could not be sent (see above).`)
  if (unconfirmed(s) > 0) throw new MqtxError(`${plural(unconfirmed(s), 'message')} ${unconfirmed(s) === 1 ? 'was' : 'were'} not confirmed within ${DRAIN_MS / 1000} s of the end.`, { hint: 'the broker is behind or the connection stalled' })
}
