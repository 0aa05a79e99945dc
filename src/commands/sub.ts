/** `mqtx sub`: flags and wiring only; the work is in src/sub/. */
import { Command, InvalidArgumentError, Option } from 'commander'
import { addConnectionOptions, type RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseIntegerIn, parseQos, parseSeconds } from '../mqtt/parsers.js'
import { addExamples, EXIT } from './help.js'
import { addDecodeOptions, type RawDecodeOptions } from '../codecs/options.js'
import type { RawOutputFlags } from '../output/render.js'

/** Output flags shared by sub and rr (declared once, with the renderer that reads them). */
export type RawOutputOptions = RawOutputFlags

export interface RawSubOptions extends RawConnectionOptions, RawOutputOptions, RawDecodeOptions {
  topic?: string[]
  filterOut?: string[]
  qos?: 0 | 1 | 2
  count?: number
  timeout?: number
  ignoreRetained?: boolean
  retainedOnly?: boolean
  removeRetained?: boolean
  exitAfterSubscribe?: boolean
  unsubscribe?: string[]
  randomFilter?: string
  local?: boolean
  retainAsPublished?: boolean
  retainHandling?: number
  match?: string
}

const OUT = 'Output options:'

/** -C: a whole number of messages, 1 or more. */
export const parseCount = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError('-C must be a whole number of messages, 1 or more.')
  return Number(value)
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-v, --verbose', "print 'topic payload' (mosquitto's -v)").helpGroup(OUT))
    .addOption(new Option('-N, --no-eol', 'no newline after each message').helpGroup(OUT))
    .addOption(new Option('-F, --format <format>', 'mosquitto_sub output format: %t topic, %p payload, %j JSON … (man mqtx: OUTPUT FORMAT)').helpGroup(OUT))
    .addOption(new Option('--pretty', 'indent the JSON of -F %j / %J').helpGroup(OUT))
    .addOption(new Option('--json', 'one lossless JSON object per message (payload as text, or base64 when binary)').helpGroup(OUT))
    .addOption(new Option('--raw', "mosquitto's plain output even on a terminal").helpGroup(OUT))
    .addOption(new Option('--human', 'the human view (time, colour, properties, escaped) even in a pipe').helpGroup(OUT))
    .addOption(new Option('--full', 'the human view shows whole payloads (default: 40 lines, 4,000 characters, 64 bytes of binary)').helpGroup(OUT))
}

export function subCommand(): Command {
  const cmd = new Command('sub')
    .description('subscribe and print messages (drop-in for mosquitto_sub)')
    .helpOption('--help', 'display help for sub')
  const S = 'Subscription options:'
  cmd
    .addOption(new Option('-t, --topic <filter>', 'topic filter to subscribe to (repeatable; + and # wildcards, $share/group/filter)').argParser(collect).helpGroup(S))
    .addOption(new Option('-T, --filter-out <filter>', 'do not print or count messages whose topic matches (repeatable)').argParser(collect).helpGroup(S))
    .addOption(new Option('-q, --qos <qos>', 'quality of service of the subscription, 0, 1 or 2 (default: 0)').argParser(parseQos).helpGroup(S))
    .addOption(new Option('-C, --count <n>', 'exit after printing n messages').argParser(parseCount).helpGroup(S))
    .addOption(new Option('-W, --timeout <seconds>', 'exit 27 ("Timed out") if not done after this long').argParser(parseSeconds('-W', { allowZero: false })).helpGroup(S))
    .addOption(new Option('--match <regex>', 'only print and count messages whose payload matches (RE2 syntax: linear time, no backreferences or lookaround)').helpGroup(S))
    .addOption(new Option('-R, --ignore-retained', 'do not print retained messages').helpGroup(S))
    .addOption(new Option('--retained-only', 'print only retained messages; exit once the retained backlog is printed').helpGroup(S))
    .addOption(new Option('--remove-retained', 'clear every retained message received (publish an empty retained message)').helpGroup(S))
    .addOption(new Option('-E, --exit-after-subscribe', 'exit once subscribed (with -c: creates the durable session)').helpGroup(S))
    .addOption(new Option('-U, --unsubscribe <filter>', 'unsubscribe from this filter after connecting (repeatable; with -c)').argParser(collect).helpGroup(S))
    .addOption(new Option('--random-filter <percent>', 'print about this percentage of messages, 0.1 to 100').helpGroup(S))
    .addOption(new Option('--no-local', 'v5: do not receive own publications').helpGroup(S))
    .addOption(new Option('--retain-as-published', 'v5: keep the retain flag as published').helpGroup(S))
    .addOption(new Option('--retain-handling <0|1|2>', 'v5: 0 send retained, 1 only for new subscriptions, 2 never').argParser(parseIntegerIn('--retain-handling', 0, 2)).helpGroup(S))
  addOutputOptions(cmd)
  addDecodeOptions(cmd)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx sub -t home/temperature',
    "mqtx sub -t 'home/#' -v",
    "mqtx sub -t 'sensors/+/temp' --json | jq .payload",
    "mqtx sub -t dev/1/status --match '\"online\":true' -C 1 -W 30",
    "mqtx sub -t 'home/#' -F '%I %t %p'",
    "mqtx sub -t '$share/workers/jobs/#' -q 1 -c -i worker-1",
    "mqtx sub -t 'sensors/+/pb' --decode protobuf --proto sensor.proto --type sensors.Reading",
    "mqtx sub -t 'home/+/climate' --select temperature --where 'temperature > `30`' -C 1 -W 60",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (options: RawSubOptions) => {
    const { runSub } = await import('../sub/run.js')
    await runSub(options)
  })
  return cmd
}
