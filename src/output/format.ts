/**
 * The -F format engine: parsed once at start-up (a bad format is a usage error naming its position),
 * rendered per message. Same bytes as mosquitto_sub 2.0.11 where it is right; fixed where it is not:
 * %j's tst and binary payloads (see mosquitto-json.ts), and %p/%x/%X with a width pad instead of
 * truncating (precision, which mosquitto ignores there, limits the payload bytes shown).
 */
import { lookup } from '../lookup.js'
import { escapeForTerminal, escapeRawForTerminal } from './escape.js'
import { UsageError } from '../errors.js'
import { mosquittoJson } from './mosquitto-json.js'
import { dateOf, nanosOf, subscriptionIds, userPropertyPairs, type ReceivedMessage } from './message.js'
import { decodedText } from './decoded.js'
import { offset, STRFTIME_CODES, strftimeCode } from './strftime.js'
import { cFixedPadded } from './cfloat.js'
import { endianness } from 'node:os'

/** mosquitto 2.1's codes plus mqtx's own %c (the decoded payload: a letter mosquitto does not use). */
export const FORMAT_CODES = '%ACcDdEFfIjJlmPpqRrStUxX'
const ESCAPES: Record<string, string> = { '\\': '\\', '0': '\0', a: '\x07', e: '\x1b', n: '\n', r: '\r', t: '\t', v: '\v' }

/** Widths pad every message: bounded so that a typo cannot allocate gigabytes per message. */
const MAX_WIDTH = 65535
/** Precision cuts a payload or a string: nothing is longer than the MQTT maximum packet size. */
const MAX_PRECISION = 268435455

export interface Spec {
  code: string
  left: boolean
  zero: boolean
  width: number
  precision: number | undefined
  /** %x/%X with a precision (mosquitto 2.1): groups of `precision` hex digits joined by this. */
  separator?: string
}

export type Op = { k: 'lit'; b: Buffer } | { k: 'spec'; s: Spec } | { k: 'time'; c: string } | { k: 'nanos' }

export interface Format {
  ops: Op[]
  /** Whether any op needs the receive time. */
  usesTime: boolean
}

function bad(format: string, pos: number, what: string): UsageError {
  return new UsageError(`-F: ${what} at position ${pos + 1} of '${escapeForTerminal(format)}'.`)
}

export function parseFormat(format: string): Format {
  const ops: Op[] = []
  let lit = ''
  const flush = () => {
    if (lit !== '') ops.push({ k: 'lit', b: Buffer.from(lit, 'utf8') })
    lit = ''
  }
  let usesTime = false
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string
    if (c === '%') {
      const start = i
      const m = /^%(-?)(0?)(\d*)(?:\.(\d*))?/.exec(format.slice(i)) as RegExpExecArray
      i += m[0].length
      // mosquitto 2.1: `%.N:x` groups the hex digits with ':' (any punctuation or space) in between
      let separator: string | undefined
      if (m[4] !== undefined && /^[^\p{L}\p{N}%]$/u.test(format[i] ?? '') && 'xX'.includes(format[i + 1] ?? '-')) separator = format[i++]
      const code = format[i]
      if (code === undefined) throw bad(format, start, 'incomplete format specifier')
      if (!FORMAT_CODES.includes(code)) throw bad(format, i, `invalid format specifier '%${escapeForTerminal(code)}' (use one of ${[...FORMAT_CODES].map((c) => `%${c}`).join(' ')})`)
      flush()
      const width = Number(m[3] || 0)
      const precision = m[4] === undefined ? undefined : Number(m[4] || 0)
      if (width > MAX_WIDTH) throw bad(format, start, `width ${m[3]} is too large (at most ${MAX_WIDTH})`)
      if (precision !== undefined && precision > MAX_PRECISION) throw bad(format, start, `precision ${m[4]} is too large (at most ${MAX_PRECISION})`)
      const spec: Spec = { code, left: m[1] === '-', zero: m[2] === '0', width, precision }
      if ('xX'.includes(code) && precision !== undefined) spec.separator = separator ?? ' '
      if ('IjJU'.includes(code)) usesTime = true
      ops.push({ k: 'spec', s: spec })
    } else if (c === '@') {
      const code = format[i + 1]
      if (code === undefined) throw bad(format, i, 'incomplete time specifier')
      i++
      if (code === '@') {
        lit += '@'
        continue
      }
      if (code !== 'N' && !STRFTIME_CODES.includes(code)) throw bad(format, i, `invalid time specifier '@${escapeForTerminal(code)}'`)
      flush()
      usesTime = true
      ops.push(code === 'N' ? { k: 'nanos' } : { k: 'time', c: code })
    } else if (c === '\\') {
      const code = format[i + 1]
      if (code === undefined) throw bad(format, i, 'incomplete escape specifier')
      const value = lookup(ESCAPES, code)
      if (value === undefined) throw bad(format, i + 1, `invalid escape specifier '\\${escapeForTerminal(code)}'`)
      lit += value
      i++
    } else {
      lit += c
    }
  }
  flush()
  return { ops, usesTime }
}

/** printf-style padding of bytes (width counts bytes, as C's printf). */
function pad(b: Buffer, s: Spec, padChar = s.zero ? '0' : ' '): Buffer {
  if (b.length >= s.width) return b
  const fill = Buffer.alloc(s.width - b.length, s.left ? ' ' : padChar)
  return s.left ? Buffer.concat([b, fill]) : Buffer.concat([fill, b])
}

/** Strings (%t %C %R %I): width pads with spaces ('0' is ignored, as mosquitto), precision cuts. */
function str(text: string, s: Spec): Buffer {
  let b = Buffer.from(text, 'utf8')
  if (s.precision !== undefined && b.length > s.precision) b = b.subarray(0, s.precision)
  return pad(b, s, ' ')
}

/** Numbers: width pads, '0' zero-pads, precision ignored (as mosquitto). */
function num(n: number, s: Spec): Buffer {
  const text = String(n)
  if (s.zero && !s.left && s.width > text.length && n < 0) return Buffer.from(`-${text.slice(1).padStart(s.width - 1, '0')}`)
  return pad(Buffer.from(text), s)
}

export class FormatError extends Error {}

/** A payload -F cannot show as asked (%d/%f of the wrong size): a warning, the field stays empty. */
export type FormatWarn = (text: string) => void

/** %x/%X: width pads, '0' pads with zeros; a precision (2.1) groups that many hex digits, space-separated or with the given separator. */
function hexField(payload: Buffer, s: Spec): Buffer {
  let hex = payload.toString('hex')
  if (s.code === 'X') hex = hex.toUpperCase()
  if (s.separator !== undefined && s.precision !== undefined && s.precision > 0 && hex.length > s.precision) {
    const groups: string[] = []
    for (let at = 0; at < hex.length; at += s.precision) groups.push(hex.slice(at, at + s.precision))
    hex = groups.join(s.separator)
  }
  return pad(Buffer.from(hex, 'utf8'), s)
}

/** %d/%f (mosquitto 2.1): the payload as an IEEE-754 double (8 bytes) or float (4), host byte order, printed as C's %f. */
function floatField(msg: ReceivedMessage, s: Spec, warn: FormatWarn): Buffer {
  const size = s.code === 'd' ? 8 : 4
  const p = msg.payload
  if (p.length !== size) {
    warn(`-F %${s.code} needs ${size === 8 ? 'an' : 'a'} ${size}-byte payload (IEEE-754 ${s.code === 'd' ? 'double' : 'float'}); the one on '${escapeForTerminal(msg.topic)}' has ${p.length}: field left empty`)
    return pad(EMPTY, s, ' ')
  }
  const le = HOST_LE
  const value = size === 8 ? (le ? p.readDoubleLE(0) : p.readDoubleBE(0)) : le ? p.readFloatLE(0) : p.readFloatBE(0)
  if (Number.isNaN(value)) {
    const negative = ((le ? p[size - 1] : p[0]) as number) >= 0x80
    return pad(Buffer.from(negative ? '-nan' : 'nan'), { ...s, zero: false })
  }
  return Buffer.from(cFixedPadded(value, s))
}

const EMPTY = Buffer.alloc(0)
const HOST_LE = endianness() === 'LE'

function renderSpec(s: Spec, msg: ReceivedMessage, pretty: boolean, date: () => Date, warn: FormatWarn): Buffer | string {
  const props = msg.properties
  switch (s.code) {
    case '%': return '%'
    // absent properties: %A %C %E %F %S still pad to the width, %D %P %R print nothing (as mosquitto)
    case 'A': return props?.topicAlias === undefined ? pad(EMPTY, s) : num(props.topicAlias, s)
    case 'C': return str(props?.contentType ?? '', s)
    case 'D': return props?.correlationData ?? ''
    // mqtx's own: the decoded payload (--decode, a profile codec, content-type, Sparkplug), or nothing
    case 'c': return msg.decoded === undefined ? pad(EMPTY, s) : str(decodedText(msg.decoded, pretty), s)
    case 'd':
    case 'f': return floatField(msg, s, warn)
    case 'E': return props?.messageExpiryInterval === undefined ? pad(EMPTY, s) : num(props.messageExpiryInterval, s)
    case 'F': return props?.payloadFormatIndicator === undefined ? pad(EMPTY, s) : num(Number(props.payloadFormatIndicator), s)
    case 'I': {
      const d = date()
      return str(`${strftimeCode('F', d)}T${strftimeCode('T', d)}${offset(d)}`, s)
    }
    case 'j':
    case 'J': {
      const text = mosquittoJson(msg, s.code === 'J', pretty)
      if (text === undefined) throw new FormatError('payload is not valid JSON')
      return text
    }
    case 'l': return num(msg.payload.length, s)
    case 'm': return num(msg.mid, s)
    case 'P': return userPropertyPairs(props).map(([k, v]) => `${k}:${v}`).join(' ')
    case 'p': return pad(s.precision !== undefined && msg.payload.length > s.precision ? msg.payload.subarray(0, s.precision) : msg.payload, s)
    case 'x':
    case 'X': return hexField(msg.payload, s)
    case 'q': return String(msg.qos)
    case 'R': return props?.responseTopic === undefined ? '' : str(props.responseTopic, s)
    case 'r': return msg.retain ? '1' : '0'
    case 'S': {
      const ids = subscriptionIds(props)
      return ids.length === 0 ? pad(EMPTY, s) : num(ids[0] as number, s)
    }
    case 't': return str(msg.topic, s)
    case 'U': return `${msg.timeNs / 1_000_000_000n}.${String(nanosOf(msg.timeNs)).padStart(9, '0')}`
    default: return ''
  }
}

/** Does the format use this % code (e.g. 'c': the decoded payload)? */
export function formatUses(format: Format, code: string): boolean {
  return format.ops.some((op) => op.k === 'spec' && op.s.code === code)
}

/** Render one message; throws FormatError when %J meets a payload that is not JSON. */
export function renderFormat(format: Format, msg: ReceivedMessage, options: { pretty: boolean; eol: boolean; warn?: FormatWarn; escape?: boolean }): Buffer {
  const warn = options.warn ?? (() => {})
  let cached: Date | undefined
  const date = () => (cached ??= dateOf(msg.timeNs))
  const parts: Array<Buffer | string> = []
  for (const op of format.ops) {
    if (op.k === 'lit') parts.push(op.b)
    else if (op.k === 'spec') {
      // on a terminal, what the broker sent is escaped; the format's own text (e.g. \e[31m) is not
      const field = renderSpec(op.s, msg, options.pretty, date, warn)
      parts.push(options.escape === true ? escapeRawForTerminal(field) : field)
    }
    else if (op.k === 'time') parts.push(strftimeCode(op.c, date()))
    else parts.push(String(nanosOf(msg.timeNs)).padStart(9, '0'))
  }
  if (options.eol) parts.push('\n')
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)))
}
