/**
 * mosquitto's per-user defaults files, so existing set-ups carry over: $XDG_CONFIG_HOME/mosquitto_pub
 * (else ~/.config/mosquitto_pub), mosquitto_sub and mosquitto_rr, read for `mqtx pub`, `sub` and `rr`.
 * As in mosquitto, the words of every line are options (`-h broker.lan -p 8883`, `--cafile /x.pem`),
 * '#' starts a comment line. They rank lowest: below the mqtx config file, the environment and flags.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { Command, Option } from 'commander'
import { UsageError } from '../errors.js'
import { readBounded, readErrorReason } from '../files.js'
import { logWarn } from '../output/log.js'

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

/** undefined when there is no file. An unknown option (mosquitto-only) skips the rest of its line, with a warning. */
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
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const words = raw.trim().startsWith('#') ? [] : raw.trim().split(/\s+/).filter((w) => w !== '')
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string
      const option = cmd.options.find((o) => o.short === word || o.long === word)
      if (option === undefined || option.long === '--property' || option.long === '--profile' || option.long === '--options-file') {
        logWarn(`${path}:${line}: '${word}' is not supported by mqtx ${cmd.name()} in this file; the rest of the line is ignored`)
        break
      }
      if (!option.required && !option.optional) {
        entries.push({ line, option, value: true })
        continue
      }
      const value = words[i + 1]
      if (value === undefined) throw new UsageError(`${path}:${line}: ${word} needs a value`)
      entries.push({ line, option, value })
      i++
    }
  })
  return entries
}
