/**
 * Batched stdout writer with back-pressure. Messages are collected and written in one write per
 * event-loop turn (or at 64 KiB), so 100,000 small messages are a few hundred writes, not 100,000.
 * `ready` tells the receiver whether to take the next message; when stdout is behind, the caller
 * stops acknowledging/reading (see src/sub/session.ts) instead of buffering without limit.
 * A closed pipe (EPIPE, e.g. `| head -1`) is reported once through `onClosed`.
 * Consecutive text chunks are kept as one string and encoded once per flush, not once per message.
 */
const FLUSH_BYTES = 64 * 1024

export interface OutputStream {
  write(chunk: Buffer, cb?: (err?: Error | null) => void): boolean
  once(event: 'drain', listener: () => void): unknown
  on(event: 'error', listener: (err: Error) => void): unknown
  writableNeedDrain?: boolean
}

export class StdoutWriter {
  private chunks: Buffer[] = []
  /** Text written after the last Buffer chunk, not encoded yet. */
  private text = ''
  private size = 0
  private scheduled = false
  private waiting: Array<() => void> = []
  private draining = false
  closed = false

  constructor(
    private readonly out: OutputStream = process.stdout as unknown as OutputStream,
    private readonly onClosed: (err: Error) => void = () => {},
  ) {
    out.on('error', (err: Error & { code?: string }) => this.fail(err))
  }

  private fail(err: Error): void {
    if (this.closed) return
    this.closed = true
    this.chunks = []
    this.text = ''
    this.size = 0
    this.onClosed(err)
  }

  write(chunk: Buffer | string): void {
    if (this.closed || chunk.length === 0) return
    if (typeof chunk === 'string') {
      // a lone surrogate at a boundary must stay lone (encoded as U+FFFD), as if encoded on its own
      const first = chunk.charCodeAt(0)
      if (first >= 0xdc00 && first <= 0xdfff) this.takeText()
      // UTF-16 units: a byte count near enough for the flush threshold
      this.text += chunk
    } else {
      this.takeText()
      this.chunks.push(chunk)
    }
    this.size += chunk.length
    if (this.size >= FLUSH_BYTES) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  private takeText(): void {
    if (this.text === '') return
    this.chunks.push(Buffer.from(this.text, 'utf8'))
    this.text = ''
  }

  /** Write what is buffered now. */
  flush(): void {
    this.scheduled = false
    if (this.closed || this.size === 0) return
    this.takeText()
    const data = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks)
    this.chunks = []
    this.size = 0
    let ok: boolean
    try {
      ok = this.out.write(data)
    } catch (err) {
      this.fail(err as Error)
      return
    }
    if (!ok && !this.draining) {
      this.draining = true
      this.out.once('drain', () => {
        this.draining = false
        const waiting = this.waiting
        this.waiting = []
        for (const w of waiting) w()
      })
    }
  }

  /** true when stdout can take more now. */
  get ready(): boolean {
    return !this.draining && this.size < FLUSH_BYTES
  }

  /** Call `cb` once stdout can take more (at once when it can). */
  whenReady(cb: () => void): void {
    if (this.ready || this.closed) cb()
    else this.waiting.push(cb)
  }

  /** Flush and resolve once everything handed to stdout has been written (or the pipe closed). */
  end(): Promise<void> {
    this.flush()
    if (this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      try {
        this.out.write(Buffer.alloc(0), () => resolve())
      } catch {
        resolve()
      }
    })
  }
}
