/** `mqtx watch`: flags and wiring only; the work is in src/watch/ (Ink is loaded only by this command). */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { addDecodeOptions } from '../codecs/options.js'
import { WATCH_FLAGS, type RawWatchOptions } from '../watch/flags.js'
import { addExamples, EXIT } from './help.js'

export function watchCommand(): Command {
  const cmd = new Command('watch')
    .description("the broker's topic tree, live, in the terminal (counts, rates, payloads, charts, publish, clear retained)")
  addFlags(cmd, WATCH_FLAGS)
  addDecodeOptions(cmd)
  // refused by planWatch (the tree counts every message): not offered
  cmd.options.find((option) => option.long === '--where')?.hideHelp()
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx watch',
    "mqtx watch -h broker.local -t 'home/#' -t 'spBv1.0/#'",
    'mqtx watch --sys --history 500',
    "mqtx watch -t 'sensors/#' --proto sensor.proto --type sensors.Reading",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.hangup, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (options: RawWatchOptions) => {
    const { runWatch } = await import('../watch/run.js')
    await runWatch(options)
  })
  return cmd
}
