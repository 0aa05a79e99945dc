/** `mqtx pub`: flags and wiring only; the work is in src/pub/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { PUB_FLAGS, type RawPubOptions } from '../pub/flags.js'
import { addEncodeOptions } from '../codecs/options.js'
import { addExamples, EXIT } from './help.js'

export function pubCommand(): Command {
  const cmd = new Command('pub')
    .description('publish a message (drop-in for mosquitto_pub)')
  addFlags(cmd, PUB_FLAGS)
  addEncodeOptions(cmd)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx pub -t home/temperature -m 25.5',
    'mqtx pub -t home/status -m online -r -q 1',
    'mqtx pub -t firmware/blob -f image.bin -q 1',
    'tail -f app.log | mqtx pub -t logs/app -l -q 1',
    "mqtx pub -t dev/raw --encoding hex -m 'deadbeef'",
    "mqtx pub -t dev/cmd -m reboot --content-type text/plain --user-property origin=ops",
    "mqtx pub -t sensors/1/pb --encode protobuf --proto sensor.proto --type sensors.Reading -m '{\"temperature\":25.5}'",
    "mqtx pub -t spBv1.0/plant/DDATA/edge1/pump --encode sparkplug -m '{\"metrics\":[{\"name\":\"rpm\",\"value\":1450}]}'",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.hangup, EXIT.interrupted, ['143', 'terminated (SIGTERM); with -l, after waiting briefly for the acknowledgements']])
  cmd.action(async (options: RawPubOptions) => {
    const { runPub } = await import('../pub/run.js')
    await runPub(options)
  })
  return cmd
}
