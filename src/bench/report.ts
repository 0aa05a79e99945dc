/** Human output of a result: a cli-table3 table, a small latency histogram, the generator verdict. */
import { fittedTable, wrapLong, wrapParts, type Column } from '../output/table.js'
import { decodeHistogram } from './recorder.js'
import type { BenchResult, LatencySummary } from './result.js'
import { grouped } from '../output/numbers.js'

const num = (n: number) => grouped(Math.round(n))
const ms = (v: number) => (v < 10 ? v.toFixed(3) : v < 1000 ? v.toFixed(1) : num(v))

const COUNT_COLUMNS: Column[] = [
  { head: 'messages' },
  { head: 'sent', priority: 9 },
  { head: 'acked', priority: 8 },
  { head: 'received', short: 'recv', priority: 9 },
  { head: 'lost', priority: 9 },
  { head: 'duplicates', short: 'dup', priority: 6 },
  { head: 'reordered', short: 'reord', priority: 5 },
  { head: 'in flight at end', short: 'in flight', priority: 4 },
]

const LATENCY_COLUMNS: Column[] = [
  { head: 'latency (ms)' },
  { head: 'count', priority: 3 },
  { head: 'p50', priority: 9 },
  { head: 'p90', priority: 2 },
  { head: 'p99', priority: 9 },
  { head: 'p99.9', priority: 4 },
  { head: 'p99.99', priority: 1 },
  { head: 'max', priority: 8 },
]

function latencyRows(r: BenchResult): string[][] {
  const rows: Array<[string, LatencySummary | null]> = [
    ['e2e (intended)', r.latencyMs.e2e],
    ['e2e (actual)', r.latencyMs.e2eActual],
    ['publish -> ack', r.latencyMs.ack],
    ['connect', r.latencyMs.connect],
    ['subscribe', r.latencyMs.subscribe],
  ]
  return rows
    .filter((row): row is [string, LatencySummary] => row[1] !== null)
    .map(([name, s]) => [name, num(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s['p99.9']), ms(s['p99.99']), ms(s.max)])
}

/** Log-spaced buckets of the main latency histogram, drawn with bars. */
export function drawHistogram(encoded: string, width = 40): string[] {
  const h = decodeHistogram(encoded)
  if (h.totalCount === 0) return []
  const edges = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, Infinity]
  const js = h as unknown as { countsArrayIndex(v: number): number; getCountAtIndex(i: number): number }
  const counts = edges.map(() => 0)
  const top = js.countsArrayIndex(h.maxValue)
  let bucket = 0
  for (let i = 0; i <= top; i++) {
    const c = js.getCountAtIndex(i)
    if (c === 0) continue
    const valueMs = (h as unknown as { valueFromIndex(i: number): number }).valueFromIndex(i) / 1000
    while (valueMs >= (edges[bucket] as number)) bucket++
    counts[bucket] = (counts[bucket] as number) + c
  }
  const first = counts.findIndex((c) => c > 0)
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0)
  const max = Math.max(...counts)
  const lines: string[] = []
  for (let i = first; i <= last; i++) {
    const lo = i === 0 ? 0 : (edges[i - 1] as number)
    const hi = edges[i] as number
    const label = hi === Infinity ? `>= ${lo} ms` : `< ${hi} ms`
    const c = counts[i] as number
    const bar = '#'.repeat(Math.max(c > 0 ? 1 : 0, Math.round((c / max) * width)))
    lines.push(`${label.padStart(11)} ${bar.padEnd(width)} ${((100 * c) / h.totalCount).toFixed(2).padStart(6)} %`)
  }
  return lines
}

/** Lost messages: how many, of how many deliveries, and the usual reason. */
function lossNote(r: BenchResult): string {
  const t = r.totals
  const lines = [`${num(t.lost ?? 0)} message(s) were lost, of ${num(t.expected ?? 0)} expected deliveries.`]
  if (r.config.qos > 0) {
    lines.push(
      'The broker dropped them: it holds a limited queue per subscriber (mosquitto: max_queued_messages, 1000 by default; its log says "Outgoing messages are being dropped"). Lower --rate or the fan-out, or raise the broker\'s limit.',
    )
  } else {
    lines.push('QoS 0 has no delivery guarantee: the broker drops what a subscriber cannot take in time.')
  }
  return lines.join('\n')
}

export function formatResult(r: BenchResult): string {
  const c = r.config
  const t = r.totals
  const out: string[] = []
  const load = c.rate === undefined ? 'as fast as possible' : `${num(c.rate)} msg/s`
  const span = c.durationS !== undefined ? `${c.durationS} s` : `${num(c.count ?? 0)} msg/publisher`
  out.push(wrapParts([`mqtx bench ${r.scenario}: ${c.publishers} pub`, `${c.subscribers} sub`, `${c.topics} topic(s)`, `QoS ${c.qos}`, `${c.size} B`, load, `${span}${c.warmupS > 0 ? ` (+${c.warmupS} s warm-up)` : ''}`]))
  const window = c.qos > 0 ? [`window ${r.window} (broker Receive Maximum ${r.receiveMaximum})`] : []
  out.push(wrapParts([`broker ${r.environment.broker ?? 'version unknown'}`, `TCP_NODELAY ${r.environment.tcpNoDelay ? 'on' : 'n/a'}`, ...window], '; '))
  const fanOut = t.expected !== null && t.sent > 0 ? t.expected / t.sent : undefined
  if (fanOut !== undefined && fanOut > 1) {
    out.push(`fan-out: each message goes to ${Number(fanOut.toFixed(2))} subscriptions (${num(t.sent)} sent -> ${num(t.expected ?? 0)} deliveries).`)
  }
  const subs = r.raw.streams.length > 0
  const counts = [
    [
      'total',
      num(t.sent),
      c.qos > 0 ? num(t.acked) : '-',
      subs ? num(t.received) : '-',
      t.lost === null ? '-' : num(t.lost),
      subs ? num(t.duplicates) : '-',
      subs ? num(t.reordered) : '-',
      c.qos > 0 ? num(t.inflightAtEnd) : '-',
    ],
    ['per second', num(r.rates.sent), c.qos > 0 ? num(r.rates.acked) : '-', subs ? num(r.rates.received) : '-', '', '', '', ''],
  ]
  out.push(fittedTable(COUNT_COLUMNS, counts))
  const ramp = c.rate !== undefined ? c.rampUpS : 0
  const before = [...(c.warmupS > 0 ? [`${c.warmupS} s warm-up`] : []), ...(ramp > 0 ? [`${ramp} s ramp-up`] : [])].join(' and ')
  const seconds = `${Number(r.measuredSeconds.toPrecision(3))} s`
  const perSecond = r.measuredSeconds < 0.001 ? 'the load ended before the measured window: no rates' : `per second: the ${seconds} measured`
  out.push(before !== '' ? `total: whole run incl. the ${before}; ${perSecond} after it.` : `${perSecond}.`)
  const lat = latencyRows(r)
  if (lat.length > 0) {
    out.push(fittedTable(LATENCY_COLUMNS, lat))
    if (r.latencyMs.e2e !== null) out.push('e2e (intended): from the scheduled send time (coordinated omission corrected).')
  }
  const main = r.latencyMs.e2e !== null ? 'e2e' : r.latencyMs.e2eActual !== null ? 'e2eActual' : r.latencyMs.ack !== null ? 'ack' : undefined
  if (main !== undefined) {
    out.push(`${main === 'ack' ? 'publish -> ack' : 'end-to-end'} latency distribution:`)
    out.push(...drawHistogram(r.raw.hist[main]))
  }
  const g = r.generator
  const busy = g.eluSamples === 0 ? 'event loop not sampled (run under 1 s)' : `event loop ${Math.round(g.eluMean * 100)} % busy (max ${Math.round(g.eluMax * 100)} %)`
  const self = `generator: ${busy}, delay p99 ${g.delayP99Ms.toFixed(1)} ms`
  out.push(g.bound ? `${self}\nWARNING: the generator (mqtx), not the broker, was the bottleneck: ${g.reasons.join('; ')}. Lower the load or add --workers.` : `${self}: not the bottleneck`)
  if (c.qos === 0 && r.raw.streams.length === 0) out.push('QoS 0: "sent" means written to the socket, not delivered (socket buffers hold many messages); measure delivery with bench pubsub or bench sub.')
  if (t.unsent > 0 && !g.bound) out.push(`${num(t.unsent)} scheduled message(s) were not sent: the broker did not take them in time (QoS window full or TCP back-pressure).`)
  if (t.lost !== null && t.lost > 0) out.push(lossNote(r))
  if (t.connectionsLost > 0) out.push(`${t.connectionsLost} connection(s) were lost during the run.`)
  return `${out.map((block) => wrapLong(block)).join('\n')}\n`
}
