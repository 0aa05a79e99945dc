/** `mqtx respond`: flags and wiring only; the work is in src/respond/. */
import { Command } from 'commander'
import { addFlags } from '../flags/define.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { RESPOND_FLAGS, type RawRespondOptions } from '../respond/flags.js'
import { addExamples, EXIT } from './help.js'

/** Did the command's operands come after `--` (commander does not say)? */
function afterDashDash(cmd: Command, operands: string[]): boolean {
  let root: Command = cmd
  while (root.parent !== null) root = root.parent
  const raw = (root as Command & { rawArgs?: string[] }).rawArgs ?? []
  const at = raw.indexOf('--')
  const tail = at === -1 ? [] : raw.slice(at + 1)
  return tail.length === operands.length && tail.every((a, i) => a === operands[i])
}

export function respondCommand(): Command {
  const cmd = new Command('respond')
    .description('answer requests: the server side of mqtx rr (reply on the response topic with the correlation data: fixed, templated, or a command\'s output)')
    .argument('[command...]', 'after --: a command to run per request (argv, no shell): the request on its stdin, its stdout the reply')
  addFlags(cmd, RESPOND_FLAGS)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx respond -t svc/time/req -m now',
    "mqtx respond -t 'svc/greet/+' --template '{\"hello\": {{payload.name | json}}, \"from\": \"{{topic.2}}\"}'",
    "mqtx respond -t svc/calc --concurrency 4 -- jq -j -c '{sum: (.a + .b)}'",
    'mqtx respond -V 311 -t svc/ping -e svc/pong -m pong',
  ], [EXIT.ok, EXIT.runtime, EXIT.usage, EXIT.connack, EXIT.timeout, EXIT.hangup, EXIT.interrupted, EXIT.terminated])
  cmd.action(async (operands: string[], options: RawRespondOptions, command: Command) => {
    const { runRespond } = await import('../respond/run.js')
    await runRespond(options, operands, afterDashDash(command, operands))
  })
  return cmd
}
