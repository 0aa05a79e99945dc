/**
 * The full-screen terminal of `mqtx watch`: the alternate screen and a hidden cursor while it runs,
 * and the terminal given back on every way out (return, Ctrl-C, SIGTERM, a second signal's
 * process.exit, a crash caught by src/cli.ts's backstop): `restoreScreen` runs on the process's
 * 'exit' too, synchronously, and only once.
 */
import { stdoutWriter } from './streams.js'

/** Alternate screen on, cursor hidden, screen cleared. */
const ENTER = '\u001b[?1049h\u001b[?25l\u001b[2J\u001b[H'
/** Cursor shown, alternate screen off (the shell's screen comes back as it was). */
const LEAVE = '\u001b[?25h\u001b[?1049l'

let active = false

export function enterScreen(): void {
  if (active) return
  active = true
  process.once('exit', restoreScreen)
  stdoutWriter().write(ENTER)
}

export function restoreScreen(): void {
  if (!active) return
  active = false
  process.removeListener('exit', restoreScreen)
  try {
    if (process.stdin.isTTY) process.stdin.setRawMode(false)
  } catch {
    // stdin already closed
  }
  // a terminal stdout is written synchronously, so this lands even inside an 'exit' listener
  stdoutWriter().write(LEAVE)
}

/** Blank the screen, cursor home (after a resize: the next frame is drawn whole from the top). */
export function clearScreen(): void {
  if (active) stdoutWriter().write('\u001b[2J\u001b[H')
}
