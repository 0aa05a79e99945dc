/** `--assert 'rate>=40000,p99<10ms,loss=0'`: parse once (bad text -> exit 2), check against a result. */
import { UsageError } from '../errors.js'

export type Op = '>=' | '<=' | '>' | '<' | '=' | '!='

export interface Assertion {
  text: string
  metric: string
  op: Op
  /** Latencies in µs; loss with % as a fraction of expected deliveries. */
  value: number
  percent: boolean
}

/** Metric name -> what it reads (documented in README). */
export const METRICS = [
  'rate', 'sent-rate', 'ack-rate', 'conn-rate',
  'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max',
  'ack-p50', 'ack-p99', 'ack-max', 'connect-p99',
  'loss', 'duplicates', 'reordered', 'errors', 'inflight',
] as const

const LATENCY = /^(p50|p90|p99|p99\.9|p99\.99|max|ack-p50|ack-p99|ack-max|connect-p99)$/
const UNITS: Record<string, number> = { us: 1, 'µs': 1, ms: 1000, s: 1e6 }

export function parseAssertions(text: string): Assertion[] {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '')
  if (parts.length === 0) throw new UsageError(`--assert '${text}' has no conditions (e.g. --assert 'rate>=40000,p99<10ms,loss=0').`)
  return parts.map((part) => {
    const m = /^([a-z][a-z0-9.-]*)\s*(>=|<=|!=|==|=|>|<)\s*([0-9]+(?:\.[0-9]+)?)\s*(us|\u00b5s|ms|s|%)?$/.exec(part)
    if (m === null) throw new UsageError(`--assert: cannot parse '${part}' (use METRIC OP NUMBER[UNIT], e.g. p99<10ms).`)
    const [, metric = '', rawOp = '', num = '', unit] = m
    if (!(METRICS as readonly string[]).includes(metric)) throw new UsageError(`--assert: unknown metric '${metric}' (known: ${METRICS.join(', ')}).`)
    const op = (rawOp === '==' ? '=' : rawOp) as Op
    const isLatency = LATENCY.test(metric)
    if (unit === '%' && metric !== 'loss') throw new UsageError(`--assert: '%' applies only to loss ('${part}').`)
    if (unit !== undefined && unit !== '%' && !isLatency) throw new UsageError(`--assert: '${metric}' takes no time unit ('${part}').`)
    const value = isLatency ? Number(num) * (UNITS[unit ?? 'ms'] ?? 1000) : Number(num)
    return { text: part, metric, op, value, percent: unit === '%' }
  })
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '>=': return a >= b
    case '<=': return a <= b
    case '>': return a > b
    case '<': return a < b
    case '=': return a === b
    case '!=': return a !== b
  }
}

export interface Failure {
  assertion: Assertion
  /** The measured value (same unit as value), or undefined when this run has no such measurement. */
  actual: number | undefined
}

/** Each assertion whose metric is missing or whose comparison fails. */
export function checkAssertions(assertions: Assertion[], metrics: Record<string, number | undefined>): Failure[] {
  const failures: Failure[] = []
  for (const a of assertions) {
    const key = a.metric === 'loss' && a.percent ? 'loss-percent' : a.metric
    const actual = metrics[key]
    if (actual === undefined || !compare(actual, a.op, a.value)) failures.push({ assertion: a, actual })
  }
  return failures
}

export function describeFailure(f: Failure): string {
  const a = f.assertion
  if (f.actual === undefined) return `${a.text}: not measured in this run`
  const shown = LATENCY.test(a.metric) ? `${(f.actual / 1000).toFixed(3)} ms` : a.percent ? `${f.actual.toFixed(4)} %` : String(Math.round(f.actual * 100) / 100)
  return `${a.text}: measured ${shown}`
}
