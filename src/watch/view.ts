/**
 * The screen as Ink elements, from the state and the data (no hooks: src/watch/app.ts owns input
 * and redraws). Status line on top, the tree left, the detail right, the prompt or last message
 * at the bottom. Colour only when wanted (NO_COLOR, TERM=dumb: src/output/terminal.ts); the
 * selected row is marked with '›' too, so it shows without colour.
 */
import { createElement as h, type ReactElement } from 'react'
import { Box, Text } from 'ink'
import { detailLines } from './detail.js'
import { layout, preview, rowName, rowStats, scrollTop, STATS_WIDTH } from './format.js'
import { HELP } from './keys.js'
import { rowsOf, selectedIndex, type WatchState } from './state.js'
import { lastOf, type TopicNode } from './tree.js'
import type { DecodedPayload } from '../output/message.js'
import { escapeForTerminal } from '../output/escape.js'
import { grouped } from '../output/numbers.js'

export interface StatusInfo {
  broker: string
  protocol: string
  connection: 'connected' | 'reconnecting' | 'connecting'
  /** msg/s received over the last second. */
  rate: number
  /** Resident memory, bytes. */
  rss: number
}

export interface ViewInput {
  state: WatchState
  status: StatusInfo
  columns: number
  rows: number
  color: boolean
  now: number
  /** The decoded form of a node's last payload, if a codec decodes it (and it is ready). */
  decodedOf: (node: TopicNode) => DecodedPayload | undefined
}

const PROMPTS: Partial<Record<WatchState['mode'], string>> = {
  search: 'search: ',
  filter: 'filter (topics containing; empty: all): ',
  'publish-payload': 'payload: ',
  save: 'save the last payload to file: ',
}

function statusLine(v: ViewInput): string {
  const s = v.status
  // what changes what the tree shows comes first: at 80 columns the line is cut after ~80 characters
  const parts = [
    s.broker,
    `MQTT ${s.protocol}`,
    s.connection,
    ...(v.state.paused ? [`PAUSED (${v.state.missed} new)`] : []),
    ...(v.state.filter !== '' ? [`filter: ${escapeForTerminal(v.state.filter)}`] : []),
    `${grouped(Math.round(s.rate))} msg/s`,
    `${grouped(v.state.tree.topics)} topics`,
    `${Math.round(s.rss / 1048576)} MB`,
    `sort: ${v.state.sort}`,
  ]
  const line = parts.join(' · ')
  // the command's name only when everything else fits
  return line.length + 11 <= v.columns ? `mqtx watch ${line}` : line
}

function bottomLine(v: ViewInput): string {
  const s = v.state
  const prompt = PROMPTS[s.mode]
  if (prompt !== undefined) return `${prompt}${escapeForTerminal(s.input)}▏ (Enter: ok, Esc: cancel)`
  if (s.mode === 'publish-qos') return `publish to ${escapeForTerminal(s.selected ?? '')}: QoS 0, 1 or 2? (Enter: 0, Esc: cancel)`
  if (s.mode === 'publish-retain') return 'retain? y / n (Enter: n, Esc: cancel)'
  if (s.mode === 'confirm-clear' && s.clear !== undefined) {
    const n = s.clear.topics.length
    return `clear ${n} retained message${n === 1 ? '' : 's'} at or below '${escapeForTerminal(s.clear.path)}' (backup written first)? y / n`
  }
  if (s.message !== '') return s.message
  return '?: help  /: search  f: filter  o: sort  p: publish  d: clear retained  q: quit'
}

function treePane(v: ViewInput, width: number, height: number): ReactElement {
  const s = v.state
  const rows = rowsOf(s, v.now)
  const inner = height - 2
  const sel = selectedIndex(s, rows)
  s.top = scrollTop(s.top, sel, inner, rows.length)
  const shown = rows.slice(s.top, s.top + inner)
  const lines = shown.map((row, i) => {
    const selected = s.top + i === sel
    const last = row.node.own > 0 && !row.expanded ? lastOf(row.node) : undefined
    const name = `${selected ? '›' : ' '}${rowName(row)}`
    const left = h(Text, { wrap: 'truncate-end', ...(selected && v.color ? { inverse: true } : {}) }, name, last === undefined ? '' : h(Text, v.color ? { dimColor: true } : {}, `  ${preview(last, width)}`))
    return h(Box, { key: row.node.path, flexDirection: 'row', width: width - 2 },
      h(Box, { flexGrow: 1, flexShrink: 1, overflow: 'hidden' }, left),
      h(Box, { width: STATS_WIDTH + 1, flexShrink: 0, justifyContent: 'flex-end' }, h(Text, v.color ? { dimColor: !selected } : {}, ` ${rowStats(row, v.now)}`)))
  })
  if (rows.length === 0) lines.push(h(Text, { key: 'empty' }, s.filter === '' ? ' waiting for messages…' : ' no topic matches the filter'))
  const title = ` topics ${rows.length === 0 ? '' : `${sel + 1}/${rows.length} `}`
  return h(Box, { width, height, flexDirection: 'column', borderStyle: 'single', ...(v.color ? { borderColor: 'gray' } : {}) },
    h(Box, { marginTop: -1, marginLeft: 1, height: 1 }, h(Text, null, title)), ...lines)
}

function detailPane(v: ViewInput, width: number, height: number): ReactElement {
  const s = v.state
  const node = s.selected === undefined ? undefined : s.tree.get(s.selected) ?? findNode(v, s.selected)
  const inner = height - 2
  let lines: string[] = []
  if (node !== undefined) {
    const decoded = v.decodedOf(node)
    lines = detailLines(node, { width: width - 2, now: v.now, color: v.color, chartField: s.chartField, ...(decoded === undefined ? {} : { decoded }) })
  }
  s.detailScroll = Math.max(0, Math.min(s.detailScroll, Math.max(0, lines.length - inner)))
  const shown = lines.slice(s.detailScroll, s.detailScroll + inner)
  return h(Box, { width, height, flexDirection: 'column', borderStyle: 'single', ...(v.color ? { borderColor: 'gray' } : {}) },
    h(Box, { marginTop: -1, marginLeft: 1, height: 1 }, h(Text, null, ` detail${lines.length > inner ? ` ${s.detailScroll + 1}-${s.detailScroll + shown.length}/${lines.length} (J/K)` : ''} `)),
    ...shown.map((line, i) => h(Text, { key: String(i), wrap: 'truncate-end' }, line === '' ? ' ' : line)))
}

/** A branch node that has no message of its own is not in the tree's topic map: walk to it. */
function findNode(v: ViewInput, path: string): TopicNode | undefined {
  let n: TopicNode | undefined = v.state.tree.root
  for (const part of path.split('/')) n = n?.children?.get(part)
  return n
}

function helpPane(width: number, height: number): ReactElement {
  return h(Box, { width, height, flexDirection: 'column', borderStyle: 'single', paddingX: 1 },
    h(Text, { bold: true }, 'mqtx watch: keys'),
    ...HELP.map(([keys, what]) => h(Text, { key: keys, wrap: 'truncate-end' }, `${keys.padEnd(16)} ${what}`)),
    h(Text, null, ' '),
    h(Text, { wrap: 'truncate-end' }, '® marks a topic with a retained message. Rates are msg/s, decayed over ~5 s.'))
}

export function screen(v: ViewInput): ReactElement {
  const l = layout(v.columns, v.rows)
  const body = v.state.mode === 'help'
    ? helpPane(v.columns, l.body)
    : h(Box, { flexDirection: 'row', height: l.body }, treePane(v, l.tree, l.body), detailPane(v, l.detail, l.body))
  return h(Box, { flexDirection: 'column', width: v.columns, height: l.body + 2 },
    h(Text, { wrap: 'truncate-end', ...(v.color ? { inverse: true } : {}) }, statusLine(v).padEnd(v.columns)),
    body,
    h(Text, { wrap: 'truncate-end' }, bottomLine(v)))
}
