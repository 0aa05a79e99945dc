/**
 * The one place that listens for SIGINT, SIGTERM and SIGHUP (src/cli.ts is the only other place that
 * ends the process). A command that can stop gracefully registers with `onStopSignal`: the first
 * signal calls its `stop` (finish or abandon what is in flight, clean up, then fail with
 * `stoppedBy(signal)` so src/cli.ts sets 130, 143 or 129); a second signal ends the process at once
 * with that code.
 *
 * SIGHUP (the SSH connection dropped, the terminal window closed) stops like SIGTERM. After a hangup
 * stdout/stderr may be a dead terminal: src/cli.ts ignores stderr write errors, so the summary and the
 * error line are attempted and a failed write changes nothing. `nohup`: Node resets every signal to its
 * default at start-up (SIG_IGN included), so under Node nohup never kept mqtx alive; Bun keeps an
 * ignored SIGHUP ignored, and mqtx then does not listen for it (`hangupIgnoredAtStart`).
 */
import { closeSync, readFileSync } from 'node:fs'
import { isatty } from 'node:tty'
import { ExitCode, HangupError, InterruptedError, TerminatedError, type MqtxError } from './errors.js'

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP'

let hangupIgnored: boolean | undefined

/**
 * Was SIGHUP ignored (nohup) before mqtx listened for it? Linux's /proc/self/status SigIgn, read once,
 * before the first listener (listening replaces the disposition). Under Node always false: Node reset
 * it at start-up. Elsewhere (no /proc): false, SIGHUP is listened for.
 */
function hangupIgnoredAtStart(): boolean {
  if (hangupIgnored === undefined) {
    try {
      const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
      hangupIgnored = mask !== undefined && (BigInt(`0x${mask}`) & 1n) === 1n
    } catch {
      hangupIgnored = false
    }
  }
  return hangupIgnored
}

/** Which of stdin, stdout, stderr were terminals, noted before any hangup (a dead one may not say). */
let terminals: number[] | undefined

/** SIGHUP only when it was not ignored when mqtx started (nohup on Bun: see above). */
function stopSignals(): readonly StopSignal[] {
  terminals ??= [0, 1, 2].filter((fd) => isatty(fd))
  return hangupIgnoredAtStart() ? ['SIGINT', 'SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP']
}

let hungUp = false

/**
 * The first SIGHUP, whoever handles it. Hangups come in twos (the shell passes its own on, the kernel
 * signals the foreground group when the shell ends) and a command's handler is gone once its stop
 * began: a later SIGHUP would kill mqtx mid-shutdown (Node's default), so from now on it is ignored.
 *
 * Node 20 also gives each terminal its start-up settings back at exit (tcsetattr) and aborts when the
 * terminal is gone (EIO: exit 134 and a native stack instead of 129; nodejs/node#51519, fixed in
 * later Node by #58200). It skips a descriptor that was closed, so the terminals among 0-2 are closed
 * as the very last thing before exit (mqtx's own 'exit' listeners, registered earlier, ran).
 */
function onHangup(): void {
  if (hungUp) return
  hungUp = true
  process.on('SIGHUP', () => {})
  process.once('exit', () => {
    for (const fd of terminals ?? []) {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
    }
  })
}

/**
 * The terminal went away before its SIGHUP reached mqtx (a write to it failed with EIO): the same stop
 * as for SIGHUP, exit 129, and the same care for the dead terminal at exit.
 */
export function terminalGone(): MqtxError {
  onHangup()
  return stoppedBy('SIGHUP')
}

/** 128 + N: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
export function exitCodeFor(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : signal === 'SIGHUP' ? ExitCode.hangup : ExitCode.terminated
}

/** How a stopped command's message starts: "interrupted", "terminated" or "hung up". */
export function stopWord(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'interrupted' : signal === 'SIGHUP' ? 'hung up' : 'terminated'
}

/** The error a stopped command ends with: "interrupted…" (130), "terminated…" (143) or "hung up…" (129). */
export function stoppedBy(signal: StopSignal, message = stopWord(signal)): MqtxError {
  return signal === 'SIGINT' ? new InterruptedError(message) : signal === 'SIGHUP' ? new HangupError(message) : new TerminatedError(message)
}

export interface StopOptions {
  /** Which signals stop gracefully (default all three). */
  signals?: readonly StopSignal[]
  /** Exit code of a forced stop (default: 130/143 for the first signal). */
  forcedExitCode?: number
  /** Instead of exiting, end at once through this (it must not wait for anything more). */
  force?: () => void
}

/**
 * Until the returned function is called: the first signal calls `stop(signal)`, a second one exits at
 * once (nothing more is waited for).
 */
export function onStopSignal(stop: (signal: StopSignal) => void, options: StopOptions = {}): () => void {
  const signals = options.signals ?? stopSignals()
  let first: StopSignal | undefined
  const handler = (signal: StopSignal): void => {
    if (signal === 'SIGHUP') onHangup()
    // a second hangup is not someone in a hurry (see onHangup): the clean stop goes on
    if (first === 'SIGHUP' && signal === 'SIGHUP') return
    if (first !== undefined) return options.force !== undefined ? options.force() : exitNow(options.forcedExitCode ?? exitCodeFor(first))
    first = signal
    stop(signal)
  }
  for (const s of signals) process.on(s, handler)
  return () => {
    for (const s of signals) process.removeListener(s, handler)
  }
}

/** The first stop signal, as a promise (a server that runs until told to stop). */
export function nextStopSignal(options: StopOptions = {}): { signal: Promise<StopSignal>; remove: () => void } {
  let remove: () => void = () => {}
  const signal = new Promise<StopSignal>((resolve) => {
    remove = onStopSignal(resolve, options)
  })
  return { signal, remove }
}

/**
 * End the process now: for a second signal, and for a stopped command whose last connect cannot be
 * cancelled (after `graceMs`, unref'd, so a process that ends by itself is not held).
 */
export function exitNow(code: number, graceMs = 0): void {
  if (graceMs === 0) process.exit(code)
  setTimeout(() => process.exit(code), graceMs).unref()
}
