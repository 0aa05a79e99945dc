/**
 * The human view of a decoded Sparkplug B payload: one line per metric with its name, alias,
 * value, datatype and timestamp, instead of the nested JSON. Pure (text in, lines out).
 */
import { escapeForTerminal } from './escape.js'
import type { Paint } from './terminal.js'

type Obj = Record<string, unknown>

const clock = (ms: unknown): string | undefined => {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return undefined
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

function valueText(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? 'null')
  return escapeForTerminal(text.length > 120 ? `${text.slice(0, 119)}…` : text)
}

/** Inline summary (after the topic) and the metric lines. */
export function sparkplugLines(payload: Obj, messageType: string | undefined, paint: Paint, maxMetrics: number): { inline: string; lines: string[] } {
  const metrics = Array.isArray(payload.metrics) ? (payload.metrics as Obj[]) : []
  const at = clock(payload.timestamp)
  const inline = [paint('magenta', `sparkplug ${messageType ?? ''}`.trim()), payload.seq !== undefined ? `seq ${String(payload.seq)}` : '', at !== undefined ? paint('dim', `@${at}`) : '', paint('dim', `${metrics.length} metric${metrics.length === 1 ? '' : 's'}`)]
    .filter((x) => x !== '')
    .join(' ')
  const lines = metrics.slice(0, maxMetrics).map((m) => {
    const name = typeof m.name === 'string' ? escapeForTerminal(m.name) : ''
    const alias = m.alias !== undefined ? paint('dim', `#${String(m.alias)}`) : ''
    const who = [name === '' ? '' : paint('blue', name), alias].filter((x) => x !== '').join(' ') || paint('dim', '(unnamed)')
    const when = clock(m.timestamp)
    const flags = [m.isHistorical === true ? 'historical' : '', m.isTransient === true ? 'transient' : ''].filter((x) => x !== '').join(' ')
    const tail = [typeof m.datatype === 'string' ? paint('dim', m.datatype) : '', when !== undefined && m.timestamp !== payload.timestamp ? paint('dim', `@${when}`) : '', flags === '' ? '' : paint('dim', flags)].filter((x) => x !== '').join(' ')
    return `  ${who} = ${paint('yellow', valueText(m.value))}${tail === '' ? '' : `  ${tail}`}`
  })
  if (metrics.length > maxMetrics) lines.push(`  ${paint('dim', `… ${metrics.length - maxMetrics} more metrics (--full shows all)`)}`)
  return { inline, lines }
}
