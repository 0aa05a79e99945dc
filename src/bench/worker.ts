/**
 * --workers: each worker_thread runs a Part (its slice of publishers and subscribers) and talks to the
 * main thread by messages: connected -> go(startUs) -> progress … -> result (or error). A worker runs
 * bin/mqtx.cjs (in the standalone binary: its embedded bundle, src/runtime.ts) with the argument
 * BENCH_WORKER_ARG; src/cli.ts then calls runAsWorker() instead of main().
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads'
import { MqtxError } from '../errors.js'
import type { ConnectionConfig } from '../mqtt/resolve.js'
import type { BenchConfig } from './config.js'
import { Part, type PartSpec } from './engine.js'
import type { PartResult, Progress } from './part.js'
import { BENCH_WORKER_ARG } from './worker-arg.js'
import { selfEntry } from '../runtime.js'

interface WorkerInput {
  mqtxBenchWorker: true
  config: BenchConfig
  /** Resolved by the main thread (structured clone: its Buffers arrive as Uint8Arrays). */
  conn: ConnectionConfig
  spec: PartSpec
}

export type FromWorker =
  | { kind: 'connected' }
  | { kind: 'loaded' }
  | { kind: 'progress'; progress: Progress }
  | { kind: 'result'; result: PartResult }
  | { kind: 'error'; message: string; hint?: string; exitCode: number }

export type ToWorker = { kind: 'go'; startUs: number } | { kind: 'stop' } | { kind: 'finish' } | { kind: 'close' }

export function startWorker(config: BenchConfig, conn: ConnectionConfig, spec: PartSpec): Worker {
  const data: WorkerInput = { mqtxBenchWorker: true, config, conn, spec }
  // npm build: this chunk is in dist/chunks/ (bin/mqtx.cjs passes its __dirname); binary: the embedded bundle
  return new Worker(selfEntry(__dirname), { argv: [BENCH_WORKER_ARG], workerData: data })
}

/** A structured clone turns Buffers into plain Uint8Arrays: make them Buffers again (MQTT.js and tls expect them). */
export function withBuffers<T>(value: T): T {
  if (value instanceof Uint8Array) return (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)) as T
  if (Array.isArray(value)) return value.map((v: unknown) => withBuffers(v)) as T
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBuffers(v)])) as T
  return value
}

async function workerMain(input: WorkerInput): Promise<void> {
  const port = parentPort
  if (port === null) return
  const post = (m: FromWorker) => port.postMessage(m)
  try {
    const conn = withBuffers(input.conn)
    const part = new Part(input.config, conn, input.spec)
    await part.connect()
    const next = () => new Promise<ToWorker>((resolve) => port.once('message', resolve))
    post({ kind: 'connected' })
    const go = await next()
    if (go.kind !== 'go') {
      await part.close()
      port.close()
      return
    }
    const timer = setInterval(() => post({ kind: 'progress', progress: part.progress() }), 250)
    const stop = (m: ToWorker) => {
      if (m.kind === 'stop') part.stopNow()
    }
    port.on('message', stop)
    await part.run(go.startUs)
    port.off('message', stop)
    post({ kind: 'loaded' })
    await next()
    clearInterval(timer)
    post({ kind: 'result', result: await part.finish() })
    await next()
    await part.close()
  } catch (err) {
    const e = err instanceof MqtxError ? err : undefined
    const msg: FromWorker = { kind: 'error', message: err instanceof Error ? err.message : String(err), exitCode: e?.exitCode ?? 1 }
    if (e?.hint !== undefined) msg.hint = e.hint
    post(msg)
  }
  port.close()
}

/** In a bench worker thread: run the part and return true; anywhere else: false. */
export function runAsWorker(): boolean {
  const input = workerData as Partial<WorkerInput> | null
  if (isMainThread || input?.mqtxBenchWorker !== true) return false
  void workerMain(input as WorkerInput)
  return true
}
