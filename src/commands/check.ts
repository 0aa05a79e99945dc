/** `mqtx check`: flags and wiring only; the work is in src/check/. */
import { Command } from 'commander'
import { CHECK_FLAGS, type RawCheckOptions } from '../check/flags.js'
import { PROBE_HELP, PROBES } from '../check/probes.js'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { addExamples, EXIT } from './help.js'

export function checkCommand(): Command {
  const cmd = new Command('check')
    .summary('what does this broker support? (a ready-made smoke test)')
    .description(
      [
        'connect to a broker and report what it supports and how it behaves: MQTT 5 and 3.1.1 connects, the MQTT 5 CONNACK capabilities, then active probes.',
        '',
        'Exit 0 when every probe passed or the feature is unsupported by design (the broker says so, or the protocol has no such feature), 1 when something failed. It publishes only under a unique topic below --prefix, and clears the retained message it sets.',
      ].join('\n'),
    )
  addFlags(cmd, CHECK_FLAGS)
  addConnectionOptions(cmd)
  cmd.addHelpText('after', `\nProbes:\n${PROBES.map((p) => `  ${p.padEnd(14)} ${PROBE_HELP[p]}`).join('\n')}`)
  addExamples(cmd, [
    'mqtx check -h broker.local',
    'mqtx check -L mqtts://broker.example.com:8883/x --cafile ca.crt',
    'mqtx check --only qos1,retained,will --json | jq .ok',
    'mqtx check --skip max-payload,shared --max-time 10',
  ], [EXIT.ok, ['1', 'a probe failed (stderr names it), or the broker could not be reached'], EXIT.usage, EXIT.hangup, EXIT.interrupted, ['143', 'terminated (SIGTERM)']])
  cmd.action(async (options: RawCheckOptions) => {
    const { runCheck } = await import('../check/run.js')
    await runCheck(options)
  })
  return cmd
}
