/** `mqtx bench`'s own flags, declared once (src/flags/define.ts); the connection options come on top. */
import { InvalidArgumentError } from 'commander'
import { defineFlags, type FlagDecl, type FlagTable, type OptionsOf } from '../flags/define.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { parseCount, parseQos, parseRate, parseSeconds } from '../mqtt/parsers.js'

/** MQTT's largest remaining length: no payload can be bigger (resolveBench checks it with the topic). */
const MAX_PAYLOAD = 268_435_455

function parseSize(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError('--size must be a whole number of bytes.')
  const n = Number(v)
  if (n > MAX_PAYLOAD) throw new InvalidArgumentError(`--size must be at most ${MAX_PAYLOAD} bytes (the MQTT maximum packet size).`)
  return n
}

function parseNonNegative(name: string): (v: string) => number {
  return (v) => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${name} must be a whole number, 0 or more.`)
    return Number(v)
  }
}

const LOAD = 'Load options:'
const OUT = 'Result options:'

/** Every scenario's flags, in help order; `SCENARIOS` says which scenario has which. */
export const BENCH_FLAGS = defineFlags({
  connections: { flags: '--connections <n>', help: 'connections to open and hold (default: 100)', group: LOAD, parse: parseCount('--connections') },
  connectRate: { flags: '--connect-rate <n/s>', help: 'start at most this many connections per second (default: unlimited)', group: LOAD, parse: parseRate('--connect-rate') },
  concurrency: { flags: '--concurrency <n>', help: 'connection handshakes in progress at once (default: 200)', group: LOAD, parse: parseCount('--concurrency') },
  hold: { flags: '--hold <seconds>', help: 'keep every connection open this long once all are up (default: 0)', group: LOAD, parse: parseSeconds('--hold', { allowZero: true }) },
  publishers: { flags: '--publishers <n>', help: 'publishing connections (default: 1)', group: LOAD, parse: parseCount('--publishers') },
  subscribers: { flags: '--subscribers <n>', help: 'subscribing connections (default: 1)', group: LOAD, parse: parseCount('--subscribers') },
  topics: { flags: '--topics <n>', help: 'number of topics; publisher i uses topic i % n (default: 1)', group: LOAD, parse: parseCount('--topics') },
  topic: { flags: '-t, --topic <template>', help: 'topic template: %i client index, %t topic index, %% a % (default: mqtx/bench/%t)', group: LOAD },
  subTopic: { flags: '--sub-topic <template>', help: 'subscription filter template (default: --topic with %i/%t levels as +)', group: LOAD },
  shared: { flags: '--shared <group>', help: 'subscribe as the shared subscription group $share/<group>/…', group: LOAD },
  size: { flags: '--size <bytes>', help: 'payload size; at least 16 for the header (publisher id, sequence, send time) (default: 16)', group: LOAD, parse: parseSize },
  qos: { flags: '-q, --qos <qos>', help: 'QoS 0, 1 or 2 (default: 0)', group: LOAD, parse: parseQos },
  retain: { flags: '-r, --retain', help: 'publish retained', group: LOAD },
  rate: { flags: '--rate <msg/s>', help: 'total offered rate, open loop from one scheduler (default: as fast as the window and TCP allow)', group: LOAD, parse: parseRate('--rate') },
  ratePerClient: { flags: '--rate-per-client <msg/s>', help: 'the same, given per publisher (total = this x --publishers)', group: LOAD, parse: parseRate('--rate-per-client') },
  rampUp: {
    flags: '--ramp-up <seconds>',
    help: 'raise the rate linearly from 0 over this long (excluded from the results)',
    group: LOAD,
    parse: parseSeconds('--ramp-up', { allowZero: true }),
  },
  inflight: { flags: '--inflight <n>', help: 'QoS 1/2 window per connection, capped at the broker\'s Receive Maximum (default: 64)', group: LOAD, parse: parseCount('--inflight') },
  duration: { flags: '--duration <seconds>', help: 'measured duration (default: 10, or until --count)', group: LOAD, parse: parseSeconds('--duration', { allowZero: false }) },
  count: { flags: '-C, --count <n>', help: 'messages per publisher', group: LOAD, parse: parseCount('--count') },
  warmup: {
    flags: '--warmup <seconds>',
    help: 'load before measuring, excluded from the results (default: 1 s when the duration is over 2 s)',
    group: LOAD,
    parse: parseSeconds('--warmup', { allowZero: true }),
  },
  drain: { flags: '--drain <seconds>', help: 'after the load, wait this long at most for acks and deliveries (default: 5)', group: LOAD, parse: parseSeconds('--drain', { allowZero: true }) },
  workers: { flags: '--workers <n>', help: 'run the load in this many worker threads (counters and histograms merged exactly)', group: LOAD, parse: parseCount('--workers') },
  startAt: { flags: '--start-at <time>', help: 'start the load at this wall-clock time (ISO 8601 or Unix seconds), to line up several machines', group: LOAD },
  idOffset: { flags: '--id-offset <n>', help: 'first client index (client ids and %i), to partition several machines', group: LOAD, parse: parseNonNegative('--id-offset') },
  json: { flags: '--json', help: 'print the full result as JSON on stdout (mergeable with `mqtx bench merge`)', group: OUT },
  assert: { flags: '--assert <conditions>', help: "exit 1 unless every condition holds, e.g. 'loss=0,rate>=9500,p99<10ms'", group: OUT },
  progress: { flags: '--no-progress', help: 'no live progress line on the terminal', group: OUT },
})

type BenchFlag = keyof typeof BENCH_FLAGS
export type Scenario = 'pubsub' | 'pub' | 'sub' | 'conn'

const LOADED: readonly Scenario[] = ['pubsub', 'pub', 'sub']
const PUBLISHING: readonly Scenario[] = ['pubsub', 'pub']
const SUBSCRIBING: readonly Scenario[] = ['pubsub', 'sub']
/** The scenarios that have a flag; a flag not listed is in all of them. */
const SCENARIOS: Partial<Record<BenchFlag, readonly Scenario[]>> = {
  connections: ['conn'], connectRate: ['conn'], concurrency: ['conn'], hold: ['conn'],
  publishers: PUBLISHING, subscribers: SUBSCRIBING, topics: LOADED, topic: LOADED, subTopic: SUBSCRIBING, shared: SUBSCRIBING,
  size: LOADED, qos: LOADED, retain: PUBLISHING, rate: PUBLISHING, ratePerClient: PUBLISHING, rampUp: PUBLISHING, inflight: PUBLISHING,
  duration: LOADED, count: LOADED, warmup: LOADED, drain: LOADED, workers: LOADED,
}

/** One scenario's flags, in help order (bench sub's -C counts what it receives). */
export function benchFlags(scenario: Scenario): FlagTable {
  const table: Record<string, FlagDecl> = {}
  for (const [key, decl] of Object.entries(BENCH_FLAGS) as [BenchFlag, FlagDecl][]) {
    if (SCENARIOS[key]?.includes(scenario) === false) continue
    table[key] = key === 'count' && scenario === 'sub' ? { ...decl, help: 'stop after this many messages per subscriber' } : decl
  }
  return table
}

export type RawBenchOptions = RawConnectionOptions & OptionsOf<typeof BENCH_FLAGS>

/** `mqtx bench merge`'s flags. */
export const MERGE_FLAGS = defineFlags({
  json: { flags: '--json', help: 'print the merged result as JSON' },
  assert: { flags: '--assert <conditions>', help: 'exit 1 unless every condition holds on the merged result' },
})

export type MergeOptions = OptionsOf<typeof MERGE_FLAGS>
