/** `mqtx bench`: flags and wiring only; the engine is in src/bench/. */
import { Command, InvalidArgumentError, Option } from 'commander'
import { addConnectionOptions } from '../mqtt/options.js'
import { parseCount, parseQos, parseSeconds } from '../mqtt/parsers.js'
import type { RawBenchOptions, Scenario } from '../bench/config.js'
import { addExamples, EXIT, type ExitRow } from './help.js'

const BENCH_EXITS: ExitRow[] = [
  EXIT.ok,
  ['1', 'an --assert condition failed, a connection was lost, or (conn) a connection failed'],
  ['2', 'usage error: bad flags, counts, rates, sizes or --assert (before any connection)'],
  EXIT.connack,
  ['130', 'interrupted (Ctrl-C); the results up to then are printed'],
  ['143', 'terminated (SIGTERM); the results up to then are printed'],
]

/** MQTT's largest remaining length: no payload can be bigger (resolveBench checks it with the topic). */
const MAX_PAYLOAD = 268_435_455

function parseSize(v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new InvalidArgumentError('--size must be a whole number of bytes.')
  const n = Number(v)
  if (n > MAX_PAYLOAD) throw new InvalidArgumentError(`--size must be at most ${MAX_PAYLOAD} bytes (the MQTT maximum packet size).`)
  return n
}

function parseRate(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v.trim())
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number of messages per second.`)
    if (n <= 0) throw new InvalidArgumentError(`${name} must be more than 0.`)
    return n
  }
}

function parseNonNegative(name: string): (v: string) => number {
  return (v) => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${name} must be a whole number, 0 or more.`)
    return Number(v)
  }
}

const LOAD = 'Load options:'
const OUT = 'Result options:'

function loadOptions(cmd: Command, scenario: Scenario): Command {
  if (scenario !== 'sub') cmd.addOption(new Option('--publishers <n>', 'publishing connections (default: 1)').argParser(parseCount('--publishers')).helpGroup(LOAD))
  if (scenario !== 'pub') cmd.addOption(new Option('--subscribers <n>', 'subscribing connections (default: 1)').argParser(parseCount('--subscribers')).helpGroup(LOAD))
  cmd
    .addOption(new Option('--topics <n>', 'number of topics; publisher i uses topic i % n (default: 1)').argParser(parseCount('--topics')).helpGroup(LOAD))
    .addOption(new Option('-t, --topic <template>', 'topic template: %i client index, %t topic index, %% a % (default: mqtx/bench/%t)').helpGroup(LOAD))
  if (scenario !== 'pub') {
    cmd
      .addOption(new Option('--sub-topic <template>', 'subscription filter template (default: --topic with %i/%t levels as +)').helpGroup(LOAD))
      .addOption(new Option('--shared <group>', 'subscribe as the shared subscription group $share/<group>/…').helpGroup(LOAD))
  }
  cmd
    .addOption(new Option('--size <bytes>', 'payload size; at least 16 for the header (publisher id, sequence, send time) (default: 16)').argParser(parseSize).helpGroup(LOAD))
    .addOption(new Option('-q, --qos <qos>', 'QoS 0, 1 or 2 (default: 0)').argParser(parseQos).helpGroup(LOAD))
  if (scenario !== 'sub') {
    cmd
      .addOption(new Option('-r, --retain', 'publish retained').helpGroup(LOAD))
      .addOption(new Option('--rate <msg/s>', 'total offered rate, open loop from one scheduler (default: as fast as the window and TCP allow)').argParser(parseRate('--rate')).helpGroup(LOAD))
      .addOption(new Option('--rate-per-client <msg/s>', 'the same, given per publisher (total = this x --publishers)').argParser(parseRate('--rate-per-client')).helpGroup(LOAD))
      .addOption(new Option('--ramp-up <seconds>', 'raise the rate linearly from 0 over this long (excluded from the results)').argParser(parseSeconds('--ramp-up', { allowZero: true })).helpGroup(LOAD))
      .addOption(new Option('--inflight <n>', 'QoS 1/2 window per connection, capped at the broker\'s Receive Maximum (default: 64)').argParser(parseCount('--inflight')).helpGroup(LOAD))
  }
  cmd
    .addOption(new Option('--duration <seconds>', 'measured duration (default: 10, or until --count)').argParser(parseSeconds('--duration', { allowZero: false })).helpGroup(LOAD))
    .addOption(new Option('-C, --count <n>', scenario === 'sub' ? 'stop after this many messages per subscriber' : 'messages per publisher').argParser(parseCount('--count')).helpGroup(LOAD))
    .addOption(new Option('--warmup <seconds>', 'load before measuring, excluded from the results (default: 1 s when the duration is over 2 s)').argParser(parseSeconds('--warmup', { allowZero: true })).helpGroup(LOAD))
    .addOption(new Option('--drain <seconds>', 'after the load, wait this long at most for acks and deliveries (default: 5)').argParser(parseSeconds('--drain', { allowZero: true })).helpGroup(LOAD))
  return cmd
}

function scaleAndOutput(cmd: Command, conn: boolean): Command {
  if (!conn) cmd.addOption(new Option('--workers <n>', 'run the load in this many worker threads (counters and histograms merged exactly)').argParser(parseCount('--workers')).helpGroup(LOAD))
  cmd
    .addOption(new Option('--start-at <time>', 'start the load at this wall-clock time (ISO 8601 or Unix seconds), to line up several machines').helpGroup(LOAD))
    .addOption(new Option('--id-offset <n>', 'first client index (client ids and %i), to partition several machines').argParser(parseNonNegative('--id-offset')).helpGroup(LOAD))
    .addOption(new Option('--json', 'print the full result as JSON on stdout (mergeable with `mqtx bench merge`)').helpGroup(OUT))
    .addOption(new Option('--assert <conditions>', "exit 1 unless every condition holds, e.g. 'loss=0,rate>=9500,p99<10ms'").helpGroup(OUT))
    .addOption(new Option('--no-progress', 'no live progress line on the terminal').helpGroup(OUT))
  return cmd
}

function scenarioCommand(name: Scenario, description: string, examples: string[]): Command {
  const cmd = new Command(name).description(description)
  if (name === 'conn') {
    cmd
      .addOption(new Option('--connections <n>', 'connections to open and hold (default: 100)').argParser(parseCount('--connections')).helpGroup(LOAD))
      .addOption(new Option('--connect-rate <n/s>', 'start at most this many connections per second (default: unlimited)').argParser(parseRate('--connect-rate')).helpGroup(LOAD))
      .addOption(new Option('--concurrency <n>', 'connection handshakes in progress at once (default: 200)').argParser(parseCount('--concurrency')).helpGroup(LOAD))
      .addOption(new Option('--hold <seconds>', 'keep every connection open this long once all are up (default: 0)').argParser(parseSeconds('--hold', { allowZero: true })).helpGroup(LOAD))
  } else loadOptions(cmd, name)
  scaleAndOutput(cmd, name === 'conn')
  addConnectionOptions(cmd)
  addExamples(cmd, examples, BENCH_EXITS)
  cmd.action(async (options: RawBenchOptions) => {
    if (name === 'conn') {
      const { runConn } = await import('../bench/conn.js')
      await runConn(options)
    } else {
      const { runBench } = await import('../bench/run.js')
      await runBench(name, options)
    }
  })
  return cmd
}

export function benchCommand(): Command {
  const bench = new Command('bench')
    .description('benchmark a broker: throughput, latency percentiles, loss (results the broker, not mqtx, limits)')
  bench.addCommand(scenarioCommand('pubsub', 'publishers and subscribers in one process: end-to-end latency and delivery', [
    'mqtx bench pubsub --rate 20000 --duration 30',
    "mqtx bench pubsub -q 1 --publishers 10 --subscribers 10 --topics 10 --sub-topic 'mqtx/bench/%t' --assert 'loss=0'",
    'mqtx bench pubsub --publishers 100 --subscribers 4 --shared g1 --rate 50000 --json > run.json',
  ]))
  bench.addCommand(scenarioCommand('pub', 'publish only: offered and acknowledged rate, publish -> ack latency', ['mqtx bench pub -q 1 --inflight 20 --duration 10']))
  bench.addCommand(scenarioCommand('sub', 'subscribe only: received rate, loss and duplicates from the bench headers', ["mqtx bench sub -t 'mqtx/bench/+' --duration 30"]))
  bench.addCommand(scenarioCommand('conn', 'open and hold many connections: connect rate and latency, memory', ['mqtx bench conn --connections 10000 --concurrency 500']))
  const merge = new Command('merge')
    .description('merge --json results of one scenario (several machines) into one exact result')
    .argument('<files...>', 'result files written by --json')
    .option('--json', 'print the merged result as JSON')
    .option('--assert <conditions>', 'exit 1 unless every condition holds on the merged result')
    .action(async (files: string[], options: { json?: boolean; assert?: string }) => {
      const { runMerge } = await import('../bench/merge-files.js')
      await runMerge(files, options)
    })
  addExamples(merge, ['mqtx bench merge a.json b.json --json > all.json'], [EXIT.ok, ['1', 'an --assert condition failed'], ['2', 'usage error: unreadable or malformed files, results of different scenarios, a bad --assert']])
  bench.addCommand(merge)
  addExamples(bench, [
    'mqtx bench pubsub --rate 20000 --duration 30',
    "mqtx bench pub -q 1 --publishers 10 --json --assert 'ack-rate>=20000'",
    'mqtx bench conn --connections 10000',
  ], BENCH_EXITS)
  return bench
}
