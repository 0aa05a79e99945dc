/**
 * When each message is due, in ms from the start of the replay: its offset from the first message's
 * recorded time, divided by --speed; loop k starts k × (last − first) later. Times that go backwards
 * (files given out of order, a clock step) are clamped: such a message goes right after the one
 * before. Computed against one start time (a monotonic clock), so delays do not add up.
 */
import type { ReplayMessage } from './load.js'

export interface Timeline {
  /** ms after the start at which message `index` of loop `loop` is due (0 for --speed max). */
  due(loop: number, index: number): number
}

export function timeline(messages: readonly ReplayMessage[], speed: number): Timeline {
  if (!Number.isFinite(speed) || messages.length === 0) return { due: () => 0 }
  const offsets = new Float64Array(messages.length)
  const first = (messages[0] as ReplayMessage).timeMs
  let last = 0
  for (let i = 0; i < messages.length; i++) {
    last = Math.max(last, (messages[i] as ReplayMessage).timeMs - first)
    offsets[i] = last
  }
  const period = last
  return { due: (loop, index) => (loop * period + (offsets[index] as number)) / speed }
}
