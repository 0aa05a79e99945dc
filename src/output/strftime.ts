/**
 * A small strftime for mosquitto's `@X` codes and `%I`, in local time and the C locale
 * (what mosquitto_sub prints under LANG=C). Only the codes listed here are accepted by -F.
 */
import { zoneAbbreviation } from './tzif.js'

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

export const STRFTIME_CODES = 'aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%'

const p2 = (n: number) => String(n).padStart(2, '0')
const sp2 = (n: number) => String(n).padStart(2, ' ')

function dayOfYear(d: Date): number {
  const start = new Date(d.getFullYear(), 0, 1)
  return Math.round((new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() - start.getTime()) / 86_400_000) + 1
}

/** ISO 8601 week number and week-based year. */
function isoWeek(d: Date): { week: number; year: number } {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))
  const day = t.getUTCDay() === 0 ? 7 : t.getUTCDay()
  t.setUTCDate(t.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1)
  return { week: Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7), year: t.getUTCFullYear() }
}

/** `+0100` style offset of local time. */
export function offset(d: Date, colon = false): string {
  const minutes = -d.getTimezoneOffset()
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${p2(Math.floor(abs / 60))}${colon ? ':' : ''}${p2(abs % 60)}`
}

let zoneFormat: Intl.DateTimeFormat | undefined
/** `%Z`: the abbreviation from the system's zone data, as glibc prints it (`CET`); Intl's name otherwise. */
function zoneName(d: Date): string {
  const fromSystem = zoneAbbreviation(d)
  if (fromSystem !== undefined) return fromSystem
  zoneFormat ??= new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' })
  return zoneFormat.formatToParts(d).find((part) => part.type === 'timeZoneName')?.value ?? ''
}

/** One strftime conversion (`code` without the `%`). */
export function strftimeCode(code: string, d: Date): string {
  const h = d.getHours()
  const h12 = h % 12 === 0 ? 12 : h % 12
  switch (code) {
    case 'a': return (DAYS[d.getDay()] ?? '').slice(0, 3)
    case 'A': return DAYS[d.getDay()] ?? ''
    case 'b': case 'h': return (MONTHS[d.getMonth()] ?? '').slice(0, 3)
    case 'B': return MONTHS[d.getMonth()] ?? ''
    case 'c': return `${strftimeCode('a', d)} ${strftimeCode('b', d)} ${sp2(d.getDate())} ${strftimeCode('T', d)} ${d.getFullYear()}`
    case 'C': return p2(Math.floor(d.getFullYear() / 100))
    case 'd': return p2(d.getDate())
    case 'D': case 'x': return `${p2(d.getMonth() + 1)}/${p2(d.getDate())}/${p2(d.getFullYear() % 100)}`
    case 'e': return sp2(d.getDate())
    case 'F': return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`
    case 'g': return p2(isoWeek(d).year % 100)
    case 'G': return String(isoWeek(d).year)
    case 'H': return p2(h)
    case 'I': return p2(h12)
    case 'j': return String(dayOfYear(d)).padStart(3, '0')
    case 'k': return sp2(h)
    case 'l': return sp2(h12)
    case 'm': return p2(d.getMonth() + 1)
    case 'M': return p2(d.getMinutes())
    case 'n': return '\n'
    case 'p': return h < 12 ? 'AM' : 'PM'
    case 'P': return h < 12 ? 'am' : 'pm'
    case 'r': return `${p2(h12)}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${h < 12 ? 'AM' : 'PM'}`
    case 'R': return `${p2(h)}:${p2(d.getMinutes())}`
    case 's': return String(Math.floor(d.getTime() / 1000))
    case 'S': return p2(d.getSeconds())
    case 't': return '\t'
    case 'T': case 'X': return `${p2(h)}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`
    case 'u': return String(d.getDay() === 0 ? 7 : d.getDay())
    case 'U': return p2(Math.floor((dayOfYear(d) - 1 - d.getDay() + 7) / 7))
    case 'V': return p2(isoWeek(d).week)
    case 'w': return String(d.getDay())
    case 'W': return p2(Math.floor((dayOfYear(d) - 1 - ((d.getDay() + 6) % 7) + 7) / 7))
    case 'y': return p2(d.getFullYear() % 100)
    case 'Y': return String(d.getFullYear())
    case 'z': return offset(d)
    case 'Z': return zoneName(d)
    case '%': return '%'
    default: return ''
  }
}

export function strftime(pattern: string, d: Date): string {
  return pattern.replace(/%(.)/g, (_, c: string) => strftimeCode(c, d))
}
