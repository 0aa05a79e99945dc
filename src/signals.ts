/**
 * The one place that listens for SIGINT and SIGTERM (src/cli.ts is the only other place that ends
 * the process). A command that can stop gracefully registers with `onStopSignal`: the first signal
 * calls its `stop` (finish or abandon what is in flight, clean up, then fail with `stoppedBy(signal)`
 * so src/cli.ts sets 130 or 143); a second signal ends the process at once with that code.
 */
import { ExitCode, InterruptedError, TerminatedError, type MqtxError } from './errors.js'

export type StopSignal = 'SIGINT' | 'SIGTERM'

const SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM']

/** 128 + N: 130 for Ctrl-C, 143 for SIGTERM. */
export function exitCodeFor(signal: StopSignal): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated
}

/** The error a stopped command ends with: "interrupted…" (130) or "terminated…" (143). */
export function stoppedBy(signal: StopSignal, message = signal === 'SIGINT' ? 'interrupted' : 'terminated'): MqtxError {
  return signal === 'SIGINT' ? new InterruptedError(message) : new TerminatedError(message)
}

export interface StopOptions {
  /** Which signals stop gracefully (default both). */
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
  const signals = options.signals ?? SIGNALS
  let first: StopSignal | undefined
  const handler = (signal: StopSignal): void => {
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
