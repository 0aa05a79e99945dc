/**
 * The time-zone abbreviation (`CET`, `NST`, `EDT`) strftime's `%Z` prints, from the system's zone
 * data as the C library reads it: `$TZ` (a zone name under $TZDIR or /usr/share/zoneinfo, an
 * absolute path, or a POSIX string such as `EST5EDT` / `<+03>-3`), else /etc/localtime.
 * Intl only knows abbreviations for US zones in English ("GMT+1" for Europe/Paris), so it is the
 * last resort, when no zone data can be read.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'

interface Zone {
  /** Transition times (seconds since the epoch), ascending, with the abbreviation in force after each. */
  times: number[]
  names: string[]
  /** Abbreviation before the first transition (or of a zone without transitions). */
  initial: string | undefined
  /** The POSIX TZ rule for times after the last transition (TZif footer or $TZ itself). */
  rule: { std: string; stdOffset: number; dst: string | undefined } | undefined
}

/** POSIX TZ string: `STD offset [DST [offset][,rule]]`; offsets are west-positive hours. */
export function parsePosixTz(spec: string): Zone['rule'] {
  const name = /^(?:<([^>]+)>|([A-Za-z]{3,}))/
  const std = name.exec(spec)
  if (!std) return undefined
  let rest = spec.slice(std[0].length)
  const off = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?/.exec(rest)
  // no offset (`TZ=Nowhere/Zone`): glibc keeps the name, at UTC
  if (!off) return { std: std[1] ?? std[2] ?? '', stdOffset: 0, dst: undefined }
  const seconds = Number(off[2]) * 3600 + Number(off[3] ?? 0) * 60 + Number(off[4] ?? 0)
  rest = rest.slice(off[0].length)
  const dst = name.exec(rest)
  return { std: std[1] ?? std[2] ?? '', stdOffset: off[1] === '-' ? seconds : -seconds, dst: dst ? (dst[1] ?? dst[2]) : undefined }
}

/** Parse a TZif file (RFC 8536), using the 64-bit block when there is one. */
export function parseTzif(buf: Buffer): Zone | undefined {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return undefined
  const header = (at: number) => ({
    isut: buf.readUInt32BE(at + 20), isstd: buf.readUInt32BE(at + 24), leap: buf.readUInt32BE(at + 28),
    time: buf.readUInt32BE(at + 32), type: buf.readUInt32BE(at + 36), char: buf.readUInt32BE(at + 40),
  })
  let h = header(0)
  let at = 44
  let wide = false
  if (buf[4] !== 0) {
    // skip the 32-bit block to the 64-bit one
    at += h.time * 5 + h.type * 6 + h.char + h.leap * 8 + h.isstd + h.isut
    if (buf.length < at + 44) return undefined
    h = header(at)
    at += 44
    wide = true
  }
  const size = wide ? 8 : 4
  const end = at + h.time * (size + 1) + h.type * 6 + h.char + h.leap * (size + 4) + h.isstd + h.isut
  if (buf.length < end || h.type === 0) return undefined
  const times: number[] = []
  for (let i = 0; i < h.time; i++) times.push(wide ? Number(buf.readBigInt64BE(at + i * 8)) : buf.readInt32BE(at + i * 4))
  const indexes = buf.subarray(at + h.time * size, at + h.time * (size + 1))
  const typesAt = at + h.time * (size + 1)
  const charsAt = typesAt + h.type * 6
  const abbrev = (type: number): string => {
    const index = buf[typesAt + type * 6 + 5] ?? 0
    const from = charsAt + index
    const nul = buf.indexOf(0, from)
    return buf.toString('latin1', from, nul < 0 || nul > charsAt + h.char ? charsAt + h.char : nul)
  }
  const names = [...indexes].map((type) => abbrev(type < h.type ? type : 0))
  let rule: Zone['rule']
  if (wide && buf[end] === 0x0a) {
    const close = buf.indexOf(0x0a, end + 1)
    if (close > end) rule = parsePosixTz(buf.toString('latin1', end + 1, close))
  }
  return { times, names, initial: abbrev(0), rule }
}

function load(): Zone | undefined {
  let tz = process.env['TZ']
  if (tz === undefined) return readZone('/etc/localtime')
  if (tz.startsWith(':')) tz = tz.slice(1)
  if (tz === '') return { times: [], names: [], initial: 'UTC', rule: undefined }
  const file = isAbsolute(tz) ? tz : join(process.env['TZDIR'] ?? '/usr/share/zoneinfo', tz)
  const zone = tz.includes('..') ? undefined : readZone(file)
  if (zone) return zone
  const rule = parsePosixTz(tz)
  return rule ? { times: [], names: [], initial: undefined, rule } : undefined
}

function readZone(file: string): Zone | undefined {
  try {
    return parseTzif(readFileSync(file))
  } catch {
    return undefined
  }
}

/** The abbreviation in force at `d` in `zone`; `offsetSeconds` (east-positive) picks std or dst from a rule. */
export function abbreviationAt(zone: Zone, d: Date, offsetSeconds: number): string | undefined {
  const t = Math.floor(d.getTime() / 1000)
  const { times, names } = zone
  if (times.length > 0 && t >= (times[0] ?? 0) && (t < (times[times.length - 1] ?? 0) || !zone.rule)) {
    let lo = 0
    let hi = times.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((times[mid] ?? 0) <= t) lo = mid
      else hi = mid - 1
    }
    return names[lo]
  }
  if (times.length > 0 && t < (times[0] ?? 0)) return zone.initial
  if (zone.rule) return offsetSeconds === zone.rule.stdOffset || !zone.rule.dst ? zone.rule.std : zone.rule.dst
  return zone.initial
}

let cached: Zone | undefined | null = null
/** `%Z` for local time `d`, or undefined when the system's zone data cannot be read. */
export function zoneAbbreviation(d: Date): string | undefined {
  if (cached === null) cached = load()
  return cached ? abbreviationAt(cached, d, -d.getTimezoneOffset() * 60) : undefined
}
