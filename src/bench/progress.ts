/** The live progress line on stderr: only on a terminal, never with --json/--quiet, 4 redraws/s at most. */
import { liveLine } from '../output/live-line.js'
import { liveLineWanted } from '../output/terminal.js'
import type { Progress } from './part.js'
import { grouped } from '../output/numbers.js'

export interface ProgressLine {
  stop(): void
}

type Rate = (now: number, before: number) => string

const loadLine = (p: Progress, last: Progress, rate: Rate) =>
  `sent ${rate(p.sent, last.sent)}/s  acked ${rate(p.acked, last.acked)}/s  received ${rate(p.receipts, last.receipts)}/s  p99 ${(p.p99Us / 1000).toFixed(2)} ms  errors ${p.errors}`

/** `bench conn`: sent = connections started, acked = connected. */
export const connLine = (p: Progress, last: Progress, rate: Rate) =>
  `connected ${grouped(p.acked)} (${rate(p.acked, last.acked)}/s)  connect p99 ${(p.p99Us / 1000).toFixed(1)} ms  failed ${p.errors}`

export function startProgress(enabled: boolean, read: () => Progress, format = loadLine): ProgressLine {
  if (!enabled || !liveLineWanted()) return { stop: () => {} }
  const line = liveLine(true)
  let last = read()
  let lastAt = Date.now()
  const timer = setInterval(() => {
    const now = Date.now()
    const p = read()
    const dt = (now - lastAt) / 1000
    const rate = (n: number, m: number) => grouped(Math.round((n - m) / dt))
    line.update(format(p, last, rate))
    last = p
    lastAt = now
  }, 250)
  timer.unref()
  return {
    stop: () => {
      clearInterval(timer)
      line.stop()
    },
  }
}
