/**
 * Reading a recording file line by line (recording.ts parses each line): plain or gzip (told by the
 * file's first two bytes, not its name), `-` for standard input, errors naming `file:line`.
 *
 * A cut last line (no '\n' at the end, and not a whole JSON value), as a recorder killed mid-write
 * or a copy of a file still being written leaves, is skipped with a warning; so is the cut end of a
 * gzip stream. A bad line anywhere else is an error.
 */
import { createReadStream } from 'node:fs'
import { PassThrough, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { UsageError } from '../errors.js'
import { readErrorReason } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import { logWarn } from '../output/log.js'
import { parseRecordLine, type RecordedMessage } from './recording.js'

/** How a file name is shown in errors ("standard input" for -). */
export function recordingName(path: string): string {
  return path === '-' ? 'standard input' : escapeForTerminal(path)
}

const GZIP_MAGIC_0 = 0x1f
const GZIP_MAGIC_1 = 0x8b

/** Bytes of a file (or stdin), gunzipped when they start with gzip's magic number. */
function openBytes(path: string, stdin: Readable): Readable {
  const raw = path === '-' ? stdin : createReadStream(path, { highWaterMark: 256 * 1024 })
  let decided = false
  const out = new PassThrough()
  const fail = (err: Error) => out.destroy(err)
  raw.on('error', fail)
  let gunzip: ReturnType<typeof createGunzip> | undefined
  raw.on('data', (chunk: Buffer) => {
    if (!decided) {
      decided = true
      if (chunk.length >= 2 && chunk[0] === GZIP_MAGIC_0 && chunk[1] === GZIP_MAGIC_1) {
        gunzip = createGunzip()
        gunzip.on('data', (c: Buffer) => out.push(c))
        gunzip.on('error', (err: Error) => out.destroy(Object.assign(err, { gzip: true })))
        gunzip.on('end', () => out.push(null))
      }
    }
    if (gunzip !== undefined) gunzip.write(chunk)
    else out.push(chunk)
  })
  raw.on('end', () => {
    if (gunzip !== undefined) gunzip.end()
    else out.push(null)
  })
  return out
}

export interface ReadResult {
  /** Message lines read (headers and empty lines not counted). */
  messages: number
}

/**
 * Call `onMessage` for every message of `path`, in order. Rejects with a UsageError naming the file
 * and line; `onMessage` may throw (e.g. a rewritten topic that is not valid) and its error passes through.
 */
export function readRecording(path: string, onMessage: (msg: RecordedMessage, where: string) => void, stdin: Readable = process.stdin): Promise<ReadResult> {
  const name = recordingName(path)
  return new Promise<ReadResult>((resolve, reject) => {
    let input: Readable
    try {
      input = openBytes(path, stdin)
    } catch (err) {
      reject(new UsageError(`cannot read ${name}: ${readErrorReason(err)}`, { cause: err }))
      return
    }
    let line = 0
    let messages = 0
    let rest: Buffer | undefined
    let failed = false
    const fail = (err: unknown) => {
      if (failed) return
      failed = true
      input.destroy()
      reject(err)
    }
    const handle = (text: string) => {
      line++
      // a byte-order mark some editors write at the start of a UTF-8 file is not part of the JSON
      const msg = parseRecordLine(line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, `${name}:${line}`)
      if (msg !== undefined) {
        messages++
        onMessage(msg, `${name}:${line}`)
      }
    }
    input.on('data', (chunk: Buffer) => {
      if (failed) return
      try {
        const data = rest === undefined ? chunk : Buffer.concat([rest, chunk])
        let start = 0
        for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
          handle(data.toString('utf8', start, nl))
          start = nl + 1
        }
        rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined
      } catch (err) {
        fail(err)
      }
    })
    const finishLast = (cut: boolean) => {
      try {
        if (rest !== undefined && rest.length > 0) {
          const text = rest.toString('utf8')
          let whole = true
          try {
            JSON.parse(text)
          } catch {
            whole = false
          }
          if (whole) handle(text)
          else logWarn(`${name}:${line + 1}: the last line is cut (the recording was interrupted while it was written); it was skipped`)
        } else if (cut) logWarn(`${name}: the compressed data is cut after line ${line} (the recording was interrupted); the rest was skipped`)
        resolve({ messages })
      } catch (err) {
        fail(err)
      }
    }
    input.on('end', () => {
      if (!failed) finishLast(false)
    })
    input.on('error', (err: Error & { gzip?: boolean; code?: string }) => {
      if (failed) return
      // a gzip stream that just stops (the recorder was killed): keep what was decoded
      if (err.gzip === true && err.code === 'Z_BUF_ERROR') {
        finishLast(true)
        return
      }
      const reason = err.gzip === true ? `not valid gzip data (${err.message})` : readErrorReason(err)
      fail(new UsageError(`cannot read ${name}: ${reason}`, { cause: err }))
    })
  })
}
