/**
 * The command tree. Commands are registered here (one line each); src/cli.ts runs it.
 * Also used by the completion and man-page generators, so it must not run anything on import.
 */
import { Command } from 'commander'
import { UsageError } from './errors.js'
import { escapeForTerminal } from './output/escape.js'
import { configureLog } from './output/log.js'
import { writeOut } from './output/stdout.js'
import { stderrWriter } from './output/streams.js'
import { EXIT_CODES_HELP } from './commands/help.js'
import { applyConfigHook } from './config/hook.js'
import { runtimeLabel } from './runtime.js'
import { MQTTJS_VERSION, MQTX_VERSION } from './version.js'

type MakeCommand = () => Command

/** What `mqtx --version` prints. */
export const versionText = (): string => `mqtx ${MQTX_VERSION} (MQTT.js ${MQTTJS_VERSION}, ${runtimeLabel()})`

/**
 * In README's order (help, man page and completions list them so). Each command's wiring (its flag
 * tables, help text, examples) is imported only when that command is built: `mqtx pub` reads none of
 * the other commands' code (start-up time), see loadCommands.
 */
const COMMANDS: Array<[name: string, load: () => Promise<MakeCommand>]> = [
  ['pub', async () => (await import('./commands/pub.js')).pubCommand],
  ['sub', async () => (await import('./commands/sub.js')).subCommand],
  ['rr', async () => (await import('./commands/rr.js')).rrCommand],
  ['respond', async () => (await import('./commands/respond.js')).respondCommand],
  ['record', async () => (await import('./commands/record.js')).recordCommand],
  ['replay', async () => (await import('./commands/replay.js')).replayCommand],
  ['bench', async () => (await import('./commands/bench.js')).benchCommand],
  ['simulate', async () => (await import('./commands/simulate.js')).simulateCommand],
  ['certgen', async () => (await import('./commands/certgen.js')).certgenCommand],
  ['broker', async () => (await import('./commands/broker.js')).brokerCommand],
  ['check', async () => (await import('./commands/check.js')).checkCommand],
  ['bridge', async () => (await import('./commands/bridge.js')).bridgeCommand],
  ['watch', async () => (await import('./commands/watch.js')).watchCommand],
  ['completion', async () => (await import('./commands/completion.js')).completionCommand],
]

const makers = new Map<string, MakeCommand>()

/** Imports the wiring of these commands (all by default); buildProgram needs it for what it builds. */
export async function loadCommands(names: readonly string[] = COMMAND_NAMES): Promise<void> {
  await Promise.all(COMMANDS.filter(([name]) => names.includes(name) && !makers.has(name)).map(async ([name, load]) => makers.set(name, await load())))
}

function maker(name: string): MakeCommand {
  const make = makers.get(name)
  if (make === undefined) throw new Error(`mqtx ${name}: its wiring was not loaded (await loadCommands() before buildProgram())`)
  return make
}

export const COMMAND_NAMES = COMMANDS.map(([name]) => name)

function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

function listOf(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`
}

/**
 * commander answers `mqtx help foo` and a bare `mqtx bench` by printing the whole help on stderr;
 * mqtx says what is wrong in one line instead (the list of commands in it), exit 2.
 */
function oneLineWhenHelpIsTheError(cmd: Command): void {
  const help = cmd.help.bind(cmd) as (context?: { error: boolean }) => never
  cmd.help = ((context?: { error: boolean }): never => {
    if (context?.error !== true) return help(context)
    const names = cmd.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden).map((c) => c.name())
    const [first, second] = cmd.args
    const path = commandPath(cmd)
    if (first === 'help' && second !== undefined) {
      throw new UsageError(`unknown command '${escapeForTerminal(second)}' (commands: ${names.join(', ')}).`, { hint: `run '${path} --help' for an overview` })
    }
    throw new UsageError(`'${path}' needs a command: ${listOf(names)}.`, { hint: `run '${path} --help' for the options, or '${path} <command> --help'` })
  }) as Command['help']
}

function configure(cmd: Command): void {
  // `--help` declared, never `-h` (that is the broker host, as in mosquitto)
  cmd.helpOption('--help', cmd.parent === null ? 'display help' : `display help for ${commandPath(cmd).replace(/^mqtx /, '')}`)
  cmd.exitOverride()
  // errors are reported by src/run.ts; help goes where this run writes (src/output/streams.ts)
  cmd.configureOutput({ outputError: () => {}, writeOut: (text) => writeOut(text), writeErr: (text) => stderrWriter().write(text) })
  if (cmd.commands.length > 0) oneLineWhenHelpIsTheError(cmd)
  for (const sub of cmd.commands) configure(sub)
}

/** The whole tree, or (for speed) with only `only` built in full. Their wiring must be loaded (loadCommands). */
export function buildProgram(only?: string): Command {
  const program = new Command('mqtx')
    .description('A fast, safe MQTT command line: publish, subscribe, request/response, record and replay, bridge, simulate devices, watch a broker live, benchmark, certificates.')
    .version(versionText(), '--version', 'print the versions of mqtx, MQTT.js and the runtime')
    .showSuggestionAfterError(true)
  for (const [name] of COMMANDS) {
    // Only the command being run is built in full: its options are all that parsing needs, and
    // building every command's ~50 options costs start-up time. The rest are bare names.
    program.addCommand(only === undefined || only === name ? maker(name)() : new Command(name))
  }
  program.addHelpText('after', `\nExamples:\n  $ mqtx sub -t home/temperature -v\n  $ mqtx pub -t home/temperature -m 25.5\n\n${EXIT_CODES_HELP}\n`)
  // config file + MQTX_* environment fill what the flags left unset (src/config/). A profile is
  // checked against every command's options, so it needs the whole tree even when only one is built.
  program.hook('preAction', (root, action) =>
    applyConfigHook(action, () => (only === undefined ? root : buildProgram()), () => loadCommands()),
  )
  // --quiet and --debug, as given or as the config set them: one place for every command
  program.hook('preAction', (_root, action) => {
    const o = action.opts<{ quiet?: boolean; debug?: boolean }>()
    configureLog({ quiet: o.quiet === true, debug: o.debug === true })
  })
  configure(program)
  return program
}

