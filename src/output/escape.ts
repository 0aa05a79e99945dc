/**
 * The ONE place that makes remote text safe for a terminal. Control characters, escape sequences,
 * DEL and C1 controls (U+009B is a one-character CSI), and bidi overrides/isolates (which reorder
 * what a reader sees) become visible escapes, so a topic, payload or property cannot move the
 * cursor, retitle the window or disguise itself.
 *
 * - escapeForTerminal: human text (stderr messages, the human view, -v topics in warnings).
 * - escapeRawForTerminal: mosquitto's plain output (-v, -N, -F fields) when stdout is a terminal:
 *   the same set, but line breaks and tabs stay (a payload's lines still read as lines).
 * - escapeJson: JSON text (--json, -F %j/%J, JSON written for people): JSON.stringify already escapes
 *   U+0000..U+001F; this escapes the rest of the set as \u00XX, which is still the same JSON value.
 */
import { isUtf8 } from 'node:buffer'
import { lookup } from '../lookup.js'

/** Besides C0 controls: DEL, C1 controls, bidi embeddings/overrides and isolates. */
const UNSAFE_ABOVE_C0 = '\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069'
const UNSAFE = new RegExp(`[\\u0000-\\u001f${UNSAFE_ABOVE_C0}]`, 'gu')
const JSON_UNSAFE = new RegExp(`[${UNSAFE_ABOVE_C0}]`, 'gu')

const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u001b': '\\e',
}

function escapeChar(ch: string): string {
  const named = lookup(NAMED, ch)
  if (named !== undefined) return named
  const code = ch.codePointAt(0) ?? 0
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
}

export function escapeForTerminal(text: string, { keepNewlines = false } = {}): string {
  return text.replace(UNSAFE, (ch) => (keepNewlines && ch === '\n' ? ch : escapeChar(ch)))
}

const RAW_UNSAFE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${UNSAFE_ABOVE_C0}]`, 'gu')
// on bytes read as latin1 (not UTF-8): C0 controls but \n and \t, DEL, and the bytes of the C1 controls
// (0x9b is CSI to a terminal in 8-bit mode); and whether any byte is above ASCII
const RAW_UNSAFE_BYTE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g
const RAW_UNSAFE_BYTE_TEST = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/
const ABOVE_ASCII = /[\x80-\xff]/

/**
 * Raw output bytes (a topic, a payload, an -F field) for a terminal: UTF-8 as escapeForTerminal does
 * but keeping line breaks and tabs; bytes that are not UTF-8 get their C0 and C1 control bytes and DEL
 * escaped and stay otherwise as they are. Unchanged input is returned as it is (no copy).
 */
export function escapeRawForTerminal(data: Buffer | string): Buffer | string {
  if (typeof data === 'string') return data.replace(RAW_UNSAFE, escapeChar)
  const latin = data.toString('latin1')
  if (ABOVE_ASCII.test(latin) && isUtf8(data)) {
    const text = data.toString('utf8')
    const safe = text.replace(RAW_UNSAFE, escapeChar)
    return safe === text ? data : Buffer.from(safe, 'utf8')
  }
  return RAW_UNSAFE_BYTE_TEST.test(latin) ? Buffer.from(latin.replace(RAW_UNSAFE_BYTE, escapeChar), 'latin1') : data
}

/** JSON text (from JSON.stringify or cjson) with the characters a terminal acts on written as \uXXXX. */
export function escapeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
}
