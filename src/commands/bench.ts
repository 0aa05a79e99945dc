/** `mqtx bench`: flags and wiring only; the engine is in src/bench/. */
import { Command } from 'commander'
import { addConnectionOptions } from '../mqtt/options.js'
import { addFlags } from '../flags/define.js'
import { benchFlags, MERGE_FLAGS, type MergeOptions, type RawBenchOptions, type Scenario } from '../bench/flags.js'
import { addExamples, EXIT, type ExitRow } from './help.js'

const BENCH_EXITS: ExitRow[] = [
  EXIT.ok,
  ['1', 'an --assert condition failed, a connection was lost, or (conn) a connection failed'],
  ['2', 'usage error: bad flags, counts, rates, sizes or --assert (before any connection)'],
  EXIT.connack,
  ['129', 'hung up (SIGHUP: the terminal or SSH connection went away); the results up to then are printed (if the terminal still takes them)'],
  ['130', 'interrupted (Ctrl-C); the results up to then are printed'],
  ['143', 'terminated (SIGTERM); the results up to then are printed'],
]

function scenarioCommand(name: Scenario, description: string, examples: string[]): Command {
  const cmd = addFlags(new Command(name).description(description), benchFlags(name))
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
  addFlags(merge, MERGE_FLAGS)
  merge.action(async (files: string[], options: MergeOptions) => {
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
