/** `mqtx bench pubsub|pub|sub`: connect every part (threads), start them together, merge, report, assert. */
import { MqtxError } from '../errors.js'
import { exitCodeFor, exitNow, onStopSignal, stoppedBy, stopWord, type StopSignal } from '../signals.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { logWarn } from '../output/log.js'
import { resolveBench, type BenchConfig } from './config.js'
import type { RawBenchOptions, Scenario } from './flags.js'
import { Part, type PartSpec } from './engine.js'
import { brokerVersion, environment } from './env.js'
import { mergeParts } from './merge.js'
import type { PartResult, Progress } from './part.js'
import type { FromWorker, ToWorker } from './worker.js'
import { startProgress } from './progress.js'
import { formatResult } from './report.js'
import { buildResult } from './result.js'
import { finish } from './finish.js'
import { nowUs } from '../session/schedule.js'
import { writeOut } from '../output/stdout.js'

interface Executor {
  connected: Promise<void>
  /** Resolves when this part has stopped sending. */
  go(startUs: number): Promise<void>
  /** Drain and report (after every part stopped sending). */
  finish(): Promise<PartResult>
  close(): Promise<void>
  progress(): Progress
  stop(): void
  /** After a failure: end everything now. */
  kill(): void
}

function localExecutor(cfg: BenchConfig, conn: ConnectionConfig, spec: PartSpec): Executor {
  const part = new Part(cfg, conn, spec)
  return {
    connected: part.connect(),
    go: (startUs) => part.run(startUs),
    finish: () => part.finish(),
    close: () => part.close(),
    progress: () => part.progress(),
    stop: () => part.stopNow(),
    kill: () => void part.close(),
  }
}

async function workerExecutor(cfg: BenchConfig, conn: ConnectionConfig, spec: PartSpec): Promise<Executor> {
  const { startWorker } = await import('./worker.js')
  const w = startWorker(cfg, conn, spec)
  let progress: Progress = { sent: 0, acked: 0, receipts: 0, errors: 0, p99Us: 0 }
  let waiting: { kind: string; resolve: (v: unknown) => void } | undefined
  let fail: (e: Error) => void = () => {}
  const failed = new Promise<never>((_, reject) => (fail = reject))
  failed.catch(() => {})
  const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()))
  const expect = <T>(kind: string, send?: ToWorker): Promise<T> => {
    const p = new Promise<T>((resolve) => (waiting = { kind, resolve: resolve as (v: unknown) => void }))
    if (send !== undefined) w.postMessage(send)
    return Promise.race([p, failed])
  }
  w.on('message', (m: FromWorker) => {
    if (m.kind === 'progress') progress = m.progress
    else if (m.kind === 'error') fail(new MqtxError(m.message, m.hint === undefined ? { exitCode: m.exitCode } : { exitCode: m.exitCode, hint: m.hint }))
    else if (waiting !== undefined && waiting.kind === m.kind) {
      const w2 = waiting
      waiting = undefined
      w2.resolve(m.kind === 'result' ? m.result : undefined)
    }
  })
  w.on('error', (err) => fail(new MqtxError(`a bench worker failed: ${err.message}`, { cause: err })))
  return {
    connected: expect<void>('connected'),
    go: (startUs) => expect<void>('loaded', { kind: 'go', startUs }),
    finish: () => expect<PartResult>('result', { kind: 'finish' }),
    close: async () => {
      w.postMessage({ kind: 'close' })
      await exited
    },
    progress: () => progress,
    stop: () => w.postMessage({ kind: 'stop' }),
    kill: () => void w.terminate(),
  }
}

/** How long connections under way may still take after a signal before the run is abandoned. */
const CONNECT_GRACE_MS = 1000

function split(n: number, parts: number, k: number): [number, number] {
  return [Math.floor((n * k) / parts), Math.floor((n * (k + 1)) / parts)]
}

function withoutIds(raw: RawBenchOptions): RawBenchOptions {
  const { id: _i, idPrefix: _p, ...rest } = raw
  return rest
}

export async function runBench(scenario: Scenario, options: RawBenchOptions): Promise<void> {
  const cfg = resolveBench(scenario, options)
  const raw = withoutIds(options)
  // resolved once (CA and password files read once); workers get the result, not the flags
  const conn = resolveConnection(raw, { command: 'bench' })
  const version = brokerVersion(conn, `${cfg.clientIdPrefix}-sys`)
  const startedAt = new Date().toISOString()
  const n = cfg.workers
  const executors: Executor[] = []
  // from the first connection on: a signal ends the load, the results so far are still printed
  let stopped: StopSignal | undefined
  // a signal while connecting: the connections under way get a short grace (a run stopped right
  // after connecting still prints its results), then the run ends; an attempt to a broker that
  // accepts and never answers would otherwise hold it until --connect-timeout, then exit 1
  let connecting = true
  let abandon: () => void = () => {}
  const abandoned = new Promise<'abandoned'>((resolve) => (abandon = () => resolve('abandoned')))
  let graceTimer: NodeJS.Timeout | undefined
  const removeStop = onStopSignal((signal) => {
    stopped = signal
    if (connecting) graceTimer = setTimeout(abandon, CONNECT_GRACE_MS)
    for (const e of executors) e.stop()
  })
  for (let k = 0; k < n; k++) {
    const [pubFrom, pubTo] = split(cfg.publishers, n, k)
    // subscribers are dealt from the last thread backwards: 1 -> 1 with --workers 2 puts them apart
    const [subFrom, subTo] = split(cfg.subscribers, n, n - 1 - k)
    const spec = { pubFrom, pubTo, subFrom, subTo }
    const e = n === 1 ? localExecutor(cfg, conn, spec) : await workerExecutor(cfg, conn, spec)
    // handled below (Promise.all); until then a refused connection must not be an unhandled rejection
    e.connected.catch(() => {})
    executors.push(e)
  }
  let ready: [string | null, void[]] | 'abandoned'
  try {
    ready = await Promise.race([Promise.all([version, Promise.all(executors.map((e) => e.connected))]), abandoned])
  } catch (err) {
    removeStop()
    for (const e of executors) e.kill()
    throw err
  } finally {
    connecting = false
    clearTimeout(graceTimer)
  }
  if (ready === 'abandoned') {
    removeStop()
    for (const e of executors) e.kill()
    const signal = stopped ?? 'SIGINT'
    // openConnection cannot be cancelled: once cli.ts has said so, do not wait for an attempt's timeout
    exitNow(exitCodeFor(signal), 200)
    throw stoppedBy(signal, `${stopWord(signal)} while connecting: nothing was measured.`)
  }
  const broker = ready[0]
  const startUs = Math.max(nowUs() + 20_000, (cfg.startAt ?? 0) * 1000)
  const progress = startProgress(cfg.progress && !cfg.json && options.quiet !== true, () => {
    const ps = executors.map((e) => e.progress())
    return { sent: sum(ps, 'sent'), acked: sum(ps, 'acked'), receipts: sum(ps, 'receipts'), errors: sum(ps, 'errors'), p99Us: Math.max(...ps.map((p) => p.p99Us)) }
  })
  let parts: PartResult[]
  try {
    const going = executors.map((e) => e.go(startUs))
    // stopped while connecting: the load ends as soon as it starts
    if (stopped !== undefined) for (const e of executors) e.stop()
    await Promise.all(going)
    parts = await Promise.all(executors.map((e) => e.finish()))
    await Promise.all(executors.map((e) => e.close()))
  } catch (err) {
    for (const e of executors) e.kill()
    throw err
  } finally {
    progress.stop()
    removeStop()
  }
  const merged = mergeParts(parts)
  const asked = options.inflight ?? options.maxInflight
  if (cfg.qos > 0 && asked !== undefined && merged.window < asked) logWarn(`--inflight ${asked} is above the broker's Receive Maximum: the window was ${merged.window}.`)
  const result = buildResult(cfg, merged, environment(conn, broker, merged.protocolVersion, n), startedAt)
  writeOut(cfg.json ? `${JSON.stringify(result, null, 2)}\n` : formatResult(result))
  finish(cfg, result, stopped)
}

function sum(ps: Progress[], k: keyof Progress): number {
  return ps.reduce((a, p) => a + p[k], 0)
}
