/** Short texts for the tree's columns and the layout of the screen: pure, unit-tested at given widths. */
import { isUtf8 } from 'node:buffer'
import { escapeForTerminal } from '../output/escape.js'
import type { Row } from './rows.js'
import { rateAt, type StoredMessage } from './tree.js'

/** 1234 -> '1.2k', 12 -> '12' (at most 5 characters). */
export function shortCount(n: number): string {
  if (n < 1000) return String(n)
  const units: Array<[number, string]> = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']]
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size
      return `${v < 10 ? v.toFixed(1) : v < 1000 ? Math.floor(v) : '999+'}${unit}`
    }
  }
  return String(n)
}

/** msg/s: '' when idle, '0.3/s', '12/s', '1.2k/s'. */
export function shortRate(rate: number): string {
  if (rate < 0.05) return ''
  if (rate < 10) return `${rate.toFixed(1)}/s`
  return `${shortCount(Math.round(rate))}/s`
}

/** Age of the last message: '3s', '12m', '5h', '2d' ('' when never). */
export function shortAge(lastAt: number, now: number): string {
  if (lastAt === 0) return ''
  const s = Math.max(0, Math.floor((now - lastAt) / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m`
  if (s < 86400) return `${Math.floor(s / 3600)}h`
  return `${Math.floor(s / 86400)}d`
}

/** One line of a payload for the tree and history: text escaped, binary as its size. */
export function preview(msg: StoredMessage, max = 80): string {
  const p = msg.payload
  if (p.length === 0) return '(empty)'
  if (!isUtf8(p)) return `(${p.length} bytes)`
  const text = p.subarray(0, max * 4).toString('utf8').replace(/\s+/g, ' ').trim()
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text
  return escapeForTerminal(cut)
}

/** The stats column of a tree row: count, rate, age (fixed width STATS_WIDTH). */
export const STATS_WIDTH = 17

export function rowStats(row: Row, now: number): string {
  const n = row.node
  return `${shortCount(n.total).padStart(5)} ${shortRate(rateAt(n, now)).padStart(6)} ${shortAge(n.lastAt, now).padStart(4)}`
}

/** The name column: indent, expand marker, escaped name, retained marker. */
export function rowName(row: Row): string {
  const marker = row.branch ? (row.expanded ? '▾' : '▸') : ' '
  const name = row.node.name === '' ? '(empty)' : escapeForTerminal(row.node.name)
  return `${'  '.repeat(row.depth)}${marker} ${name}${row.node.retained !== undefined ? ' ®' : ''}`
}

export interface Layout {
  /** Columns of the tree pane (border included) and of the detail pane. */
  tree: number
  detail: number
  /** Rows of the two panes (borders included). */
  body: number
  /** Rows of tree entries visible (inside the border). */
  treeRows: number
}

export const MIN_COLUMNS = 60
export const MIN_ROWS = 12

/**
 * The split at a terminal size: the status line at the top, the key/message line at the bottom,
 * one row left free (Ink redraws the whole screen when its output fills the terminal).
 */
export function layout(columns: number, rows: number): Layout {
  const tree = Math.max(30, Math.min(Math.floor(columns * 0.5), 70))
  const body = Math.max(4, rows - 3)
  return { tree, detail: columns - tree, body, treeRows: body - 2 }
}

/** The first visible row so that `selected` is on screen (scrolling the least). */
export function scrollTop(top: number, selected: number, visible: number, total: number): number {
  if (visible <= 0) return 0
  let t = Math.min(top, Math.max(0, total - visible))
  if (selected < t) t = selected
  if (selected >= t + visible) t = selected - visible + 1
  return Math.max(0, t)
}
