/**
 * mosquitto's per-user defaults files, so existing set-ups carry over: $XDG_CONFIG_HOME/mosquitto_pub
 * (else ~/.config/mosquitto_pub), mosquitto_sub and mosquitto_rr, read for `mqtx pub`, `sub` and `rr`.
 * Read as mosquitto reads them (client_shared.c): one option per line, its value the rest of the line,
 * spaces included (`-m hello world`, `--cafile /My Certs/ca.pem`; quotes are not special), '#' starts a
 * comment line. mqtx drops blanks around the value, and says so when a value holds another option of
 * the command (`-p 1883 -q 1`: mosquitto's atoi() keeps 1883 and silently drops `-q 1`; mqtx does the same
 * for numeric options, with the warning). They rank
 * lowest: below the mqtx config file, the environment and flags.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Command, Option } from 'commander'
import { UsageError } from '../errors.js'
import { readBounded, readErrorReason } from '../files.js'
import { logWarn } from '../output/log.js'
import { redactUrl } from '../mqtt/url.js'
import { PASSWORD_KEYS } from './env.js'

/** Values a warning never shows: passwords and the TLS pre-shared key. */
const secret = (key: string): boolean => PASSWORD_KEYS.includes(key) || key === 'psk'

/** Options mosquitto's clients read with atoi()/atof(), whose value ends at the first non-digit. */
const NUMERIC = new Set(['--port', '--keepalive', '--qos', '--count', '--timeout', '--max-inflight', '--repeat', '--repeat-delay', '--will-qos', '--session-expiry', '--random-filter'])

const FILES: Record<string, string> = { pub: 'mosquitto_pub', sub: 'mosquitto_sub', rr: 'mosquitto_rr' }

export interface DefaultsEntry {
  line: number
  option: Option
  value: string | boolean
}

/** The defaults file for a top-level pub/sub/rr command, whether or not it exists. */
export function mosquittoDefaultsPath(cmd: Command, env: NodeJS.ProcessEnv): string | undefined {
  if (cmd.parent === null || cmd.parent.parent !== null) return undefined
  const name = FILES[cmd.name()]
  if (name === undefined) return undefined
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config')
  return join(base, name)
}

/** undefined when there is no file. An unknown option (mosquitto-only) skips its line, with a warning. */
export function readMosquittoDefaults(cmd: Command, path: string): DefaultsEntry[] | undefined {
  let text: string
  try {
    // bounded: `-o /dev/zero` must be an error, not a process filling memory
    text = readBounded(path).toString('utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    if (code === 'EISDIR') return undefined // mosquitto's own lookup ignores a directory too (-o: said by the caller)
    throw new UsageError(`cannot read ${path}: ${readErrorReason(err)}`, { cause: err })
  }
  const entries: DefaultsEntry[] = []
  const known = (word: string) => cmd.options.some((o) => o.short === word || o.long === word)
  const password = (word: string) => cmd.options.some((o) => (o.short === word || o.long === word) && secret(o.attributeName()))
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const parsed = /^[ \t]*([^ \t]+)(?:[ \t]+(.*?))?[ \t]*$/.exec(raw)
    if (parsed === null || (parsed[1] as string).startsWith('#')) return
    const word = parsed[1] as string
    const rest = parsed[2] ?? ''
    const option = cmd.options.find((o) => o.short === word || o.long === word)
    if (option === undefined || option.long === '--property' || option.long === '--profile' || option.long === '--options-file') {
      logWarn(`${path}:${line}: '${word}' is not supported by mqtx ${cmd.name()} in this file; the line is ignored`)
      return
    }
    if (!option.required && !option.optional) {
      if (rest !== '') throw new UsageError(`${path}:${line}: ${word} takes no value, and the file holds one option per line (mosquitto's format)`)
      entries.push({ line, option, value: true })
      return
    }
    if (rest === '') throw new UsageError(`${path}:${line}: ${word} needs a value`)
    const after = rest.split(/[ \t]+/).slice(1)
    const inside = after.find(known)
    // mosquitto reads numbers with atoi()/atof(): `-p 1883 -v` is port 1883 (the rest dropped), so a
    // defaults file that works with mosquitto_sub works with mqtx too
    const leading = inside !== undefined && NUMERIC.has(option.long ?? '') ? /^[+-]?\d+(?:\.\d+)?(?=[ \t])/.exec(rest)?.[0] : undefined
    if (leading !== undefined) {
      logWarn(`${path}:${line}: ${word} ${leading}: the rest of the line ('${after.join(' ')}') is dropped, as mosquitto drops it: one option per line (mosquitto's format)`)
    } else if (inside !== undefined) {
      // never a secret: -P's or --psk's value, one after it on the line (`-u me -P pw`), a URL's user:pass@
      const shown = secret(option.attributeName()) || after.some(password) ? '' : ` ('${redactUrl(rest)}')`
      logWarn(`${path}:${line}: the value of ${word} is the rest of the line${shown}, '${inside}' included: one option per line (mosquitto's format)`)
    }
    entries.push({ line, option, value: leading ?? rest })
  })
  return entries
}
