/** `mqtx sub`: flags and wiring only; the work is in src/sub/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { OUTPUT_FLAGS } from '../output/flags.js'
import { SUB_FLAGS, type RawSubOptions } from '../sub/flags.js'
import { addDecodeOptions } from '../codecs/options.js'
import { addExamples, EXIT } from './help.js'

export function subCommand(): Command {
  const cmd = new Command('sub')
    .description('subscribe and print messages (drop-in for mosquitto_sub)')
  addFlags(cmd, SUB_FLAGS)
  addFlags(cmd, OUTPUT_FLAGS)
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
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.hangup, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (options: RawSubOptions) => {
    const { runSub } = await import('../sub/run.js')
    await runSub(options)
  })
  return cmd
}
