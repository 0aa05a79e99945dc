/** `mqtx record`: flags and wiring only; the work is in src/record/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { RECORD_FLAGS, type RawRecordOptions } from '../record/flags.js'
import { addExamples, EXIT } from './help.js'

export function recordCommand(): Command {
  const cmd = new Command('record')
    .description('record messages to a file, losslessly (NDJSON as sub --json; replay plays it back)')
  addFlags(cmd, RECORD_FLAGS)
  // -o is the output file here; the options file stays --options-file
  addConnectionOptions(cmd, { longOnly: ['-o'] })
  addExamples(cmd, [
    "mqtx record -t 'home/#' -o home.ndjson",
    "mqtx record -t 'plant/#' -q 1 -c -i recorder-1 -o plant.ndjson.gz",
    "mqtx record -t 'fleet/#' -o fleet.ndjson.gz --rotate-every 1h --rotate-size 100M",
    "mqtx record -t 'sensors/+/temp' -o sample.ndjson -C 1000 --duration 10m",
  ], [EXIT.ok, ['1', 'runtime failure: broker unreachable, TLS, the file cannot be written (full disk: the file keeps only whole lines)'], EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.hangup, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (options: RawRecordOptions) => {
    const { runRecord } = await import('../record/run.js')
    await runRecord(options)
  })
  return cmd
}
