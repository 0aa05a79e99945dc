/**
 * simulate's random numbers: one seeded generator per device, so what a device sends depends on the
 * seed and the device only (not on how messages of several devices interleave).
 *
 * mulberry32 (Tommy Ettinger, public domain; https://gist.github.com/tommyettinger/46a874533244883189143505d203312c):
 * 32 bits of state, period 2^32, passes gjrand's 13 tests; plenty for simulated sensor values, not
 * for anything secret. A device's seed is the run's seed and the device index mixed by MurmurHash3's
 * 32-bit finaliser (fmix32), so neighbouring devices do not get neighbouring sequences.
 */
import { randomBytes } from 'node:crypto'

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export class Random {
  private a: number

  constructor(seed: number) {
    this.a = seed >>> 0
  }

  /** A device's generator: the same (seed, device) always gives the same sequence. */
  static forDevice(seed: number, device: number): Random {
    return new Random(fmix32((seed ^ fmix32(device + 0x9e3779b9)) >>> 0))
  }

  /** A float in [0, 1). */
  next(): number {
    const a = (this.a = (this.a + 0x6d2b79f5) | 0)
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** A float from min to max. */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  /** One item of a list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** A version 4 UUID made of this generator's numbers (deterministic with --seed). */
  uuid(): string {
    let hex = ''
    for (let k = 0; k < 4; k++) hex += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0')
    const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

/** A seed for a run without --seed (said in the summary, so the run can be repeated). */
export function freshSeed(): number {
  return randomBytes(4).readUInt32BE(0)
}

/**
 * A bounded random walk step: move by up to ±step, reflected at the bounds (a value stays within
 * [min, max] and does not stick to a bound the way clamping would make it).
 */
export function walkStep(value: number, rnd: Random, min: number, max: number, step: number): number {
  let v = value + (rnd.next() * 2 - 1) * step
  const span = max - min
  if (span <= 0) return min
  // fold into [min, max]: reflections repeat with period 2 * span
  let off = (v - min) % (2 * span)
  if (off < 0) off += 2 * span
  v = off <= span ? min + off : max - (off - span)
  return v
}
