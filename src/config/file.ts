/**
 * The config file: $MQTX_CONFIG, else $XDG_CONFIG_HOME/mqtx/config.json (XDG_CONFIG_HOME defaults
 * to ~/.config). JSON, so no new dependency; a syntax error names the file, line and column.
 *
 * {
 *   "defaultProfile": "home",
 *   "profiles": {
 *     "home": { "host": "broker.lan", "port": 8883, "username": "alice",
 *               "passwordFile": "~/.config/mqtx/home.pass", "cafile": "ca.pem",
 *               "protocolVersion": "311", "pub": { "qos": 1 }, "sub": { "verbose": true } }
 *   }
 * }
 */
import { isUtf8 } from 'node:buffer'
import { UsageError, errorMessage } from '../errors.js'
import { readBounded, readErrorReason } from '../files.js'
import { findJsonProblem } from './json-error.js'


export type JsonObject = { [key: string]: unknown }

export interface ConfigFile {
  path: string
  text: string
  defaultProfile?: string
  profiles: Record<string, JsonObject>
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lines = before.split('\n')
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 }
}

/** The line where a key path (e.g. ['profiles', 'home', 'port']) appears, best effort. */
export function lineOfKey(text: string, keys: string[]): number {
  let from = 0
  for (const key of keys) {
    const re = new RegExp(`${JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'g')
    re.lastIndex = from
    const m = re.exec(text)
    if (m === null) break
    from = m.index
  }
  return lineColumn(text, from).line
}

export function configError(file: { path: string; text: string }, keys: string[], message: string): UsageError {
  return new UsageError(`${file.path}:${lineOfKey(file.text, keys)}: ${message}`)
}

/**
 * undefined when there is no file at the default place; UsageError (exit 2) when it cannot be read or
 * parsed, or when `required` (MQTX_CONFIG names it) and it is missing.
 */
export function readConfigFile(path: string, { required = false } = {}): ConfigFile | undefined {
  let raw: Buffer
  try {
    raw = readBounded(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !required) return undefined
    throw new UsageError(`cannot read config file ${path}${required ? ' (MQTX_CONFIG)' : ''}: ${readErrorReason(err)}`, { cause: err })
  }
  if (!isUtf8(raw)) throw new UsageError(`${path}: the config file is not valid UTF-8.`)
  const text = raw.toString('utf8')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    const problem = findJsonProblem(text) ?? { offset: text.trimEnd().length, reason: errorMessage(err) }
    const where = lineColumn(text, problem.offset)
    throw new UsageError(`${path}:${where.line}:${where.column}: malformed JSON: ${problem.reason}`, { cause: err })
  }
  const file = { path, text }
  if (!isObject(data)) throw new UsageError(`${path}:1: the config file must hold one JSON object ({ "profiles": { … } })`)
  for (const key of Object.keys(data)) {
    if (key !== 'profiles' && key !== 'defaultProfile' && key !== '$schema') {
      throw configError(file, [key], `unknown top-level setting '${key}' (use "profiles" and "defaultProfile")`)
    }
  }
  const profiles = data.profiles ?? {}
  if (!isObject(profiles)) throw configError(file, ['profiles'], '"profiles" must be an object of named profiles')
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isObject(profile)) throw configError(file, ['profiles', name], `profile '${name}' must be an object`)
  }
  const config: ConfigFile = { path, text, profiles: profiles as Record<string, JsonObject> }
  if (data.defaultProfile !== undefined) {
    if (typeof data.defaultProfile !== 'string') throw configError(file, ['defaultProfile'], '"defaultProfile" must be a profile name')
    config.defaultProfile = data.defaultProfile
  }
  return config
}
