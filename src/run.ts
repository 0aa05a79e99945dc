/**
 * One run of mqtx on an argv, without side effects on the process: builds the commander program,
 * runs the command, and is the ONE place that turns errors into exit codes (`mqtx: <what happened>`
 * + hint on stderr; stack only with --debug). Returns the exit code (commands fail by throwing); it
 * does not set process.exitCode, install handlers or exit. src/cli.ts (the bin's entry) calls it; tests call it
 * in-process with their own writers (`io`) for tables of usage errors.
 */
import { CommanderError, type Command } from 'commander'
import { buildProgram, COMMAND_NAMES, loadCommands, versionText } from './program.js'
import { ExitCode, MqtxError, UsageError } from './errors.js'
import { escapeForTerminal } from './output/escape.js'
import { isDebug, isQuiet, logError, logStack, resetLog } from './output/log.js'
import { writeOut } from './output/stdout.js'
import { stderrWriter, useStreams, type OutputStreams } from './output/streams.js'
import { foldPropertyArgs } from './mqtt/argv.js'
import { usageHint } from './commands/help.js'

export function report(err: unknown, debug: boolean, hint: (message: string) => string): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return ExitCode.ok
    // `mqtx help pub` asked for help (exit 0); help shown because of an error is exit 2
    if (err.code === 'commander.help') return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage
    if (err.code === 'commander.executeSubCommandAsync') return ExitCode.usage
    const text = err.message.replace(/^error: /, '')
    // commander quotes the bad value itself: keep that one line ("(Did you mean …?)" lines are commander's own)
    logError(err.code === 'commander.invalidArgument' ? escapeForTerminal(text) : text, hint(text))
    return ExitCode.usage
  }
  if (err instanceof MqtxError) {
    if (!(isQuiet() && !(err instanceof UsageError))) logError(err.message, err.hint)
    if (debug && err.cause !== undefined) logStack(String((err.cause as Error).stack ?? err.cause))
    return err.exitCode
  }
  logError(`internal error: ${err instanceof Error ? err.message : String(err)}`, debug ? undefined : 'run again with --debug for details, and please report it')
  if (debug && err instanceof Error) logStack(err.stack ?? '')
  return ExitCode.failure
}

/**
 * Runs mqtx on `argv` (process.argv's shape: [node, script, ...args]) and returns the exit code.
 * `io`: write there instead of the process's stdout and stderr (for the run, commander's own output too).
 */
export async function run(argv: string[], io?: OutputStreams): Promise<number> {
  useStreams(io)
  // an early guess for errors before the command's options are parsed; program.ts sets both flags
  resetLog(argv.includes('-d') || argv.includes('--debug'))
  // `mqtx pub …` builds only pub; help, --version, completion and typos get the whole tree
  const first = argv[2]
  const only = first !== undefined && first !== 'completion' && COMMAND_NAMES.includes(first) ? first : undefined
  let program: Command | undefined
  try {
    // `mqtx --version` alone (what scripts and CI ask first) needs no command tree: ~14 ms less CPU
    if (argv.length === 3 && first === '--version') {
      writeOut(`${versionText()}\n`)
      return ExitCode.ok
    }
    await loadCommands(only === undefined ? COMMAND_NAMES : [only])
    program = buildProgram(only)
    if (argv.length <= 2) {
      stderrWriter().write(program.helpInformation())
      return ExitCode.usage
    }
    await program.parseAsync(foldPropertyArgs(argv))
    return ExitCode.ok
  } catch (err) {
    return report(err, isDebug(), (message) => (program === undefined ? "run 'mqtx --help'" : usageHint(program, argv.slice(2), message)))
  } finally {
    if (io !== undefined) useStreams(undefined)
  }
}
