/** `mqtx bridge`: flags and wiring only; the work is in src/bridge/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { BRIDGE_FLAGS, type RawBridgeOptions } from '../bridge/flags.js'
import { addExamples, EXIT } from './help.js'

export function bridgeCommand(): Command {
  const cmd = new Command('bridge')
    .description('copy messages from one broker to another, acknowledging upstream only once downstream confirmed (QoS 1: nothing lost when either broker restarts)')
  addFlags(cmd, BRIDGE_FLAGS)
  addExamples(cmd, [
    "mqtx bridge --from mqtt://broker-a --to mqtt://broker-b -t 'sensors/#'",
    "mqtx bridge --from mqtts://user:pass@cloud:8883 --to mqtt://localhost -t 'site1/#' --rewrite '^site1/(.*)' 'mirror/site1/$1'",
    "mqtx bridge --from mqtt://a --to mqtt://b -t 'jobs/#' -q 1 -c -i bridge-ab --prefix a/",
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.hangup, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (options: RawBridgeOptions) => {
    const { runBridge } = await import('../bridge/run.js')
    await runBridge(options)
  })
  return cmd
}
