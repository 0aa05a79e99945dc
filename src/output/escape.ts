/**
 * The ONE place that makes remote text safe for a terminal. Control characters, escape sequences,
 * DEL and C1 controls (U+009B is a one-character CSI), and bidi overrides/isolates (which reorder
 * what a reader sees) become visible escapes, so a topic, payload or property cannot move the
 * cursor, retitle the window or disguise itself.
 *
 * - escapeForTerminal: human text (stderr messages, the human view, -v topics in warnings).
 * - escapeJson: JSON text (--json, -F %j/%J, JSON written for people): JSON.stringify already escapes
 *   U+0000..U+001F; this escapes the rest of the set as \u00XX, which is still the same JSON value.
 */
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

export function escapeForTerminal(text: string, { keepNewlines = false } = {}): string {
  return text.replace(UNSAFE, (ch) => {
    if (keepNewlines && ch === '\n') return ch
    const named = lookup(NAMED, ch)
    if (named !== undefined) return named
    const code = ch.codePointAt(0) ?? 0
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
  })
}

/** JSON text (from JSON.stringify or cjson) with the characters a terminal acts on written as \uXXXX. */
export function escapeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`)
}
