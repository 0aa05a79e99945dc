/**
 * `pub -l --encode` with the encoding on a worker thread (encode-worker.ts), the main thread's side:
 * JSON.parse and the codec cost ~2.5 µs a line, more than all the rest of `pub -l` (~1.5 µs), so the
 * main thread only splits lines and writes frames while the second core encodes.
 *
 * Order: batches go to the one worker and come back in the order sent; payloads are taken in that
 * order. Memory: at most MAX_BATCHES batches are out (sent, or back and not yet published); lines
 * beyond stay in the LineBuffer, and input is not read while it holds any (lines.ts).
 */
import { Worker } from 'node:worker_threads'
import { MqtxError } from '../errors.js'
import type { RawEncodeOptions } from '../codecs/options.js'
import { selfEntry } from '../runtime.js'
import { countLines, type EncodeFailure, type EncodeWorkerInput, type FromEncoder, type ToEncoder } from './encode-worker.js'
import { PUB_ENCODE_WORKER_ARG } from './encode-worker-arg.js'
import type { LineBuffer } from './line-buffer.js'

/** Batches sent to the worker and not yet published (the worker encodes one while the main thread publishes another). */
const MAX_BATCHES = 4

interface Batch {
  /** lines sent */
  lines: number
  /** payloads taken */
  taken: number
  payloads?: Buffer
  ends?: Uint32Array
  failure?: EncodeFailure
}

export class EncodePool {
  private readonly worker: Worker
  private isReady = false
  private stopped = false
  private readonly batches: Batch[] = []
  /** The last payload taken is bytes[from, to). */
  bytes: Buffer = Buffer.alloc(0)
  from = 0
  to = 0

  /** `changed`: ready, or a batch came back; `fail`: the worker could not start or failed. */
  constructor(
    options: RawEncodeOptions,
    private readonly changed: () => void,
    private readonly fail: (err: MqtxError) => void,
  ) {
    const data: EncodeWorkerInput = { mqtxEncodeWorker: true, options }
    // npm build: this chunk is in dist/chunks/ (bin/mqtx.cjs passes its __dirname); binary: the embedded bundle
    this.worker = new Worker(selfEntry(__dirname), { argv: [PUB_ENCODE_WORKER_ARG], workerData: data })
    this.worker.on('message', (m: FromEncoder) => this.onMessage(m))
    this.worker.on('error', (err) => this.failWith(`the encoding worker thread failed: ${err.message}`, err))
    this.worker.on('exit', (code) => this.failWith(`the encoding worker thread ended (exit code ${code})`))
  }

  get ready(): boolean {
    return this.isReady && !this.stopped
  }

  /** Sends every whole line `lines` holds to the worker, when fewer than MAX_BATCHES are out. */
  feed(lines: LineBuffer): void {
    if (!this.ready || !lines.hasLine() || this.batches.length >= MAX_BATCHES) return
    const held = lines.bytes
    const start = lines.start
    const end = lines.takeAll()
    const copy = new Uint8Array(end - start)
    copy.set(held.subarray(start, end))
    this.batches.push({ lines: countLines(held, start, end), taken: 0 })
    const msg: ToEncoder = { bytes: copy }
    this.worker.postMessage(msg, [copy.buffer])
  }

  /** The next line's payload (or its failure) is back. */
  hasNext(): boolean {
    const b = this.batches[0]
    return b !== undefined && b.ends !== undefined && (b.taken < b.ends.length || b.failure !== undefined)
  }

  /** Takes the next line (call only when hasNext()): its payload is bytes[from, to), or it failed. */
  take(): EncodeFailure | undefined {
    const b = this.batches[0] as Batch
    const ends = b.ends as Uint32Array
    if (b.taken === ends.length) return b.failure
    this.bytes = b.payloads as Buffer
    this.from = b.taken === 0 ? 0 : (ends[b.taken - 1] as number)
    this.to = ends[b.taken] as number
    b.taken++
    if (b.taken === b.lines) this.batches.shift()
    return undefined
  }

  /** Nothing sent and not yet taken. */
  idle(): boolean {
    return this.batches.length === 0
  }

  /** Lines sent to the worker and not published yet (Ctrl-C's "read but not sent"). */
  pendingLines(): number {
    let n = 0
    for (const b of this.batches) n += b.lines - b.taken
    return n
  }

  stop(): void {
    if (this.stopped) return
    this.stopped = true
    void this.worker.terminate()
  }

  private onMessage(m: FromEncoder): void {
    if (this.stopped) return
    if (m.kind === 'ready') this.isReady = true
    else if (m.kind === 'error') return this.failWith(`the encoding worker thread could not start: ${m.message}`)
    else {
      const b = this.batches.find((x) => x.ends === undefined)
      if (b === undefined) return
      b.payloads = Buffer.from(m.payloads.buffer, m.payloads.byteOffset, m.payloads.byteLength)
      b.ends = m.ends
      if (m.failure !== undefined) b.failure = m.failure
    }
    this.changed()
  }

  private failWith(message: string, cause?: Error): void {
    if (this.stopped) return
    this.stop()
    this.fail(new MqtxError(message, cause === undefined ? {} : { cause }))
  }
}
