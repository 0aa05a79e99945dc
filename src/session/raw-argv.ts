/**
 * The bytes of a command-line argument as the shell passed them. Node and Bun decode argv as UTF-8
 * and put U+FFFD where the bytes are not UTF-8 (a Latin-1 locale, `$'\xff'`), so `-m` would send
 * ef bf bd where mosquitto_pub sends the byte itself. On Linux the kernel still holds the original
 * bytes (/proc/self/cmdline); elsewhere the decoded text is all there is.
 */
import { readFileSync } from 'node:fs'

let cached: Buffer[] | undefined

function rawArgs(): Buffer[] {
  if (cached !== undefined) return cached
  cached = []
  try {
    const all = readFileSync('/proc/self/cmdline')
    let start = 0
    for (let i = 0; i < all.length; i++) {
      if (all[i] === 0) {
        cached.push(all.subarray(start, i))
        start = i + 1
      }
    }
  } catch {
    // no /proc (macOS, Windows): the decoded text it is
  }
  return cached
}

/** `raw` without `prefix` when it starts with it (ASCII), else undefined. */
function after(raw: Buffer, prefix: string): Buffer | undefined {
  return raw.length >= prefix.length && raw.subarray(0, prefix.length).toString('latin1') === prefix ? raw.subarray(prefix.length) : undefined
}

/**
 * The bytes of the value of a short/long option (`-m`, `--message`) whose decoded text is `text`:
 * its UTF-8 when that is what was typed, else the original bytes found on the command line after
 * that option (`-m V`, `-rm V`, `-mV`, `--message V`, `--message=V`).
 */
export function optionBytes(text: string, short: string, long: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8')
  if (!text.includes('\uFFFD')) return utf8
  const args = rawArgs()
  const letter = short.slice(1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Buffer
    const prev = i > 0 ? (args[i - 1] as Buffer).toString('latin1') : ''
    const candidates = [
      prev === long || new RegExp(`^-[A-Za-z]*${letter}$`).test(prev) ? arg : undefined,
      after(arg, `${long}=`),
      after(arg, short),
    ]
    for (const value of candidates) {
      if (value !== undefined && value.toString('utf8') === text) return Buffer.from(value)
    }
  }
  return utf8
}
