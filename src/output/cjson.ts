/**
 * JSON the way mosquitto_sub's cJSON writes it (for -F %j/%J byte-compatibility): objects keep key
 * order and duplicate keys, numbers are printed as "%d" / "%1.15g", and --pretty indents with tabs
 * (`"key":<TAB>value`, arrays as `[a, b]`). Also a strict parser that keeps order and duplicates.
 */
import { escapeJson } from './escape.js'
export type JsonNode =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'raw'; v: string }
  | { t: 'arr'; v: JsonNode[] }
  | { t: 'obj'; v: Array<[string, JsonNode]> }

/**
 * How deep JSON may nest (cJSON's CJSON_NESTING_LIMIT: mosquitto_sub's %J refuses deeper payloads
 * too). JSON.parse takes any depth, but JSON.stringify and every recursive walk overflow the stack
 * a few thousand levels down: a payload of 200,000 '[' ended sub with "internal error".
 */
export const MAX_JSON_NESTING = 1000

/** Does JSON text nest deeper than `max` ([ and { outside strings)? Only long text can: it needs 2 x max + 2 characters. */
export function jsonNestingExceeds(text: string, max = MAX_JSON_NESTING): boolean {
  if (text.length <= 2 * max + 1) return false
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

export const jnull: JsonNode = { t: 'null' }
export const jnum = (v: number): JsonNode => ({ t: 'num', v })
export const jstr = (v: string): JsonNode => ({ t: 'str', v })

/** C's printf("%1.<p>g"). */
function formatG(d: number, precision: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0'
  let s = d.toExponential(precision - 1)
  const e = Number(s.slice(s.indexOf('e') + 1))
  if (e < -4 || e >= precision) {
    const [m, ex] = s.split('e') as [string, string]
    let mant = m
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '')
    const n = Number(ex)
    return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`
  }
  s = d.toFixed(Math.max(0, precision - 1 - e))
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s
}

export function formatNumber(d: number): string {
  if (!Number.isFinite(d)) return 'null'
  if (Number.isInteger(d) && d >= -2147483648 && d <= 2147483647) return String(d)
  const fifteen = formatG(d, 15)
  return Number(fifteen) === d ? fifteen : formatG(d, 17)
}

function printNode(node: JsonNode, pretty: boolean, depth: number): string {
  switch (node.t) {
    case 'null': return 'null'
    case 'bool': return node.v ? 'true' : 'false'
    case 'num': return formatNumber(node.v)
    case 'str': return JSON.stringify(node.v)
    case 'raw': return node.v
    case 'arr': return `[${node.v.map((n) => printNode(n, pretty, depth + 1)).join(pretty ? ', ' : ',')}]`
    case 'obj': {
      if (!pretty) return `{${node.v.map(([k, v]) => `${JSON.stringify(k)}:${printNode(v, false, depth)}`).join(',')}}`
      const tabs = '\t'.repeat(depth + 1)
      const body = node.v.map(([k, v]) => `${tabs}${JSON.stringify(k)}:\t${printNode(v, true, depth + 1)}`).join(',\n')
      return `{\n${body}${node.v.length > 0 ? '\n' : ''}${'\t'.repeat(depth)}}`
    }
  }
}

/** The JSON text, with what a terminal acts on (C1, bidi overrides) escaped: still the same JSON value. */
export function printJson(node: JsonNode, pretty = false): string {
  return escapeJson(printNode(node, pretty, 0))
}

class ParseError extends Error {}

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/** Parse JSON text (surrounding whitespace allowed), keeping key order and duplicates; undefined if invalid. */
export function parseJson(text: string): JsonNode | undefined {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const fail = (): never => {
    throw new ParseError()
  }
  const str = (): string => {
    STRING.lastIndex = i
    const m = STRING.exec(text)
    if (m === null) return fail()
    i += m[0].length
    return JSON.parse(m[0]) as string
  }
  let depth = 0
  const value = (): JsonNode => {
    ws()
    const c = text[i]
    if ((c === '{' || c === '[') && depth >= MAX_JSON_NESTING) fail()
    if (c === '{') {
      i++
      const entries: Array<[string, JsonNode]> = []
      ws()
      if (text[i] === '}') {
        i++
        return { t: 'obj', v: entries }
      }
      for (;;) {
        ws()
        const k = str()
        ws()
        if (text[i++] !== ':') fail()
        depth++
        entries.push([k, value()])
        depth--
        ws()
        const n = text[i++]
        if (n === '}') return { t: 'obj', v: entries }
        if (n !== ',') fail()
      }
    }
    if (c === '[') {
      i++
      const items: JsonNode[] = []
      ws()
      if (text[i] === ']') {
        i++
        return { t: 'arr', v: items }
      }
      for (;;) {
        depth++
        items.push(value())
        depth--
        ws()
        const n = text[i++]
        if (n === ']') return { t: 'arr', v: items }
        if (n !== ',') fail()
      }
    }
    if (c === '"') return { t: 'str', v: str() }
    for (const [word, node] of [['true', { t: 'bool', v: true }], ['false', { t: 'bool', v: false }], ['null', jnull]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length
        return node
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m === null) return fail()
    i += m[0].length
    return { t: 'num', v: Number(m[0]) }
  }
  try {
    const node = value()
    ws()
    return i === text.length ? node : undefined
  } catch (err) {
    if (err instanceof ParseError || err instanceof SyntaxError) return undefined
    throw err
  }
}
