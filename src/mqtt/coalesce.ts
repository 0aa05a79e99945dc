/**
 * Write coalescing for the socket under MQTT.js.
 *
 * mqtt-packet writes every packet as four or five small stream.write() calls; at tens of thousands
 * of messages a second the per-call cost of Node's Writable machinery and a writev() of hundreds of
 * thousands of tiny chunks dominate (measured: ~60 % of `pub -l` time). This gathers the writes of
 * one event-loop turn into a single Buffer and writes it once. Back-pressure stays honest: write() returns false
 * exactly when the real socket needs 'drain' (so MQTT.js's QoS 0 callbacks still wait for 'drain'),
 * and `buffered()` tells a producer how much is waiting, so it can stop in time.
 */
import type { Duplex } from 'node:stream'
import { replaceSocketWrite } from './internals.js'

type WriteCallback = (err?: Error | null) => void

export interface Coalescer {
  /** Bytes gathered but not yet handed to the socket, plus the socket's own buffer. */
  buffered(): number
  /** Call `cb` once the socket can take more (after 'drain', or on the next turn). */
  whenWritable(cb: () => void): void
}

const coalescers = new WeakMap<Duplex, Coalescer>()

export function coalescerOf(stream: Duplex | undefined): Coalescer | undefined {
  return stream === undefined ? undefined : coalescers.get(stream)
}

/** Call `cb` once `stream` can take more: its coalescer's say, or (a WebSocket stream has none) its own 'drain'. */
export function whenWritable(stream: Duplex, cb: () => void): void {
  const coalescer = coalescers.get(stream)
  if (coalescer !== undefined) coalescer.whenWritable(cb)
  else if (stream.writableNeedDrain) stream.once('drain', cb)
  else setImmediate(cb)
}

export function coalesceWrites(socket: Duplex): Coalescer {
  let write: (chunk: Buffer, cb?: WriteCallback) => boolean = () => false
  const end = socket.end.bind(socket) as (...args: unknown[]) => Duplex
  let chunks: Buffer[] = []
  let bytes = 0
  let scheduled = false

  const flush = (cb?: WriteCallback): void => {
    scheduled = false
    if (chunks.length === 0) {
      if (cb !== undefined) write(Buffer.alloc(0), cb)
      return
    }
    const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bytes)
    chunks = []
    bytes = 0
    if (!socket.destroyed) write(data, cb)
  }

  write = replaceSocketWrite(socket, function coalescedWrite(chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
    const callback = (typeof encoding === 'function' ? encoding : cb) as WriteCallback | undefined
    const enc = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'
    const buf = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, enc) : Buffer.from(chunk as Uint8Array)
    chunks.push(buf)
    bytes += buf.length
    if (callback !== undefined) flush(callback)
    else if (!scheduled) {
      scheduled = true
      // after this turn's I/O callbacks: a burst of PUBACKs refills the window in ONE write
      setImmediate(flush)
    }
    return !socket.writableNeedDrain
  } as Duplex['write']) as (chunk: Buffer, cb?: WriteCallback) => boolean

  socket.end = function coalescedEnd(...args: unknown[]): Duplex {
    flush()
    return end(...args)
  } as Duplex['end']

  const coalescer: Coalescer = {
    buffered: () => bytes + socket.writableLength,
    whenWritable: (cb) => {
      if (socket.writableNeedDrain) socket.once('drain', cb)
      else setImmediate(cb)
    },
  }
  coalescers.set(socket, coalescer)
  return coalescer
}
