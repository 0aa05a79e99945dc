/**
 * Numbers from a topic's history, for the sparkline and the line chart (asciichart): the payload
 * itself when it is a number, or a numeric field of a JSON payload ('temp', 'a.b', 'list.0').
 */
import { plot } from 'asciichart'
import { isUtf8 } from 'node:buffer'
import type { StoredMessage } from './tree.js'

const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/

function parseJson(payload: Buffer): unknown {
  if (payload.length === 0 || payload.length > 65536 || !isUtf8(payload)) return undefined
  const first = payload.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09)
  if (first !== 0x7b && first !== 0x5b) return undefined
  try {
    return JSON.parse(payload.toString('utf8')) as unknown
  } catch {
    return undefined
  }
}

/** The payload as a number, or undefined. */
export function payloadNumber(payload: Buffer): number | undefined {
  if (payload.length === 0 || payload.length > 64) return undefined
  const text = payload.toString('latin1')
  if (!NUMBER.test(text)) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

/** The numeric leaves of a JSON payload, as dotted paths (at most `max`, depth-first, 4 levels). */
export function numericFields(payload: Buffer, max = 20): string[] {
  const out: string[] = []
  const walk = (v: unknown, path: string, depth: number) => {
    if (out.length >= max) return
    if (typeof v === 'number' && Number.isFinite(v)) {
      if (path !== '') out.push(path)
      return
    }
    if (depth >= 4 || typeof v !== 'object' || v === null) return
    for (const [k, child] of Object.entries(v)) walk(child, path === '' ? k : `${path}.${k}`, depth + 1)
  }
  walk(parseJson(payload), '', 0)
  return out
}

/** The number a message carries: `field` of its JSON, or the payload itself when no field is chosen. */
export function numberOf(msg: StoredMessage, field: string | undefined): number | undefined {
  if (field === undefined) return payloadNumber(msg.payload)
  let v: unknown = parseJson(msg.payload)
  for (const key of field.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined
    v = (v as Record<string, unknown>)[key]
  }
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

/** The series to chart: the last `max` numbers of the history (messages without one skipped). */
export function seriesOf(history: readonly StoredMessage[], field: string | undefined, max: number): number[] {
  const values: number[] = []
  for (let i = history.length - 1; i >= 0 && values.length < max; i--) {
    const m = history[i]
    const v = m === undefined ? undefined : numberOf(m, field)
    if (v !== undefined) values.push(v)
  }
  return values.reverse()
}

const BARS = '▁▂▃▄▅▆▇█'

/** One line of block characters, the last `width` values, scaled from their min to their max. */
export function sparkline(values: readonly number[], width: number): string {
  const shown = values.slice(-Math.max(0, width))
  if (shown.length === 0) return ''
  const min = Math.min(...shown)
  const max = Math.max(...shown)
  const span = max - min
  return shown.map((v) => BARS[span === 0 ? 3 : Math.min(7, Math.floor(((v - min) / span) * 8))]).join('')
}

/** A number label of at most 9 characters. */
function label(x: number): string {
  const a = Math.abs(x)
  const text = a !== 0 && (a >= 1e6 || a < 1e-3) ? x.toExponential(2) : Number(x.toPrecision(4)).toString()
  return text.slice(0, 9).padStart(9)
}

/** A line chart `height` rows high of the last values that fit in `width` columns (labels included). */
export function lineChart(values: readonly number[], width: number, height: number): string[] {
  const room = width - 11
  if (room < 2 || values.length < 2 || height < 2) return []
  const shown = values.slice(-room)
  return plot([...shown], { height: height - 1, offset: 2, format: (x) => label(x) }).split('\n')
}
