/**
 * The detail pane's lines for the selected topic: counts, the last payload in sub's human view
 * (JSON indented, hex for binary, codecs decoded, v5 properties), a sparkline and line chart of its
 * numbers, and the history with times. Pure: text in, lines out (every remote byte escaped by the
 * human view or `preview`).
 */
import type { DecodedPayload, ReceivedMessage } from '../output/message.js'
import { renderHuman } from '../output/human.js'
import { escapeForTerminal } from '../output/escape.js'
import { lineChart, seriesOf, sparkline } from './chart.js'
import { preview, shortAge, shortCount, shortRate } from './format.js'
import { historyOf, lastOf, rateAt, topicsUnder, type StoredMessage, type TopicNode } from './tree.js'

export interface DetailOptions {
  width: number
  now: number
  color: boolean
  chartField: string | undefined
  /** The decoded form of the last payload, when a codec decoded it. */
  decoded?: DecodedPayload
}

export function asReceived(topic: string, m: StoredMessage, decoded?: DecodedPayload): ReceivedMessage {
  const msg: ReceivedMessage = { topic, payload: m.payload, qos: m.qos, retain: m.retain, dup: false, mid: 0, timeNs: BigInt(m.at) * 1_000_000n }
  if (m.properties !== undefined) msg.properties = m.properties
  if (decoded !== undefined) msg.decoded = decoded
  return msg
}

export function clock(at: number): string {
  const d = new Date(at)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

const rule = (title: string, width: number) => `── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`

export function detailLines(node: TopicNode, o: DetailOptions): string[] {
  const lines: string[] = [escapeForTerminal(node.path)]
  const branch = node.children !== undefined && node.children.size > 0
  const count = (n: number, what: string) => `${shortCount(n)} ${what}${n === 1 ? '' : 's'}`
  const stats = [
    node.own > 0 || !branch ? count(node.own, 'msg') : '',
    branch ? `${count(topicsUnder(node), 'topic')} below (${count(node.total, 'msg')})` : '',
    shortRate(rateAt(node, o.now)),
    node.lastAt === 0 ? '' : `last ${shortAge(node.lastAt, o.now)} ago`,
    node.retained !== undefined ? 'retained' : '',
  ]
  lines.push(stats.filter((x) => x !== '').join(' · '))
  const last = lastOf(node)
  if (last === undefined) {
    lines.push('', '(no message on this topic itself)')
    return lines
  }
  lines.push('', rule('last message', o.width))
  const human = renderHuman(asReceived(node.path, last, o.decoded), { color: o.color }).replace(/\n$/, '').split('\n')
  // its first line repeats the topic (shown above): time, markers and the inline value are kept
  human[0] = (human[0] ?? '').replace(` ${escapeForTerminal(node.path)} `, ' ').replace(` ${escapeForTerminal(node.path)}`, '')
  lines.push(...human)
  const history = historyOf(node)
  const values = seriesOf(history, o.chartField, o.width)
  if (values.length >= 2) {
    const lastValue = values[values.length - 1] ?? 0
    lines.push('', rule(`chart: ${o.chartField === undefined ? 'payload' : escapeForTerminal(o.chartField)} (${values.length} values, c: next field)`, o.width))
    lines.push(`${sparkline(values, o.width - 12)} ${String(Number(lastValue.toPrecision(8)))}`.slice(0, o.width))
    lines.push(...lineChart(values, o.width, 8))
  }
  lines.push('', rule(`history (${history.length}, newest first)`, o.width))
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]
    if (m === undefined) continue
    lines.push(`${clock(m.at)} q${m.qos}${m.retain ? 'r' : ' '} ${preview(m, o.width)}`)
  }
  return lines
}
