/**
 * Where a message's bytes come from, the ONE payload-source resolver of pub and rr: exactly one of
 * -m (text in an --encoding), -f, -s, -l (pub only) and -n; reading it (stdin: stdin.ts).
 */
import { UsageError } from '../errors.js'
import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { FileTooLargeError, readBounded, readErrorReason, regularFileSize } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import type { PayloadLimit } from './limits.js'
import { optionBytes } from './raw-argv.js'
import { checkStdinReadable, readAll } from './stdin.js'

export type Encoding = 'utf8' | 'hex' | 'base64'

/** Decode -m / -l text given as hex or base64; strict, so a typo is an error, not wrong bytes. */
export function decodeText(text: string, encoding: Encoding, where: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8')
  if (encoding === 'hex') {
    const clean = text.replace(/\s+/g, '')
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new UsageError(`${where} is not valid hex (pairs of 0-9a-f).`)
    return Buffer.from(clean, 'hex')
  }
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new UsageError(`${where} is not valid base64.`)
  }
  return Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64')
}

/** How much one message can carry: reading stops past `limit.protocolMax` bytes (issue 12: no input exhausts memory). */
export type ReadLimit = Pick<PayloadLimit, 'protocolMax' | 'tooLong' | 'error'>

/**
 * Read -f now, so an unreadable file is a usage error before anything connects. A regular file over the
 * limit is refused by its size before it is read; anything else (a FIFO, /dev/zero) once it goes past it.
 */
export function readPayloadFile(path: string, limit: ReadLimit): Buffer {
  const what = `-f file '${escapeForTerminal(path)}'`
  const size = regularFileSize(path)
  if (size !== undefined && size > limit.protocolMax) throw limit.error(size, what)
  try {
    return size === undefined ? readBounded(path, limit.protocolMax) : readFileSync(path)
  } catch (err) {
    if (err instanceof FileTooLargeError) throw limit.tooLong(what)
    throw new UsageError(`cannot read ${what}: ${readErrorReason(err)}`, { cause: err })
  }
}

/** All of standard input (-s), at most what one message can carry. */
export async function readPayloadStdin(input: Readable, limit: ReadLimit): Promise<Buffer> {
  let payload: Buffer
  try {
    payload = await readAll(input, limit.protocolMax)
  } catch (err) {
    if (err instanceof FileTooLargeError) throw limit.tooLong('standard input')
    throw err
  }
  // as mosquitto_pub ("Zero length input."): `producer | mqtx pub -r -s` with a producer that failed
  // must not publish an empty message (with -r it would clear the retained one)
  if (payload.length === 0) throw new UsageError('Standard input is empty (-s): nothing was sent.', { hint: 'to send an empty message, use -n' })
  return payload
}

export type PayloadSource =
  | { kind: 'message'; payload: Buffer }
  | { kind: 'file'; path: string }
  | { kind: 'stdin' }
  | { kind: 'lines'; encoding: Encoding }
  | { kind: 'null' }

/** The payload flags as pub and rr declare them (rr has no -l). */
export interface PayloadFlags {
  message?: string
  file?: string
  stdinFile?: boolean
  stdinLine?: boolean
  nullMessage?: boolean
  encoding?: Encoding
  encode?: string
}

export interface PayloadWording {
  /** 'message' (pub) or 'request message' (rr), for "No … given". */
  noun: string
  hint: string
  /** -l is a source (pub). */
  lines: boolean
}

/** Which source the flags name; every conflict is a usage error before anything connects. */
export function payloadSource(o: PayloadFlags, w: PayloadWording): PayloadSource {
  const flags = w.lines ? '-m, -f, -s, -l or -n' : '-m, -f, -s or -n'
  const given = [o.message !== undefined, o.file !== undefined, o.stdinFile === true, w.lines && o.stdinLine === true, o.nullMessage === true].filter(Boolean).length
  if (given > 1) throw new UsageError(`Only one type of message can be sent at once (${flags}).`)
  if (given === 0) throw new UsageError(`No ${w.noun} given: use ${flags}.`, { hint: w.hint })
  const encoding = o.encoding ?? 'utf8'
  if (o.encode !== undefined && encoding !== 'utf8') throw new UsageError('--encoding and --encode cannot be used together (--encode hex and --encode base64 do the same).')
  if (encoding !== 'utf8' && o.message === undefined && !(w.lines && o.stdinLine === true)) {
    throw new UsageError(`--encoding applies to ${w.lines ? '-m and -l' : '-m'} only.`)
  }
  if (o.message !== undefined) return { kind: 'message', payload: encoding === 'utf8' ? optionBytes(o.message, '-m', '--message') : decodeText(o.message, encoding, '-m') }
  if (o.file !== undefined) return { kind: 'file', path: o.file }
  if (o.stdinFile === true || (w.lines && o.stdinLine === true)) checkStdinReadable()
  if (o.stdinFile === true) return { kind: 'stdin' }
  if (w.lines && o.stdinLine === true) return { kind: 'lines', encoding }
  return { kind: 'null' }
}

/** The whole payload of a one-message source (not -l): -f read now, -s all of standard input. */
export async function readPayload(source: Exclude<PayloadSource, { kind: 'lines' }>, limit: ReadLimit): Promise<Buffer> {
  if (source.kind === 'message') return source.payload
  if (source.kind === 'file') return readPayloadFile(source.path, limit)
  if (source.kind === 'stdin') return readPayloadStdin(process.stdin, limit)
  return Buffer.alloc(0)
}
