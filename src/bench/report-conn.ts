/** Human output of `mqtx bench conn`. */
import Table from 'cli-table3'
import { wrapLong } from '../output/table.js'
import type { BenchResult } from './result.js'
import { grouped } from '../output/numbers.js'

export function formatConn(r: BenchResult): string {
  const c = r.connections
  if (c === undefined) return ''
  const t = new Table({ head: ['connections', 'attempted', 'connected', 'failed', 'per second', 'peak RSS (MB)'], style: { head: [], border: [] } })
  t.push(['total', String(c.attempted), String(c.connected), String(c.failed), grouped(Math.round(c.perSecond)), (c.peakRssBytes / 1e6).toFixed(0)])
  const out = [`mqtx bench conn: ${c.attempted} connections, concurrency ${r.config.concurrency}${r.config.connectRate === undefined ? '' : `, at most ${r.config.connectRate}/s`}, ${c.path} connect path; broker ${r.environment.broker ?? 'version unknown'}`, t.toString()]
  const l = r.latencyMs.connect
  if (l !== null) {
    const lt = new Table({ head: ['connect latency (ms)', 'p50', 'p90', 'p99', 'p99.9', 'max'], style: { head: [], border: [] } })
    lt.push(['CONNECT -> CONNACK', String(l.p50), String(l.p90), String(l.p99), String(l['p99.9']), String(l.max)])
    out.push(lt.toString())
  }
  for (const [why, n] of Object.entries(c.failures)) out.push(`failed: ${why} x${n}`)
  return `${wrapLong(out.join('\n'))}\n`
}
