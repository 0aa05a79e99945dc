/**
 * Entry point: builds the commander program, registers the commands, and is the ONE place that
 * catches errors and sets exit codes (`mqtx: <what happened>` + hint on stderr; stack only with --debug).
 */
import { CommanderError, type Command } from 'commander'
import { buildProgram, COMMAND_NAMES } from './program.js'
import { ExitCode, MqtxError, UsageError } from './errors.js'
import { escapeForTerminal } from './output/escape.js'
import { configureLog, isDebug, isQuiet, logError, logStack } from './output/log.js'
import { foldPropertyArgs } from './mqtt/argv.js'
import { BENCH_WORKER_ARG } from './bench/worker-arg.js'
import { usageHint } from './commands/help.js'
import { anyStreamWantsColor, loadColor } from './output/terminal.js'

function report(err: unknown, debug: boolean, hint: (message: string) => string): number {
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
 * `mqtx … | head`: once the reader has gone, a write to stdout fails with EPIPE. That is the
 * reader's choice, not an error: end quietly (commands with a session, like sub, also handle it
 * themselves to disconnect first; this is the backstop for help text and everything else).
 */
function quietOnClosedStdout(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // a command that listens itself (sub's writer) disconnects first and decides
    if (err.code === 'EPIPE' && process.stdout.listenerCount('error') === 1) process.exit(process.exitCode ?? 0)
  })
}

/**
 * The backstop for what nothing else caught: an exception thrown from a callback or a rejection no one
 * handled. Node would print a line of the minified bundle and a stack; mqtx says one line (the stack
 * only with --debug) and ends with exit 1 — the state of a half-run command is unknown, so it exits.
 */
function catchStrays(): void {
  const crash = (err: unknown) => {
    process.exit(report(err, isDebug(), () => "run 'mqtx --help'"))
  }
  process.on('uncaughtException', crash)
  process.on('unhandledRejection', crash)
}

export async function main(argv: string[]): Promise<void> {
  quietOnClosedStdout()
  // an early guess for errors before the command's options are parsed; program.ts sets both flags
  configureLog({ debug: argv.includes('-d') || argv.includes('--debug') })
  // `mqtx pub …` builds only pub; help, --version, completion and typos get the whole tree
  const first = argv[2]
  const only = first !== undefined && first !== 'completion' && COMMAND_NAMES.includes(first) ? first : undefined
  let program: Command | undefined
  catchStrays()
  if (anyStreamWantsColor()) await loadColor()
  try {
    program = buildProgram(only)
    if (argv.length <= 2) {
      process.stderr.write(program.helpInformation())
      process.exitCode = ExitCode.usage
      return
    }
    await program.parseAsync(foldPropertyArgs(argv))
  } catch (err) {
    process.exitCode = report(err, isDebug(), (message) => (program === undefined ? "run 'mqtx --help'" : usageHint(program, argv.slice(2), message)))
  }
}

/** bin/mqtx.cjs runs this bundle; a bench worker thread runs it too, with BENCH_WORKER_ARG. */
async function start(argv: string[]): Promise<void> {
  if (argv[2] === BENCH_WORKER_ARG) {
    const { runAsWorker } = await import('./bench/worker.js')
    if (runAsWorker()) return
  }
  await main(argv)
}

void start(process.argv)
