/**
 * `pub -l --encode`, the worker thread's side (encode-pool.ts is the main thread's). The main thread
 * sends whole input lines in batches (bytes, each line ending with '\n'); the worker encodes them in
 * order with the same codec (loaded here from the same flags) and sends back one buffer of payloads
 * per batch (transferred, not copied) with where each ends. The first line that does not fit ends
 * the batch: the payloads before it come back with its error, and the worker stops encoding (the main
 * thread publishes those and stops there, as it does encoding on its own thread).
 *
 * Runs in a worker started with PUB_ENCODE_WORKER_ARG (src/cli.ts calls runAsEncodeWorker()).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import type { RawEncodeOptions } from '../codecs/options.js'
import type { Codec } from '../codecs/types.js'

export interface EncodeWorkerInput {
  mqtxEncodeWorker: true
  options: RawEncodeOptions
}

/** A batch of whole lines, each ending with '\n'. */
export interface ToEncoder {
  bytes: Uint8Array
}

/** Why a line was not encoded: a CodecError (the line does not fit: a usage error) or anything else (a bug). */
export interface EncodeFailure {
  message: string
  codecError: boolean
}

export type FromEncoder =
  | { kind: 'ready' }
  | { kind: 'batch'; payloads: Uint8Array; ends: Uint32Array; failure?: EncodeFailure }
  | { kind: 'error'; message: string }

const NEWLINE = 10

/** Encodes each line of `bytes` in order, up to the first that fails. */
export function encodeBatch(codec: Codec, bytes: Buffer): { payloads: Buffer; ends: Uint32Array; failure?: EncodeFailure } {
  const text = bytes.toString('utf8') // one decode per batch; each line is then a slice of it
  const parts: Buffer[] = []
  let total = 0
  let failure: EncodeFailure | undefined
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start)
    const end = nl === -1 ? text.length : nl
    try {
      const p = codec.encode(text.slice(start, end))
      parts.push(p)
      total += p.length
    } catch (err) {
      failure = { message: err instanceof Error ? err.message : String(err), codecError: err instanceof Error && err.name === 'CodecError' }
      break
    }
    start = end + 1
  }
  // its own ArrayBuffer (never the shared pool's: it is transferred)
  const payloads = Buffer.from(new ArrayBuffer(total))
  const ends = new Uint32Array(parts.length)
  let at = 0
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as Buffer
    p.copy(payloads, at)
    at += p.length
    ends[i] = at
  }
  return failure === undefined ? { payloads, ends } : { payloads, ends, failure }
}

/** How many lines `bytes` holds (each ends with '\n'). */
export function countLines(bytes: Buffer, start = 0, end = bytes.length): number {
  let n = 0
  for (let nl = bytes.indexOf(NEWLINE, start); nl !== -1 && nl < end; nl = bytes.indexOf(NEWLINE, nl + 1)) n++
  return n
}

async function workerMain(input: EncodeWorkerInput): Promise<void> {
  const port = parentPort
  if (port === null) return
  const post = (m: FromEncoder, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer)
  let codec: Codec | undefined
  try {
    const { setupEncoding } = await import('../codecs/setup.js')
    codec = await setupEncoding(input.options)
    if (codec === undefined) throw new Error('no --encode codec')
  } catch (err) {
    post({ kind: 'error', message: err instanceof Error ? err.message : String(err) })
    port.close()
    return
  }
  const ready = codec
  let failed = false
  port.on('message', (m: ToEncoder) => {
    if (failed) return // the main thread stops at the failed line; later batches are not needed
    const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength)
    const r = encodeBatch(ready, bytes)
    failed = r.failure !== undefined
    const msg: FromEncoder = { kind: 'batch', payloads: r.payloads, ends: r.ends }
    if (r.failure !== undefined) msg.failure = r.failure
    post(msg, [r.payloads.buffer as ArrayBuffer, r.ends.buffer as ArrayBuffer])
  })
  post({ kind: 'ready' })
}

/** In a pub encoding worker thread: serve batches and return true; anywhere else: false. */
export function runAsEncodeWorker(): boolean {
  const input = workerData as Partial<EncodeWorkerInput> | null
  if (isMainThread || input?.mqtxEncodeWorker !== true) return false
  void workerMain(input as EncodeWorkerInput)
  return true
}
