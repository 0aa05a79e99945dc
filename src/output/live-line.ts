/**
 * The one live status line on stderr (bench's progress, check's "probing …"), drawn by ora: only on a
 * terminal that is not dumb, and ora is loaded only then (a run in a pipe never reads its code).
 * Redrawn 4 times a second at most; no cursor hiding and no stdin handling (pub -l and sub read
 * stdin; Ctrl-C must stay a signal).
 */
import type { Ora } from 'ora'
import { liveLineWanted, streamWantsColor } from './terminal.js'

export interface LiveLine {
  /** Show this text (the latest wins). */
  update(text: string): void
  /** Clear the line (it leaves nothing behind). */
  stop(): void
}

const OFF: LiveLine = { update: () => {}, stop: () => {} }

export function liveLine(enabled: boolean): LiveLine {
  if (!enabled || !liveLineWanted()) return OFF
  let spinner: Ora | undefined
  let text = ''
  let stopped = false
  void import('ora').then(({ default: ora }) => {
    if (stopped) return
    spinner = ora({ text, stream: process.stderr, isEnabled: true, color: streamWantsColor(process.stderr) ? 'cyan' : false, hideCursor: false, discardStdin: false, spinner: { interval: 250, frames: ['-', '\\', '|', '/'] } }).start()
  })
  return {
    update: (next) => {
      text = next
      if (spinner !== undefined) spinner.text = next
    },
    stop: () => {
      stopped = true
      spinner?.stop()
    },
  }
}
