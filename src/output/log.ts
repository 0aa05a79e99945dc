/**
 * stderr reporter: status, warnings, debug and errors. Never stdout (that carries data only).
 * Configured once by src/cli.ts from --quiet / --debug.
 */
import { streamWantsColor } from './terminal.js'

interface LogState {
  quiet: boolean
  debug: boolean
  color: boolean | undefined
}

const state: LogState = { quiet: false, debug: false, color: undefined }

export function configureLog(options: { quiet?: boolean; debug?: boolean }): void {
  if (options.quiet !== undefined) state.quiet = options.quiet
  if (options.debug !== undefined) state.debug = options.debug
}

export function isDebug(): boolean {
  return state.debug
}

export function isQuiet(): boolean {
  return state.quiet
}

function color(): boolean {
  state.color ??= streamWantsColor(process.stderr)
  return state.color
}

function paint(code: string, text: string): string {
  return color() ? `\u001b[${code}m${text}\u001b[0m` : text
}

function write(line: string): void {
  process.stderr.write(line.endsWith('\n') ? line : `${line}\n`)
}

/** An error the user must see (not silenced by --quiet when `always`). */
export function logError(message: string, hint?: string): void {
  write(`${paint('31', 'mqtx:')} ${message}`)
  if (hint !== undefined && hint !== '') write(`${paint('2', 'hint:')} ${hint}`)
}

export function logWarn(message: string): void {
  if (state.quiet) return
  write(`${paint('33', 'mqtx: warning:')} ${message}`)
}

/** Status for people (e.g. "reconnecting"); hidden by --quiet. */
export function logInfo(message: string): void {
  if (state.quiet) return
  write(`mqtx: ${message}`)
}

export function logDebug(message: string | (() => string)): void {
  if (!state.debug) return
  write(paint('2', `debug: ${typeof message === 'function' ? message() : message}`))
}
