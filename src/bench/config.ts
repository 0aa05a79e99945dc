/** Bench options as commander parsed them -> one validated, serialisable BenchConfig. */
import { UsageError } from '../errors.js'
import type { RawBenchOptions, Scenario } from './flags.js'
import { validateFilter, validatePublishTopic } from '../mqtt/topic.js'
import { parseAssertions, type Assertion } from './assert.js'
import { HEADER_BYTES } from './wire.js'



export interface BenchConfig {
  scenario: Scenario
  publishers: number
  subscribers: number
  topics: number
  topic: string
  /** Subscription filter template (%i subscriber index, %t its topic index); a shared group is added when set. */
  subTopic: string
  shared?: string
  size: number
  qos: 0 | 1 | 2
  retain: boolean
  /** Total offered messages/s over all publishers (open loop); undefined: as fast as the window and TCP allow. */
  rate?: number
  durationS?: number
  /** Messages per publisher (pub/pubsub) or per subscriber (sub). */
  count?: number
  warmupS: number
  rampUpS: number
  drainS: number
  /** Requested QoS 1/2 window per connection (capped at the broker's Receive Maximum). */
  inflight: number
  workers: number
  /** Wall-clock ms when the load starts (after connecting), or undefined: as soon as connected. */
  startAt?: number
  idOffset: number
  clientIdPrefix: string
  json: boolean
  assertText?: string
  assertions: Assertion[]
  progress: boolean
  connections: number
  connectRate?: number
  concurrency: number
  holdS: number
}

/** Fill %i, %t (and %% for a literal %). */
export function fillTemplate(template: string, i: number, t: number): string {
  return template.replace(/%[it%]/g, (m) => (m === '%i' ? String(i) : m === '%t' ? String(t) : '%'))
}

function defaultFilter(topic: string): string {
  const levels = topic.split('/').map((l) => (l.includes('%i') || l.includes('%t') ? (l === '%i' || l === '%t' ? '+' : null) : l))
  if (levels.includes(null)) {
    throw new UsageError(`cannot derive a subscription filter from --topic '${topic}' (%i/%t must fill a whole level): give --sub-topic.`)
  }
  return levels.join('/')
}

function positive(name: string, v: number | undefined): void {
  if (v !== undefined && !(v > 0)) throw new UsageError(`${name} must be more than 0.`)
}

function parseStartAt(text: string): number {
  const t = text.trim()
  const ms = /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : Date.parse(t)
  if (!Number.isFinite(ms)) throw new UsageError(`--start-at '${text}' is not a time (use ISO 8601, e.g. 2026-01-01T12:00:00Z, or Unix seconds).`)
  return ms
}

export function resolveBench(scenario: Scenario, raw: RawBenchOptions, pid = process.pid): BenchConfig {
  for (const [name, v] of [
    ['--publishers', raw.publishers], ['--subscribers', raw.subscribers], ['--topics', raw.topics], ['--rate', raw.rate],
    ['--duration', raw.duration], ['--count', raw.count], ['--inflight', raw.inflight], ['--workers', raw.workers],
    ['--connections', raw.connections], ['--connect-rate', raw.connectRate], ['--concurrency', raw.concurrency],
  ] as const) positive(name, v)
  const size = raw.size ?? HEADER_BYTES
  if (size < HEADER_BYTES) {
    throw new UsageError(`--size ${size} is too small: the payload must hold the ${HEADER_BYTES}-byte header (publisher id, sequence number, send time); use --size ${HEADER_BYTES} or more.`)
  }
  const topic = raw.topic ?? 'mqtx/bench/%t'
  // bench sub: -t is what to subscribe to (wildcards allowed)
  if (scenario !== 'sub') validatePublishTopic(fillTemplate(topic, 0, 0))
  // the packet must fit MQTT's remaining length: topic (2 + bytes, the widest index), packet id, v5 properties
  const widestTopic = Buffer.byteLength(fillTemplate(topic, 4_294_967_295, (raw.topics ?? 1) - 1))
  const maxSize = 268_435_455 - (2 + widestTopic + 2 + 1)
  if (scenario !== 'sub' && scenario !== 'conn' && size > maxSize) {
    throw new UsageError(`--size ${size} does not fit in one MQTT packet on topic '${topic}': at most ${maxSize} bytes.`)
  }
  const subTopic = raw.subTopic ?? (scenario === 'pubsub' || scenario === 'sub' ? defaultFilter(topic) : topic)
  if (scenario !== 'pub' && scenario !== 'conn') validateFilter(fillTemplate(subTopic, 0, 0))
  if (raw.shared !== undefined && (raw.shared === '' || /[/+#]/.test(raw.shared))) throw new UsageError(`--shared '${raw.shared}' is not a group name (no '/', '+' or '#').`)
  if (raw.rate !== undefined && raw.ratePerClient !== undefined) throw new UsageError('give --rate (total) or --rate-per-client, not both.')
  positive('--rate-per-client', raw.ratePerClient)
  const rate = raw.ratePerClient !== undefined ? raw.ratePerClient * (raw.publishers ?? 1) : raw.rate
  if (raw.rampUp !== undefined && rate === undefined) throw new UsageError('--ramp-up needs --rate (a flood has no schedule to ramp).')
  const count = raw.count
  const durationS = raw.duration ?? (count === undefined ? 10 : undefined)
  const assertions = raw.assert === undefined ? [] : parseAssertions(raw.assert)
  const cfg: BenchConfig = {
    scenario,
    publishers: scenario === 'pub' || scenario === 'pubsub' ? (raw.publishers ?? 1) : 0,
    subscribers: scenario === 'sub' || scenario === 'pubsub' ? (raw.subscribers ?? 1) : 0,
    topics: raw.topics ?? 1,
    topic,
    subTopic,
    size,
    qos: raw.qos ?? 0,
    retain: raw.retain === true,
    warmupS: raw.warmup ?? (durationS !== undefined && durationS > 2 ? 1 : 0),
    rampUpS: raw.rampUp ?? 0,
    drainS: raw.drain ?? 5,
    inflight: raw.inflight ?? raw.maxInflight ?? 64,
    workers: raw.workers ?? 1,
    idOffset: raw.idOffset ?? 0,
    clientIdPrefix: raw.idPrefix ?? raw.id ?? `mqtx-bench-${pid}`,
    json: raw.json === true,
    assertions,
    progress: raw.progress !== false,
    connections: raw.connections ?? 100,
    concurrency: raw.concurrency ?? 200,
    holdS: raw.hold ?? 0,
  }
  if (raw.shared !== undefined) cfg.shared = raw.shared
  if (rate !== undefined) cfg.rate = rate
  if (durationS !== undefined) cfg.durationS = durationS
  if (count !== undefined) cfg.count = count
  if (raw.startAt !== undefined) cfg.startAt = parseStartAt(raw.startAt)
  if (raw.assert !== undefined) cfg.assertText = raw.assert
  if (raw.connectRate !== undefined) cfg.connectRate = raw.connectRate
  if (cfg.workers > 1 && cfg.workers > cfg.publishers + cfg.subscribers) {
    throw new UsageError(`--workers ${cfg.workers} is more than the clients to share out (${cfg.publishers + cfg.subscribers}).`)
  }
  return cfg
}

/** The fields that define a scenario: results with different values cannot be merged. */
export function scenarioKey(c: BenchConfig, { roles = false } = {}): string {
  // a `pub` run and a `sub` run of one load (publishers here, subscribers there) merge into `pubsub`
  if (roles) return JSON.stringify(['pub+sub', c.size, c.qos])
  return JSON.stringify([c.scenario, c.topics, c.topic, c.subTopic, c.shared ?? null, c.size, c.qos, c.retain, c.durationS ?? null, c.count ?? null, c.warmupS, c.rampUpS])
}
