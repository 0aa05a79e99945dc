/** Human output of a result: a cli-table3 table, a small latency histogram, the generator verdict. */
import Table from 'cli-table3'
import { decodeHistogram } from './recorder.js'
import type { BenchResult, LatencySummary } from './result.js'

const num = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (v: number) => (v < 10 ? v.toFixed(3) : v < 1000 ? v.toFixed(1) : num(v))

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] } })
}

function latencyRows(r: BenchResult): string[][] {
  const rows: Array<[string, LatencySummary | null]> = [
    ['end-to-end, from intended send time', r.latencyMs.e2e],
    ['end-to-end, from actual send time', r.latencyMs.e2eActual],
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

export function formatResult(r: BenchResult): string {
  const c = r.config
  const t = r.totals
  const out: string[] = []
  const load = c.rate === undefined ? 'as fast as possible' : `${num(c.rate)} msg/s`
  const span = c.durationS !== undefined ? `${c.durationS} s` : `${num(c.count ?? 0)} msg/publisher`
  out.push(
    `mqtx bench ${r.scenario}: ${c.publishers} pub, ${c.subscribers} sub, ${c.topics} topic(s), QoS ${c.qos}, ${c.size} B, ${load}, ${span}` +
      `${c.warmupS > 0 ? ` (+${c.warmupS} s warm-up)` : ''}; broker ${r.environment.broker ?? 'version unknown'}; TCP_NODELAY ${r.environment.tcpNoDelay ? 'on' : 'n/a'}` +
      `${c.qos > 0 ? `; window ${r.window} (broker Receive Maximum ${r.receiveMaximum})` : ''}`,
  )
  const counts = table(['messages', 'sent', 'acked', 'received', 'lost', 'duplicates', 'reordered', 'in flight at end'])
  counts.push([
    'total',
    num(t.sent),
    c.qos > 0 ? num(t.acked) : '-',
    r.raw.streams.length > 0 ? num(t.received) : '-',
    t.lost === null ? '-' : num(t.lost),
    r.raw.streams.length > 0 ? num(t.duplicates) : '-',
    r.raw.streams.length > 0 ? num(t.reordered) : '-',
    c.qos > 0 ? num(t.inflightAtEnd) : '-',
  ])
  counts.push(['per second (measured)', num(r.rates.sent), c.qos > 0 ? num(r.rates.acked) : '-', r.raw.streams.length > 0 ? num(r.rates.received) : '-', '', '', '', ''])
  out.push(counts.toString())
  const lat = latencyRows(r)
  if (lat.length > 0) {
    const lt = table(['latency (ms)', 'count', 'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'])
    for (const row of lat) lt.push(row)
    out.push(lt.toString())
  }
  const main = r.latencyMs.e2e !== null ? 'e2e' : r.latencyMs.e2eActual !== null ? 'e2eActual' : r.latencyMs.ack !== null ? 'ack' : undefined
  if (main !== undefined) {
    out.push(`${main === 'ack' ? 'publish -> ack' : 'end-to-end'} latency distribution:`)
    out.push(...drawHistogram(r.raw.hist[main]))
  }
  const g = r.generator
  const self = `generator: event loop ${Math.round(g.eluMean * 100)} % busy (max ${Math.round(g.eluMax * 100)} %), delay p99 ${g.delayP99Ms.toFixed(1)} ms`
  out.push(g.bound ? `${self}\nWARNING: the generator (mqtx), not the broker, was the bottleneck: ${g.reasons.join('; ')}. Lower the load or add --workers.` : `${self}: not the bottleneck`)
  if (c.qos === 0 && r.raw.streams.length === 0) out.push('QoS 0: "sent" means written to the socket, not delivered (socket buffers hold many messages); measure delivery with bench pubsub or bench sub.')
  if (t.unsent > 0 && !g.bound) out.push(`${num(t.unsent)} scheduled message(s) were not sent: the broker did not take them in time (QoS window full or TCP back-pressure).`)
  if (t.lost !== null && t.lost > 0) out.push(`${num(t.lost)} message(s) were lost (expected ${num(t.expected ?? 0)} deliveries).`)
  if (t.connectionsLost > 0) out.push(`${t.connectionsLost} connection(s) were lost during the run.`)
  return `${out.join('\n')}\n`
}
