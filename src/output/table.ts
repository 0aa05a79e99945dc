/**
 * Tables that fit the terminal's 80 columns, as `ls` and `htop` do: columns that say nothing (every
 * cell "-" or empty) are left out, then headers are abbreviated, then the least important columns
 * are dropped until the table fits. Drawn by cli-table3 with its colours off.
 */
import Table from 'cli-table3'

export const TABLE_WIDTH = 80

export interface Column {
  head: string
  /** A shorter header, used when the full ones do not fit. */
  short?: string
  /** Dropped first when even the short headers do not fit (lower drops first); the first column never. */
  priority?: number
}

const EMPTY = new Set(['', '-'])

/** Visible width of a cell (no colour codes in bench/check tables' measuring text). */
function cellWidth(text: string): number {
  return Math.max(...text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((l) => [...l].length))
}

/** cli-table3's width: a border per column plus one, and one space of padding each side. */
function widthOf(heads: string[], rows: string[][], keep: number[]): number {
  let total = 1
  for (const k of keep) {
    const w = Math.max(cellWidth(heads[k] ?? ''), ...rows.map((r) => cellWidth(r[k] ?? '')))
    total += w + 3
  }
  return total
}

/** Which columns to show and with which headers, for `width` columns at most. */
export function fitColumns(columns: Column[], rows: string[][], width = TABLE_WIDTH): { keep: number[]; heads: string[] } {
  let keep = columns.map((_, k) => k).filter((k) => k === 0 || rows.some((r) => !EMPTY.has(r[k] ?? '')))
  const full = columns.map((c) => c.head)
  const short = columns.map((c) => c.short ?? c.head)
  if (widthOf(full, rows, keep) <= width) return { keep, heads: full }
  const byPriority = keep.filter((k) => k !== 0).sort((a, b) => (columns[a]?.priority ?? 0) - (columns[b]?.priority ?? 0))
  for (const k of byPriority) {
    if (widthOf(short, rows, keep) <= width) break
    keep = keep.filter((x) => x !== k)
  }
  return { keep, heads: short }
}

/** The table as text, fitted to `width` columns. */
export function fittedTable(columns: Column[], rows: string[][], width = TABLE_WIDTH): string {
  const { keep, heads } = fitColumns(columns, rows, width)
  const t = new Table({ head: keep.map((k) => heads[k] ?? ''), style: { head: [], border: [] } })
  for (const r of rows) t.push(keep.map((k) => r[k] ?? ''))
  return t.toString()
}

/** Words joined by `sep` and wrapped at `width`, continuation lines indented by two spaces. */
export function wrapParts(parts: string[], sep = ', ', width = TABLE_WIDTH): string {
  const lines: string[] = []
  let line = ''
  for (const [i, part] of parts.entries()) {
    const piece = i < parts.length - 1 ? `${part}${sep.trimEnd()}` : part
    if (line !== '' && line.length + 1 + piece.length > width) {
      lines.push(line)
      line = `  ${piece}`
    } else line = line === '' ? piece : `${line} ${piece}`
  }
  if (line !== '') lines.push(line)
  return lines.join('\n')
}

/** Lines of `text` longer than `width` broken at spaces, continuation lines indented by two. */
export function wrapLong(text: string, width = TABLE_WIDTH): string {
  return text
    .split('\n')
    .map((line) => ([...line].length <= width ? line : wrapParts(line.split(' '), ' ', width)))
    .join('\n')
}
