/**
 * commander argParser functions: each validates one value and throws InvalidArgumentError
 * with a one-line reason. src/cli.ts turns those into `mqtx: …` and exit 2.
 */
import { InvalidArgumentError } from 'commander'
import { lookup } from '../lookup.js'
import { escapeForTerminal } from '../output/escape.js'
import { withValues } from '../flags/define.js'
import { PROPERTY_SEPARATOR } from './properties.js'

export function parseIntegerIn(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const trimmed = value.trim()
    if (!/^-?\d+$/.test(trimmed)) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`)
    const n = Number(trimmed)
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be from ${min} to ${max}.`)
    return n
  }
}

export const parsePort = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    throw new InvalidArgumentError(`Invalid port given: ${escapeForTerminal(value)} (use 0 to 65535).`)
  }
  return Number(value)
}

export const parseQos = withValues(['0', '1', '2'], (value: string): 0 | 1 | 2 => {
  if (value === '0' || value === '1' || value === '2') return Number(value) as 0 | 1 | 2
  throw new InvalidArgumentError(`Invalid QoS given: ${escapeForTerminal(value)} (use 0, 1 or 2).`)
})

export const parseKeepalive = (value: string): number => {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 5 || Number(value) > 65535) {
    throw new InvalidArgumentError(`Invalid keepalive given: ${escapeForTerminal(value)} (use 5 to 65535 seconds).`)
  }
  return Number(value)
}

export type ProtocolVersion = 3 | 4 | 5

const VERSIONS: Record<string, ProtocolVersion> = {
  '31': 3,
  mqttv31: 3,
  '311': 4,
  mqttv311: 4,
  '5': 5,
  mqttv5: 5,
}

export const parseProtocolVersion = withValues(['5', '311', '31', 'mqttv5', 'mqttv311', 'mqttv31'], (value: string): ProtocolVersion => {
  const v = lookup(VERSIONS, value.toLowerCase())
  if (v === undefined) {
    throw new InvalidArgumentError(`Unknown protocol version '${escapeForTerminal(value)}' (use 31, 311, 5, mqttv31, mqttv311 or mqttv5).`)
  }
  return v
})

/** -x: 0..4294967294, or -1 / 4294967295 / ∞ / never / inf for "never expires". */
export const parseSessionExpiry = (value: string): number => {
  const v = value.trim().toLowerCase()
  if (v === '-1' || v === '∞' || v === 'inf' || v === 'never' || v === '4294967295') return 4294967295
  if (!/^\d+$/.test(v) || Number(v) > 4294967295) {
    throw new InvalidArgumentError(`Invalid session expiry interval: ${escapeForTerminal(value)} (use 0 to 4294967294 seconds, or -1 for never).`)
  }
  return Number(v)
}

/**
 * A count: a whole number, 1 or more. With `unit` ('messages'), one message says both
 * ("-C must be a whole number of messages, 1 or more."); without, 0 and negatives get "more than 0".
 */
export function parseCount(name: string, unit?: string): (value: string) => number {
  return (value: string) => {
    const whole = /^-?\d+$/.test(value.trim())
    const n = Number(value)
    if (unit !== undefined && (!whole || n < 1)) throw new InvalidArgumentError(`${name} must be a whole number of ${unit}, 1 or more.`)
    if (!whole) throw new InvalidArgumentError(`${name} must be a whole number.`)
    if (n <= 0) throw new InvalidArgumentError(`${name} must be more than 0.`)
    return n
  }
}

/** A rate in messages per second, above 0 (bench and simulate --rate). */
export function parseRate(name: string): (v: string) => number {
  return (v) => {
    const n = Number(v.trim())
    if (v.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number of messages per second.`)
    if (n <= 0) throw new InvalidArgumentError(`${name} must be more than 0.`)
    return n
  }
}

export const parsePositiveInt = (name: string) => parseIntegerIn(name, 1, Number.MAX_SAFE_INTEGER)

/** Node's timers hold at most 2^31-1 ms; a longer one fires after 1 ms (with a warning). */
export const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000)

/** Seconds as a (possibly fractional) non-negative number, at most MAX_SECONDS (~24 days). */
export function parseSeconds(name: string, { allowZero }: { allowZero: boolean }): (value: string) => number {
  return (value: string) => {
    const v = value.trim()
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a number of seconds.`)
    const n = Number(v)
    if (!allowZero && n === 0) throw new InvalidArgumentError(`${name} must be more than 0 seconds.`)
    if (n > MAX_SECONDS) throw new InvalidArgumentError(`${name} must be at most ${MAX_SECONDS} seconds (24 days).`)
    return n
  }
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value]
}

/**
 * The payload of a one-message command (-m, -f): given twice is a usage error, as in mosquitto_pub
 * ("Only one type of message…"); commander would keep the last one and drop the first silently.
 */
export function parseOnce(name: string, advice: string): (value: string, previous: string | undefined) => string {
  return (value: string, previous: string | undefined) => {
    if (previous !== undefined) throw new InvalidArgumentError(`${name} was already given ('${escapeForTerminal(previous)}'): ${advice}.`)
    return value
  }
}

/** A value that must not be empty (-h, --tls-alpn, …): '' would silently mean "the default". */
export function parseNonEmpty(name: string): (value: string) => string {
  return (value: string) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${name} must not be empty.`)
    return value
  }
}

const RETAIN_HANDLING: Record<string, 0 | 1 | 2> = { always: 0, new: 1, never: 2, '0': 0, '1': 1, '2': 2 }

/** --retain-handling (sub and rr): mosquitto 2.1's words (always, new, never) or the v5 numbers 0, 1, 2. */
export const parseRetainHandling = withValues(['always', 'new', 'never', '0', '1', '2'], (value: string): 0 | 1 | 2 => {
  const n = lookup(RETAIN_HANDLING, value.trim())
  if (n === undefined) throw new InvalidArgumentError('--retain-handling takes always, new or never (or 0, 1, 2).')
  return n
})

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }

/** "90", "90s", "1.5m", "2h", "1d", "250ms" -> seconds; undefined when it is not a duration. */
export function durationSeconds(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)?$/.exec(value.trim())
  if (m === null) return undefined
  return Number(m[1]) * (lookup(DURATION_UNITS, m[2] ?? 's') ?? 1)
}

/** A duration flag (record --rotate-every): seconds with an optional unit (ms, s, m, h, d), more than 0. */
export function parseDuration(name: string): (value: string) => number {
  return (value: string) => {
    const s = durationSeconds(value)
    if (s === undefined || s <= 0) throw new InvalidArgumentError(`${name} must be a duration such as 90, 30s, 15m, 2h or 1d.`)
    if (s > MAX_SECONDS) throw new InvalidArgumentError(`${name} must be at most ${MAX_SECONDS} seconds (24 days).`)
    return s
  }
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 }

/** A size in bytes: "65536", "512k", "100M", "1G" (units of 1024), more than 0. */
export function parseSize(name: string): (value: string) => number {
  return (value: string) => {
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim())
    const unit = m === null ? undefined : lookup(SIZE_UNITS, (m[2] ?? '').toLowerCase())
    const n = m === null || unit === undefined ? Number.NaN : Math.floor(Number(m[1]) * unit)
    if (!(n > 0) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${name} must be a size such as 65536, 512k, 100M or 1G.`)
    return n
  }
}

/**
 * `--rewrite FROM TO` (replay, bridge): src/mqtt/argv.ts folds the two words into one value (either may
 * start with '-'); each occurrence adds a pair, in order.
 */
export function parseRewrite(value: string, previous: Array<[string, string]> | undefined): Array<[string, string]> {
  const [from, to, ...rest] = value.split(PROPERTY_SEPARATOR)
  if (from === undefined || to === undefined || rest.length > 0) throw new InvalidArgumentError("--rewrite needs a pattern and a replacement (e.g. --rewrite '^site1/(.*)' 'site2/$1').")
  return [...(previous ?? []), [from, to]]
}
