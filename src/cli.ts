/**
 * The bin's entry (it runs on import): the process-wide parts — stdout closed by its reader, the
 * backstop for stray errors, colour — then `run` (src/run.ts: the command tree and the ONE place that
 * turns errors into exit codes), whose code becomes process.exitCode.
 */
import { ExitCode } from './errors.js'
import { isDebug } from './output/log.js'
import { BENCH_WORKER_ARG } from './bench/worker-arg.js'
import { PUB_ENCODE_WORKER_ARG } from './pub/encode-worker-arg.js'
import { report, run } from './run.js'
import { anyStreamWantsColor, loadColor } from './output/terminal.js'

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
 * After a hangup (SIGHUP: the SSH connection dropped, the terminal window closed) stderr may be a dead
 * terminal: a write fails with EIO (or EPIPE). There is nowhere left to say so, and the command must
 * still finish its clean-up (close its file, wait for acknowledgements) and exit with its own code:
 * a failed stderr write is ignored (without a listener it would be an uncaught 'error', whose report
 * would fail the same way).
 */
function ignoreDeadStderr(): void {
  process.stderr.on('error', () => {})
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

async function main(argv: string[]): Promise<void> {
  quietOnClosedStdout()
  ignoreDeadStderr()
  catchStrays()
  if (anyStreamWantsColor()) await loadColor()
  const code = await run(argv)
  if (code !== ExitCode.ok) process.exitCode = code
}

/** bin/mqtx.cjs runs this bundle; bench's and pub's worker threads run it too, with BENCH_WORKER_ARG / PUB_ENCODE_WORKER_ARG. */
async function start(argv: string[]): Promise<void> {
  if (argv[2] === BENCH_WORKER_ARG) {
    const { runAsWorker } = await import('./bench/worker.js')
    if (runAsWorker()) return
  }
  if (argv[2] === PUB_ENCODE_WORKER_ARG) {
    const { runAsEncodeWorker } = await import('./pub/encode-worker.js')
    if (runAsEncodeWorker()) return
  }
  await main(argv)
}

void start(process.argv)
