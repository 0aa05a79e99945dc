/** `mqtx rr`: flags and wiring only; the work is in src/rr/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { OUTPUT_FLAGS } from '../output/flags.js'
import { RR_FLAGS, type RawRrOptions } from '../rr/flags.js'
import { addDecodeOptions, addEncodeOptions } from '../codecs/options.js'
import { addExamples, EXIT } from './help.js'

export function rrCommand(): Command {
  const cmd = new Command('rr')
    .description('request/response: publish a request, print the response (drop-in for mosquitto_rr; MQTT 5, or 3.1.1/3.1 with -V)')
  addFlags(cmd, RR_FLAGS)
  addFlags(cmd, OUTPUT_FLAGS)
  addEncodeOptions(cmd)
  addDecodeOptions(cmd)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx rr -t svc/time/req -e svc/time/resp/me -m now',
    "mqtx rr -t svc/calc -e replies/calc -m '{\"op\":\"add\",\"a\":1,\"b\":2}' -W 5 --json",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.hangup, EXIT.interrupted, ['143', 'terminated (SIGTERM)']])
  cmd.action(async (options: RawRrOptions) => {
    const { runRr } = await import('../rr/run.js')
    await runRr(options)
  })
  return cmd
}
