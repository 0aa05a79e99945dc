/** `mqtx replay`: flags and wiring only; the work is in src/replay/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { REPLAY_FLAGS, REPLAY_MORE_FLAGS, REPLAY_NO_RETAIN_FLAG, type RawReplayOptions } from '../replay/flags.js'
import { addExamples, EXIT } from './help.js'

export function replayCommand(): Command {
  const cmd = new Command('replay')
    .description('publish a recording again with its timing (what record and sub --json wrote; .gz too)')
    .argument('[file...]', 'recordings to replay, in order (- for standard input)')
  addFlags(cmd, REPLAY_FLAGS)
  addFlags(cmd, REPLAY_NO_RETAIN_FLAG)
  addFlags(cmd, REPLAY_MORE_FLAGS)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx replay home.ndjson',
    'mqtx replay plant.ndjson.gz --speed 10 --loop 3',
    "mqtx replay fleet.*.ndjson.gz --speed max -h staging.local -q 1",
    "mqtx replay home.ndjson --since 5m --until 10m -t 'home/+/temp'",
    "mqtx replay site1.ndjson --rewrite '^site1/(.*)' 'site2/$1' --dry-run",
  ], [EXIT.ok, EXIT.runtime, ['2', 'usage error: bad flags, a missing file or a bad line (file:line; nothing was sent)'], EXIT.connack, EXIT.hangup, EXIT.interrupted, ['143', 'terminated (SIGTERM), after waiting briefly for the acknowledgements']])
  cmd.action(async (files: string[], options: RawReplayOptions) => {
    const { runReplay } = await import('../replay/run.js')
    await runReplay(files, options)
  })
  return cmd
}
