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

const SGR = /\u001b\[[0-9;]*m/y

/**
 * A line cut into pieces of at most `width` characters (its colour sequences take no room; a piece
 * cut inside a coloured span is reset at its end and the colour taken up again on the next).
 * Every remote byte is escaped already: the only escape sequences here are mqtx's own colours.
 */
export function wrapLine(line: string, width: number): string[] {
  if (width < 1 || [...line].length <= width) return [line]
  const pieces: string[] = []
  let piece = ''
  let used = 0
  let open: string[] = []
  for (let i = 0; i < line.length;) {
    SGR.lastIndex = i
    const sgr = SGR.exec(line)
    if (sgr !== null) {
      piece += sgr[0]
      open = sgr[0] === '\u001b[0m' ? [] : [...open, sgr[0]]
      i += sgr[0].length
      continue
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0)
    if (used === width) {
      pieces.push(open.length > 0 ? `${piece}\u001b[0m` : piece)
      piece = open.join('')
      used = 0
    }
    piece += ch
    used++
    i += ch.length
  }
  pieces.push(piece)
  return pieces
}

const rule = (title: string, width: number) => `── ${title} ${'─'.repeat(Math.max(0, width - title.length - 4))}`

export function detailLines(node: TopicNode, o: DetailOptions): string[] {
  const lines: string[] = wrapLine(escapeForTerminal(node.path), o.width)
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
  // without the topic (shown above); wrapped, not cut: the whole last payload can be read (J/K)
  const human = renderHuman(asReceived(node.path, last, o.decoded), { color: o.color, topic: false }).replace(/\n$/, '').split('\n')
  for (const line of human) lines.push(...wrapLine(line, o.width))
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
