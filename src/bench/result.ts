/** Parts -> the full result (what --json prints and `merge` reads back) and the metrics --assert checks. */
import { topicMatches } from '../mqtt/topic.js'
import type { BenchConfig } from './config.js'
import type { PartResult } from './part.js'
import { HIST_NAMES, decodeHistogram, type HistName } from './recorder.js'

export const RESULT_FORMAT = 'mqtx-bench/1'

export interface LatencySummary {
  count: number
  min: number
  mean: number
  p50: number
  p90: number
  p99: number
  'p99.9': number
  'p99.99': number
  max: number
}

export interface PublisherReport {
  id: number
  topic: string
  sent: number
  acked: number
  rejected: number
  inflight: number
  /** Deliveries expected (sent × matching subscriptions), or null when this run had no subscribers. */
  expected: number | null
  received: number
  lost: number | null
  duplicates: number
  reordered: number
}

export interface Environment {
  /** process.version (under Bun: the Node version it is compatible with) */
  node: string
  /** `Node v20.20.2` or `Bun 1.4.5 standalone` (src/runtime.ts) */
  runtime: string
  platform: string
  arch: string
  cpu: string
  cores: number
  mqtx: string
  broker: string | null
  tcpNoDelay: boolean
  transport: string
  protocolVersion: number
  workers: number
}

export interface ConnectionsReport {
  attempted: number
  connected: number
  failed: number
  /** Failure reason -> count. */
  failures: Record<string, number>
  /** Connections established per second, first start to last CONNACK. */
  perSecond: number
  peakRssBytes: number
  /** 'raw' (pre-encoded CONNECT on TCP) or 'mqtt.js' (TLS, WebSocket, proxy, unix). */
  path: string
}

export interface BenchResult {
  format: string
  scenario: string
  config: Omit<BenchConfig, 'assertions'>
  environment: Environment
  startedAt: string
  measuredSeconds: number
  totals: {
    sent: number
    acked: number
    rejected: number
    received: number
    receipts: number
    expected: number | null
    lost: number | null
    duplicates: number
    reordered: number
    inflightAtEnd: number
    unsent: number
    foreign: number
    connectionsLost: number
  }
  rates: { sent: number; acked: number; received: number; bytesOut: number; bytesIn: number }
  latencyMs: Record<HistName, LatencySummary | null>
  /** eluSamples: one-second ELU samples in the measured window (0: too short to say) */
  generator: { eluMean: number; eluMax: number; eluSamples: number; delayP99Ms: number; delayMaxMs: number; bound: boolean; reasons: string[] }
  window: number
  receiveMaximum: number
  publishers: PublisherReport[]
  /** bench conn only. */
  connections?: ConnectionsReport
  /** The merged raw part: what `mqtx bench merge` adds up. */
  raw: PartResult
}

function summary(encoded: string): LatencySummary | null {
  const h = decodeHistogram(encoded)
  if (h.totalCount === 0) return null
  const ms = (us: number) => Math.round(us) / 1000
  return {
    count: h.totalCount,
    min: ms(h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue),
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    'p99.9': ms(h.getValueAtPercentile(99.9)),
    'p99.99': ms(h.getValueAtPercentile(99.99)),
    max: ms(h.maxValue),
  }
}

function perPublisher(raw: PartResult, hasSubscribers: boolean): PublisherReport[] {
  const filters = new Map<string, number>()
  for (const s of raw.streams) filters.set(s.filter, (filters.get(s.filter) ?? 0) + 1)
  const matchCache = new Map<string, number>()
  const got = new Map<number, [number, number, number]>()
  for (const s of raw.streams) {
    for (const [id, distinct, dups, reord] of s.pubs) {
      const g = got.get(id) ?? [0, 0, 0]
      g[0] += distinct
      g[1] += dups
      if (!s.shared) g[2] += reord
      got.set(id, g)
    }
  }
  return raw.publishers.map(([id, sent, acked, rejected, inflight, topic]) => {
    let matches = matchCache.get(topic)
    if (matches === undefined) {
      matches = 0
      for (const [f, n] of filters) if (topicMatches(f, topic)) matches += n
      matchCache.set(topic, matches)
    }
    const [received, duplicates, reordered] = got.get(id) ?? [0, 0, 0]
    const expected = hasSubscribers ? sent * matches : null
    return { id, topic, sent, acked, rejected, inflight, expected, received, lost: expected === null ? null : expected - received, duplicates, reordered }
  })
}

export function buildResult(config: BenchConfig, raw: PartResult, env: Environment, startedAt: string): BenchResult {
  const { assertions: _a, ...cfg } = config
  const measuredSeconds = Math.max(1e-6, (raw.loadEndUs - raw.measureStartUs) / 1e6)
  // merged pub + sub files: each side's rates over its own window (a longer sub run must not halve "sent")
  const seconds = (w: [number, number] | undefined) => (w === undefined ? measuredSeconds : Math.max(1e-6, (w[1] - w[0]) / 1e6))
  const sendSeconds = seconds(raw.sendWindowUs)
  const receiveSeconds = seconds(raw.receiveWindowUs)
  const pubs = perPublisher(raw, raw.streams.length > 0)
  const inPubs = new Set(pubs.map((p) => p.id))
  let received = 0
  let duplicates = 0
  let reordered = 0
  for (const s of raw.streams) for (const [id, d, dup, r] of s.pubs) {
    if (!inPubs.has(id) && pubs.length > 0) continue
    received += d
    duplicates += dup
    if (!s.shared) reordered += r
  }
  const withSubs = raw.streams.length > 0 && pubs.length > 0
  const expected = withSubs ? pubs.reduce((n, p) => n + (p.expected ?? 0), 0) : null
  const c = raw.counts
  const measuredElu = raw.generator.elu.slice(Math.max(0, Math.floor((raw.measureStartUs - raw.originUs) / 1e6)))
  const eluMean = measuredElu.length === 0 ? 0 : measuredElu.reduce((a, b) => a + b, 0) / measuredElu.length
  const eluMax = measuredElu.length === 0 ? 0 : Math.max(...measuredElu)
  const reasons: string[] = []
  if (eluMean > 0.9) reasons.push(`the generator's event loop was ${Math.round(eluMean * 100)} % busy`)
  if (raw.generator.delayP99Ms > 50) reasons.push(`event-loop delay p99 was ${raw.generator.delayP99Ms.toFixed(1)} ms`)
  // scheduled but unsent: the generator's fault only when it was also busy; else the broker did not take them
  if (config.rate !== undefined && c.unsent > c.sent * 0.01 && eluMean > 0.7) reasons.push(`${c.unsent} scheduled messages were never sent`)
  const latencyMs = Object.fromEntries(HIST_NAMES.map((n) => [n, summary(raw.hist[n])])) as BenchResult['latencyMs']
  return {
    format: RESULT_FORMAT,
    scenario: config.scenario,
    config: cfg,
    environment: env,
    startedAt,
    measuredSeconds,
    totals: {
      sent: c.sent,
      acked: c.acked,
      rejected: c.rejected,
      received,
      receipts: c.receipts,
      expected,
      lost: expected === null ? null : expected - received,
      duplicates,
      reordered,
      inflightAtEnd: pubs.reduce((n, p) => n + p.inflight, 0),
      unsent: c.unsent,
      foreign: c.foreign,
      connectionsLost: c.connectionsLost,
    },
    rates: {
      sent: c.sentMeasured / sendSeconds,
      acked: c.ackedMeasured / sendSeconds,
      received: c.receivedMeasured / receiveSeconds,
      bytesOut: c.bytesOutMeasured / sendSeconds,
      bytesIn: c.bytesInMeasured / receiveSeconds,
    },
    latencyMs,
    generator: { eluMean, eluMax, eluSamples: measuredElu.length, delayP99Ms: raw.generator.delayP99Ms, delayMaxMs: raw.generator.delayMaxMs, bound: reasons.length > 0, reasons },
    window: raw.window,
    receiveMaximum: raw.receiveMaximum,
    publishers: pubs,
    raw,
  }
}

/** The numbers --assert can name (latencies in µs). */
export function metricsOf(r: BenchResult): Record<string, number | undefined> {
  const lat = r.latencyMs.e2e ?? r.latencyMs.e2eActual ?? r.latencyMs.ack
  const us = (v: number | undefined) => (v === undefined ? undefined : v * 1000)
  const t = r.totals
  const rate = r.connections !== undefined ? r.connections.perSecond : r.raw.streams.length > 0 ? r.rates.received : r.config.qos > 0 ? r.rates.acked : r.rates.sent
  return {
    rate,
    'sent-rate': r.rates.sent,
    'ack-rate': r.config.qos > 0 ? r.rates.acked : undefined,
    p50: us(lat?.p50),
    p90: us(lat?.p90),
    p99: us(lat?.p99),
    'p99.9': us(lat?.['p99.9']),
    'p99.99': us(lat?.['p99.99']),
    max: us(lat?.max),
    'ack-p50': us(r.latencyMs.ack?.p50),
    'ack-p99': us(r.latencyMs.ack?.p99),
    'ack-max': us(r.latencyMs.ack?.max),
    'connect-p99': us(r.latencyMs.connect?.p99),
    'conn-rate': r.connections?.perSecond,
    loss: t.lost ?? undefined,
    'loss-percent': t.lost === null || t.expected === null || t.expected === 0 ? undefined : (100 * t.lost) / t.expected,
    duplicates: t.duplicates,
    reordered: t.reordered,
    errors: t.connectionsLost + t.rejected + (r.connections?.failed ?? 0),
    inflight: t.inflightAtEnd,
  }
}
