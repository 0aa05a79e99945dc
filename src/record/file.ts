/**
 * The recording file(s): lines appended with write(2) (synchronous: a QoS 1/2 line is on its way to
 * the disk before its message is acknowledged), gzip when the name ends in .gz, rotation by size
 * and/or time into predictable numbered names, and never a torn last line: a failed write (full disk,
 * I/O error) truncates the file back to its last whole line before the error is reported.
 *
 * - Plain files: a file never passes --rotate-size unless one line alone is bigger.
 * - .gz: each flush is one gzip member (a file of members is one valid gzip stream to gunzip/zcat);
 *   QoS 0 lines are gathered for an event-loop turn (up to 64 KB) first, QoS 1/2 lines are flushed
 *   one by one. Compressed sizes are known only after a flush: a .gz file may pass --rotate-size by
 *   one flush.
 */
import { closeSync, ftruncateSync, openSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { MqtxError, UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { headerLine } from '../session/recording.js'

export interface RecordFileOptions {
  path: string
  rotateBytes?: number
  rotateMs?: number
  force: boolean
  filters: string[]
  /** Called when a deferred (QoS 0) flush fails. */
  onError(err: MqtxError): void
}

const BATCH_BYTES = 64 * 1024

/** `rec.ndjson.gz`, 3 -> `rec.000003.ndjson.gz` (the number goes before the first dot of the name). */
export function rotatedName(path: string, n: number): string {
  const dir = dirname(path)
  const name = basename(path)
  const dot = name.indexOf('.', 1)
  const numbered = dot === -1 ? `${name}.${String(n).padStart(6, '0')}` : `${name.slice(0, dot)}.${String(n).padStart(6, '0')}${name.slice(dot)}`
  return dir === '.' && !path.startsWith('./') ? numbered : join(dir, numbered)
}

/** `wrote`: messages were written before (the hint says they are whole); a file that cannot be created has none. */
function writeError(path: string, err: unknown, wrote: boolean): MqtxError {
  const code = (err as NodeJS.ErrnoException).code
  const reason = code === 'ENOSPC' ? 'no space left on the device' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code === 'ENOENT' ? 'no such directory' : code === 'EDQUOT' ? 'disk quota exceeded' : (err as Error).message
  return new MqtxError(`cannot write '${escapeForTerminal(path)}': ${reason}`, { cause: err, ...(wrote ? { hint: 'what was written before is whole: every line in the file is a complete message' } : {}) })
}

export class RecordFile {
  readonly files: string[] = []
  private fd = -1
  private size = 0
  private openedAt = 0
  private pending: string[] = []
  private pendingBytes = 0
  private scheduled = false
  /** messages in the current file (written or pending) */
  private inFile = 0
  /** Messages and payload bytes in the file(s): written, not just received (a failed write's batch is not counted). */
  readonly written = { messages: 0, payloadBytes: 0 }
  private pendingMessages = 0
  private pendingPayload = 0
  private closed = false
  private readonly gzip: boolean
  private readonly rotating: boolean

  constructor(private readonly o: RecordFileOptions) {
    this.gzip = o.path.endsWith('.gz')
    this.rotating = o.rotateBytes !== undefined || o.rotateMs !== undefined
  }

  /** Before connecting: refuse to overwrite (exit 2 without --force), create the first file (exit 1 if it cannot be). */
  open(): void {
    const existing = this.rotating ? this.existingNumbered() : []
    if (!this.o.force && existing[0] !== undefined) throw new UsageError(`'${escapeForTerminal(existing[0])}' exists: mqtx record does not overwrite a recording.`, { hint: 'choose another name, remove it, or add --force' })
    // --force overwrites the whole numbered set: a longer earlier recording's later parts would
    // otherwise stay and be replayed after this one (mqtx replay rec.*.ndjson)
    for (const stale of existing) {
      try {
        unlinkSync(stale)
      } catch (err) {
        throw writeError(stale, err, false)
      }
    }
    this.openNext()
  }

  /** The numbered files of this name that already exist, sorted. */
  private existingNumbered(): string[] {
    const first = basename(rotatedName(this.o.path, 1))
    const [head, tail] = [first.slice(0, first.indexOf('.000001')), first.slice(first.indexOf('.000001') + 7)]
    let names: string[]
    try {
      names = readdirSync(dirname(this.o.path))
    } catch {
      return []
    }
    return names
      .filter((n) => n.startsWith(`${head}.`) && n.endsWith(tail) && /^\d{6,}$/.test(n.slice(head.length + 1, n.length - tail.length)))
      .sort()
      .map((n) => join(dirname(this.o.path), n))
  }

  private openNext(): void {
    const path = this.rotating ? rotatedName(this.o.path, this.files.length + 1) : this.o.path
    try {
      this.fd = openSync(path, this.o.force ? 'w' : 'wx', 0o644)
    } catch (err) {
      // a directory exists too, but --force would not help: say what it is
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) {
        throw writeError(path, Object.assign(new Error('is a directory'), { code: 'EISDIR' }), false)
      }
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`'${escapeForTerminal(path)}' exists: mqtx record does not overwrite a recording.`, { hint: 'choose another name, remove it, or add --force' })
      throw writeError(path, err, this.files.length > 0)
    }
    this.files.push(path)
    this.size = 0
    this.openedAt = Date.now()
    this.inFile = 0
    this.pending = [headerLine(new Date(), this.o.filters)]
    this.pendingBytes = this.pending[0]?.length ?? 0
    // the header goes out at once: an unwritable or full device shows before the first message
    this.flush()
  }

  /** Append one message's line ('\n'-terminated); `now`: written before returning (QoS 1/2), else within this event-loop turn. */
  add(line: string, now: boolean, payloadBytes = 0): void {
    if (this.closed) return
    if (this.o.rotateMs !== undefined && Date.now() - this.openedAt >= this.o.rotateMs) this.rotate()
    const bytes = Buffer.byteLength(line)
    if (this.o.rotateBytes !== undefined && this.inFile > 0) {
      const after = this.gzip ? this.size : this.size + this.pendingBytes + bytes
      if (after > this.o.rotateBytes || (this.gzip && this.size >= this.o.rotateBytes)) this.rotate()
    }
    this.pending.push(line)
    this.pendingBytes += bytes
    this.pendingMessages++
    this.pendingPayload += payloadBytes
    this.inFile++
    if (now || this.pendingBytes >= BATCH_BYTES) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => {
        this.scheduled = false
        try {
          this.flush()
        } catch (err) {
          this.o.onError(err as MqtxError)
        }
      })
    }
  }

  private rotate(): void {
    this.flush()
    closeSync(this.fd)
    this.openNext()
  }

  /** Write what is pending; on failure truncate back to the last whole line and throw. */
  flush(): void {
    if (this.pending.length === 0 || this.fd < 0) return
    const text = this.pending.join('')
    const [messages, payloadBytes] = [this.pendingMessages, this.pendingPayload]
    this.pending = []
    this.pendingBytes = 0
    this.pendingMessages = 0
    this.pendingPayload = 0
    const data = this.gzip ? gzipSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8')
    let written = 0
    try {
      while (written < data.length) written += writeSync(this.fd, data, written, data.length - written, this.size + written)
    } catch (err) {
      const path = this.files[this.files.length - 1] ?? this.o.path
      try {
        if (written > 0) ftruncateSync(this.fd, this.size)
      } catch {
        // the error below says what happened; the file is as the device left it
      }
      this.closed = true
      throw writeError(path, err, this.size > 0 || this.files.length > 1)
    }
    this.size += written
    this.written.messages += messages
    this.written.payloadBytes += payloadBytes
  }

  /**
   * Close and remove the file(s) this run created, for a run that recorded nothing (the connection
   * failed): a header-only file would make the next try exit 2 ("exists").
   */
  discard(): void {
    this.closed = true
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
    for (const path of this.files) {
      try {
        unlinkSync(path)
      } catch {
        // already gone, or not ours to remove: the connection error says what matters
      }
    }
  }

  /** Flush and close (errors are thrown, the file is closed either way). */
  close(): void {
    if (this.fd < 0) return
    try {
      if (!this.closed) this.flush()
    } finally {
      this.closed = true
      closeSync(this.fd)
      this.fd = -1
    }
  }
}
