/**
 * Time and the open-loop schedule (bench and simulate). Times are µs since the Unix epoch (exact in a double, the same
 * in every thread and process on the machine). The schedule is deterministic: global message n is
 * due at `intendedUs(n)`; publisher g (of P) sends global messages g, g+P, g+2P … so a receiver can
 * recompute the intended send time of (publisher, sequence) without it being in the payload.
 */
import { performance } from 'node:perf_hooks'

export function nowUs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000)
}

/**
 * Resolve once nowUs() has reached `us`. A timer can fire a little early (libuv measures from the
 * loop's cached time), so the wait repeats until the clock says so: work started before `us` would
 * fall outside a measured window that begins there.
 */
export async function sleepUntilUs(us: number): Promise<void> {
  for (let wait = us - nowUs(); wait > 0; wait = us - nowUs()) await new Promise((r) => setTimeout(r, Math.ceil(wait / 1000)))
}

export interface Schedule {
  /** Wall-clock µs when the load starts (ramp-up, then warm-up, then the measured part). */
  startUs: number
  /** Total messages/s once ramped up. */
  rate: number
  rampUpS: number
  publishers: number
}

/** Messages (global) due by `elapsedS` seconds after the start. */
export function dueBy(s: Schedule, elapsedS: number): number {
  if (elapsedS <= 0) return 0
  const r = s.rampUpS
  if (r > 0 && elapsedS < r) return Math.floor((s.rate * elapsedS * elapsedS) / (2 * r))
  return Math.floor(s.rate * (elapsedS - r / 2))
}

/** Intended send time (µs) of global message n: the inverse of dueBy. */
export function intendedUs(s: Schedule, n: number): number {
  const r = s.rampUpS
  const rampMsgs = (s.rate * r) / 2
  const t = r > 0 && n < rampMsgs ? Math.sqrt((2 * r * (n + 1)) / s.rate) : (n + 1) / s.rate + r / 2
  return s.startUs + t * 1e6
}

/** How many of publisher g's messages are due when `globalDue` global messages are. */
export function publisherDue(globalDue: number, g: number, publishers: number): number {
  return globalDue > g ? Math.floor((globalDue - 1 - g) / publishers) + 1 : 0
}
