/** Shared help text: examples per command, the exit-code tables, and the hint after a usage error. */
import type { Command } from 'commander'
import { escapeForTerminal } from '../output/escape.js'

export const EXIT_CODES_HELP = `Exit status:
  0    success
  1    runtime failure: broker unreachable, DNS, TLS, connection lost,
       a message rejected by the broker or not delivered
  2    usage error: bad flags or input (nothing was sent)
  N    the broker refused the connection: its CONNACK code
       (MQTT 3.1.1: 1-5, e.g. 5 "not authorised"; MQTT 5: 128-159, e.g. 135)
  27   timed out (-W)
  129  hung up (SIGHUP: the terminal or SSH connection went away),
       after the same clean-up as SIGTERM
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM); a second Ctrl-C or SIGTERM ends mqtx at once`

/** One row of a command's exit-status table: the code and what it means (wrapped by `exitStatus`). */
export type ExitRow = [code: string, meaning: string]

export const EXIT = {
  ok: ['0', 'success'],
  usage: ['2', 'usage error: bad flags or input (nothing was sent)'],
  connack: ['N', 'the broker refused the connection: its CONNACK code (MQTT 3.1.1: 1-5, e.g. 5 "not authorised"; MQTT 5: 128-159, e.g. 135)'],
  runtime: ['1', 'runtime failure: broker unreachable, DNS, TLS, connection lost, a message rejected by the broker or not delivered'],
  timeout: ['27', 'timed out (-W)'],
  hangup: ['129', 'hung up (SIGHUP: the terminal or SSH connection went away), after the same clean-up as SIGTERM'],
  interrupted: ['130', 'interrupted (Ctrl-C)'],
  terminated: ['143', 'terminated (SIGTERM), after writing out what was received'],
} satisfies Record<string, ExitRow>

/** The table as --help prints it: "Exit status:", then `  CODE MEANING` wrapped at 72 columns. */
export function exitStatus(rows: ExitRow[]): string {
  const lines = ['Exit status:']
  for (const [code, meaning] of rows) {
    let line = `  ${code.padEnd(5)}`
    for (const word of meaning.split(' ')) {
      if (line.length + word.length + 1 > 72 && line.trim().length > code.length) {
        lines.push(line.trimEnd())
        line = `       ${word}`
      } else line += (line.endsWith(' ') ? '' : ' ') + word
    }
    lines.push(line)
  }
  return lines.join('\n')
}

/** The exit codes of a command that connects to a broker (pub; sub and rr add 27). */
const EXAMPLES = new WeakMap<Command, string[]>()

/** The examples a command shows in --help (the man page lists them too). */
export function commandExamples(cmd: Command): string[] {
  return EXAMPLES.get(cmd) ?? []
}

/** Examples and the exit codes THIS command can produce, at the end of its --help. */
export function addExamples(cmd: Command, examples: string[], exits: ExitRow[]): Command {
  EXAMPLES.set(cmd, [...(EXAMPLES.get(cmd) ?? []), ...examples])
  cmd.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\n${exitStatus(exits)}\n`)
  return cmd
}

/** What people type from other tools, and what mqtx calls it. */
const OTHER_NAMES: Record<string, string> = {
  publish: 'mqtx pub',
  mosquitto_pub: 'mqtx pub',
  subscribe: 'mqtx sub',
  mosquitto_sub: 'mqtx sub',
  request: 'mqtx rr',
  mosquitto_rr: 'mqtx rr',
  version: 'mqtx --version',
  benchmark: 'mqtx bench',
  certs: 'mqtx certgen',
  cert: 'mqtx certgen',
  completions: 'mqtx completion',
}

/** Flags that were renamed because the same letter meant something else in another command. */
const RENAMED: Record<string, Record<string, string>> = {
  bench: { '-R': "bench spells it --rate (-R is mqtx sub's --ignore-retained)", '-s': "bench spells it --size (-s is mqtx pub's --stdin-file)" },
  check: { '--timeout': "check's time limit is --max-time (--timeout is -W: exit 27 in sub and rr)" },
}

/** The command words of `args` (argv without node and script): ['bench', 'pub'] for `bench pub -R 5`. */
function commandPath(program: Command, args: string[]): Command[] {
  const path = [program]
  for (const word of args) {
    const next = path[path.length - 1]?.commands.find((c) => c.name() === word || c.aliases().includes(word))
    if (next === undefined) break
    path.push(next)
  }
  return path
}

/** The hint after commander's usage error: the real command's --help, or the command that was meant. */
export function usageHint(program: Command, args: string[], message: string): string {
  const path = commandPath(program, args)
  const words = path.slice(1).map((c) => c.name())
  const unknownCommand = /unknown command '([^']*)'/.exec(message)?.[1]
  if (unknownCommand !== undefined) {
    const meant = OTHER_NAMES[unknownCommand.toLowerCase()]
    if (meant !== undefined) return `did you mean '${meant}'?`
    const inside = path[path.length - 1] ?? program
    return `commands: ${inside.commands.map((c) => c.name()).join(', ')}; run '${['mqtx', ...words, '--help'].join(' ')}'`
  }
  const option = /unknown option '([^']*)'/.exec(message)?.[1]
  const renamed = option === undefined ? undefined : RENAMED[words[0] ?? '']?.[option]
  if (renamed !== undefined) return renamed
  // -h for help: it is the broker host (mosquitto's meaning), so `mqtx sub -h` lacks a value
  if (option === '-h' || /^option '-h, --host <[^>]*>' argument missing$/.test(message)) {
    const meaning = words[0] === 'broker' ? 'the address to listen on' : "the broker host, as in mosquitto's clients"
    return `help is '${['mqtx', ...words, '--help'].join(' ')}' (-h is ${meaning})`
  }
  if (words.length === 0 && (option === '-v' || option === '-V')) return "did you mean 'mqtx --version'? (-v is mqtx sub's topic-and-payload output, -V the MQTT version)"
  if (words.length === 0 && option !== undefined) return `options go after the command (mqtx pub ${escapeForTerminal(option)} …); run 'mqtx --help' for the commands`
  return `run '${['mqtx', ...words, '--help'].join(' ')}' for the options`
}
