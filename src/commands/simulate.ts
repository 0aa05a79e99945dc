/** `mqtx simulate`: flags and wiring only; the work is in src/simulate/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { addEncodeOptions } from '../codecs/options.js'
import { SIMULATE_FLAGS, type RawSimulateOptions } from '../simulate/flags.js'
import { addExamples, EXIT } from './help.js'

export function simulateCommand(): Command {
  const cmd = new Command('simulate')
    .description('simulated devices publishing templated payloads at a rate (or a built-in scenario, or your generator module)')
  addFlags(cmd, SIMULATE_FLAGS)
  addEncodeOptions(cmd)
  addConnectionOptions(cmd)
  cmd.addHelpText('after', `
Template placeholders (-t, -m, -f; -i takes device, int, pick, uuid):
  {{device}}                  device number from 0 ({{device a b}}: a, b, a-2, b-2, ...)
  {{seq}}                     the device's message number from 0
  {{time}} {{time ms}} {{time s}}   scheduled time: ISO 8601, Unix ms, Unix s
  {{int MIN MAX}}             random whole number, MIN and MAX included
  {{float MIN MAX [DIGITS]}}  random number (default 2 decimals)
  {{walk MIN MAX [STEP] [DIGITS]}}  per-device random walk within MIN..MAX
  {{pick A B "C D"}}          one of the words, at random
  {{uuid}}                    random UUID (v4)
  \\{{                         a literal {{
  Random values follow --seed: the same seed gives the same messages.`)
  addExamples(cmd, [
    'mqtx simulate --scenario home',
    "mqtx simulate --devices 100 --rate-per-device 0.2 -t 'sensors/{{device}}/temp' -m '{\"t\":{{walk 18 24}},\"at\":\"{{time}}\"}'",
    "mqtx simulate --devices 3 -C 6 --seed 7 --dry-run -t 'dev/{{device}}' -m '{{pick on off}} {{int 1 9}}'",
    'mqtx simulate --scenario sparkplug --devices 5 -q 1',
    'mqtx simulate --module ./gen.mjs --devices 10 --rate 100 --duration 60',
    "mqtx simulate -t 'pb/{{device}}' -m '{\"temperature\":{{float 20 30}}}' --encode protobuf --proto sensor.proto --type sensors.Reading",
  ], [
    EXIT.ok,
    ['1', 'runtime failure: broker unreachable, connection lost, a message refused by the broker or not sent, a --module that threw'],
    ['2', 'usage error: bad flags, a bad template (with its column), a --module that cannot be loaded (nothing was sent)'],
    EXIT.connack,
    ['27', 'timed out (-W) before -C was reached; the summary is printed'],
    ['129', 'hung up (SIGHUP: the terminal or SSH connection went away); the summary is attempted as for SIGTERM'],
    ['130', 'interrupted (Ctrl-C); the summary up to then is printed'],
    ['143', 'terminated (SIGTERM); the summary up to then is printed'],
  ])
  cmd.action(async (options: RawSimulateOptions) => {
    const { runSimulate } = await import('../simulate/run.js')
    await runSimulate(options)
  })
  return cmd
}
