/**
 * stderr reporter: status, warnings, debug and errors. Never stdout (that carries data only).
 * Configured once by src/cli.ts from --quiet / --debug.
 */
import { escapeForTerminal } from './escape.js'
import { painter, streamWantsColor, type Paint, type Style } from './terminal.js'
import { stderrWriter } from './streams.js'

interface LogState {
  quiet: boolean
  debug: boolean
  paint: Paint | undefined
}

const state: LogState = { quiet: false, debug: false, paint: undefined }

export function configureLog(options: { quiet?: boolean; debug?: boolean }): void {
  if (options.quiet !== undefined) state.quiet = options.quiet
  if (options.debug !== undefined) state.debug = options.debug
}

/** A new run (src/run.ts): not quiet, debug as guessed, colour decided again for the stream written to. */
export function resetLog(debug: boolean): void {
  state.quiet = false
  state.debug = debug
  state.paint = undefined
}

export function isDebug(): boolean {
  return state.debug
}

export function isQuiet(): boolean {
  return state.quiet
}

/** Decided on the first line written (stderr's colour cannot change while mqtx runs). */
function paint(style: Style, text: string): string {
  state.paint ??= painter(streamWantsColor(stderrWriter()))
  return state.paint(style, text)
}

/** Told around every stderr line (sub --watch redraws its board below a line that landed under it). */
export interface StderrObserver {
  before(): void
  after(): void
}

let observer: StderrObserver | undefined

export function observeStderr(o: StderrObserver | undefined): void {
  observer = o
}

function write(line: string): void {
  observer?.before()
  stderrWriter().write(line.endsWith('\n') ? line : `${line}\n`)
  observer?.after()
}

/**
 * Messages may quote remote text: nothing in them may act on the terminal. Warnings, status and debug
 * lines stay one line; an error keeps its line breaks (commander's "(Did you mean …?)").
 */
const clean = (text: string, keepNewlines = false): string => escapeForTerminal(text.replace(/\n$/, ''), { keepNewlines })

/** An error the user must see (not silenced by --quiet when `always`). */
export function logError(message: string, hint?: string): void {
  write(`${paint('red', 'mqtx:')} ${clean(message, true)}`)
  if (hint !== undefined && hint !== '') write(`${paint('dim', 'hint:')} ${clean(hint, true)}`)
}

export function logWarn(message: string): void {
  if (state.quiet) return
  write(`${paint('yellow', 'mqtx: warning:')} ${clean(message)}`)
}

/** Status for people (e.g. "reconnecting"); hidden by --quiet. */
export function logInfo(message: string): void {
  if (state.quiet) return
  write(`mqtx: ${clean(message)}`)
}

export function logDebug(message: string | (() => string)): void {
  if (!state.debug) return
  write(paint('dim', `debug: ${clean(typeof message === 'function' ? message() : message)}`))
}

/** A stack trace under --debug: several lines, each made safe (an error message may quote remote text). */
export function logStack(text: string): void {
  write(escapeForTerminal(text, { keepNewlines: true }))
}
