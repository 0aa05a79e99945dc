/** `mqtx rr`: flags and wiring only; the work is in src/rr/. */
import { Command, Option } from 'commander'
import { addConnectionOptions } from '../mqtt/options.js'
import { parseQos, parseSeconds } from '../mqtt/parsers.js'
import { addExamples, EXIT } from './help.js'
import { addDecodeOptions, addEncodeOptions, type RawDecodeOptions, type RawEncodeOptions } from '../codecs/options.js'
import { addOutputOptions, parseCount, type RawOutputOptions } from './sub.js'
import type { RawConnectionOptions } from '../mqtt/options.js'

export interface RawRrOptions extends RawConnectionOptions, RawOutputOptions, RawDecodeOptions, RawEncodeOptions {
  topic?: string
  responseTopic?: string
  message?: string
  file?: string
  stdinFile?: boolean
  nullMessage?: boolean
  encoding?: 'utf8' | 'hex' | 'base64'
  qos?: 0 | 1 | 2
  count?: number
  timeout?: number
}

export function rrCommand(): Command {
  const cmd = new Command('rr')
    .description('MQTT 5 request/response: publish a request, print the response (drop-in for mosquitto_rr)')
    .helpOption('--help', 'display help for rr')
  const R = 'Request options:'
  cmd
    .addOption(new Option('-t, --topic <topic>', 'topic to send the request to (no + or #)').helpGroup(R))
    .addOption(new Option('-e, --response-topic <topic>', 'topic to receive the response on (required; no + or #)').helpGroup(R))
    .addOption(new Option('-m, --message <text>', 'request payload').helpGroup(R))
    .addOption(new Option('-f, --file <file>', 'request payload: the whole file').helpGroup(R))
    .addOption(new Option('-s, --stdin-file', 'request payload: all of standard input').helpGroup(R))
    .addOption(new Option('-n, --null-message', 'an empty request').helpGroup(R))
    .addOption(new Option('--encoding <encoding>', 'how -m is given: utf8, hex or base64').choices(['utf8', 'hex', 'base64']).helpGroup(R))
    .addOption(new Option('-q, --qos <qos>', 'QoS of the request and the response subscription (default: 0)').argParser(parseQos).helpGroup(R))
    .addOption(new Option('-C, --count <n>', 'wait for n responses (default: 1)').argParser(parseCount).helpGroup(R))
    .addOption(new Option('-W, --timeout <seconds>', 'exit 27 ("Timed out") if no response after this long').argParser(parseSeconds('-W', { allowZero: false })).helpGroup(R))
  addOutputOptions(cmd)
  addEncodeOptions(cmd)
  addDecodeOptions(cmd)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx rr -t svc/time/req -e svc/time/resp/me -m now',
    "mqtx rr -t svc/calc -e replies/calc -m '{\"op\":\"add\",\"a\":1,\"b\":2}' -W 5 --json",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.interrupted])
  cmd.action(async (options: RawRrOptions) => {
    const { runRr } = await import('../rr/run.js')
    await runRr(options)
  })
  return cmd
}
