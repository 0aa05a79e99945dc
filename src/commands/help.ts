/** Shared help text: examples per command and the exit-code table. */
import type { Command } from 'commander'

export const EXIT_CODES_HELP = `Exit status:
  0    success
  1    runtime failure: broker unreachable, DNS, TLS, connection lost,
       a message rejected by the broker or not delivered
  2    usage error: bad flags or input (nothing was sent)
  N    the broker refused the connection: its CONNACK code
       (MQTT 3.1.1: 1-5, e.g. 5 "not authorised"; MQTT 5: 128-159, e.g. 135)
  27   timed out (-W)
  130  interrupted (Ctrl-C)`

const EXAMPLES = new WeakMap<Command, string[]>()

/** The examples a command shows in --help (the man page lists them too). */
export function commandExamples(cmd: Command): string[] {
  return EXAMPLES.get(cmd) ?? []
}

export function addExamples(cmd: Command, examples: string[]): Command {
  EXAMPLES.set(cmd, [...(EXAMPLES.get(cmd) ?? []), ...examples])
  cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\n${EXIT_CODES_HELP}\n`)
  return cmd
}
