/**
 * Fills the options the user did not give from MQTX_* environment variables, then from the chosen
 * profile of the config file. Runs once, before any action (a preAction hook in src/program.ts), so
 * every command gets the same precedence: defaults < config file < environment < flags.
 * Values go through the flag's own parser (port range, QoS, -V names …), so a bad value in the file
 * or the environment fails exactly like the flag would, naming where it came from.
 */
import { existsSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { homedir } from 'node:os'
import { Command, InvalidArgumentError, type Option } from 'commander'
import { UsageError } from '../errors.js'
import { lookup } from '../lookup.js'
import { escapeForTerminal } from '../output/escape.js'
import { logWarn } from '../output/log.js'
import { valueKind } from '../flags/define.js'
import { PASSWORD_ENV } from '../mqtt/options.js'
import { ENDPOINT_KEYS, ENV_SETTINGS, PASSWORD_KEYS, TLS_KEYS } from './env.js'
import { mosquittoDefaultsPath, readMosquittoDefaults, type DefaultsEntry } from './mosquitto.js'
import { configError, isObject, readConfigFile, type ConfigFile, type JsonObject } from './file.js'
import { configPath } from './paths.js'
import { validateProfile } from './validate.js'
import { parseCodecMap } from '../codecs/profile-map.js'

type Source = 'env' | 'config'

export function findOption(cmd: Command, key: string): Option | undefined {
  return cmd.options.find((o) => o.attributeName() === key || o.long === `--${key}`)
}

/** Given already at a higher precedence (flags, or an earlier layer)? */
function isSet(cmd: Command, key: string): boolean {
  return cmd.getOptionValue(key) !== undefined && cmd.getOptionValueSource(key) !== 'default'
}

function expandPath(value: string, file: ConfigFile, env: NodeJS.ProcessEnv): string {
  if (value === '~') return env.HOME ?? homedir()
  if (value.startsWith('~/')) return join(env.HOME ?? homedir(), value.slice(2))
  return isAbsolute(value) ? value : resolve(dirname(file.path), value)
}

interface Origin {
  source: Source
  /** For messages: "MQTX_PORT" or "config.json:7 (profile 'home')". */
  describe: () => string
  file?: ConfigFile
  /** Set again by a later line of the same options file: a repeatable flag (-t) adds to the value, another is replaced (its parser may refuse that instead: -m, -f twice). */
  again?: boolean
}

function fill(cmd: Command, option: Option, value: unknown, origin: Origin, env: NodeJS.ProcessEnv): void {
  const key = option.attributeName()
  if (isSet(cmd, key) && origin.again !== true) return
  if (!option.required && !option.optional) {
    if (typeof value !== 'boolean') throw new UsageError(`${origin.describe()}: '${key}' is an on/off setting: use true or false`)
    cmd.setOptionValueWithSource(key, option.negate ? !value : value, origin.source)
    return
  }
  const values = Array.isArray(value) ? value : [value]
  let parsed: unknown = origin.again === true ? cmd.getOptionValue(key) : undefined
  for (const v of values) {
    if (typeof v !== 'string' && typeof v !== 'number') throw new UsageError(`${origin.describe()}: '${key}' needs a value (a string or a number)`)
    let text = String(v)
    const kind = valueKind(option)
    if (origin.file !== undefined && (kind === 'file' || kind === 'dir')) text = expandPath(text, origin.file, env)
    try {
      if (option.parseArg !== undefined) parsed = option.parseArg(text, parsed)
      else parsed = option.variadic ? [...((parsed as string[] | undefined) ?? []), text] : text
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw new UsageError(`${origin.describe()}: ${err.message.replace(/^error: /, '')}`)
      throw err
    }
    // a JSON number only where the flag takes a number ("port": 1883), not "host": 12
    if (typeof v === 'number' && typeof parsed !== 'number') throw new UsageError(`${origin.describe()}: '${key}' takes text, not a number: write it in quotes`)
  }
  cmd.setOptionValueWithSource(key, parsed, origin.source)
}

function passwordGiven(cmd: Command): boolean {
  return PASSWORD_KEYS.some((k) => cmd.options.some((o) => o.attributeName() === k) && isSet(cmd, k))
}

/** A password in the environment hides the profile's and mosquitto's password keys. */
function passwordInEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env[PASSWORD_ENV]
  return value !== undefined && value !== ''
}

/** -L and --unix on the command line say where to connect: lower layers must not contradict them. */
function hiddenByCommandLine(cmd: Command, key: string): boolean {
  if (cmd.getOptionValueSource('unix') === 'cli' && (ENDPOINT_KEYS.includes(key) || TLS_KEYS.includes(key))) return true
  // --no-tls on the command line drops every TLS setting of the lower layers (mosquitto 2.1)
  if (cmd.getOptionValueSource('tls') === 'cli' && cmd.getOptionValue('tls') === false && TLS_KEYS.includes(key)) return true
  const url = cmd.getOptionValue('url') as string | undefined
  if (url === undefined) return false
  if (key === 'host' || key === 'port') return true
  return url.includes('@') && (key === 'username' || PASSWORD_KEYS.includes(key))
}

function applyEnv(cmd: Command, env: NodeJS.ProcessEnv): void {
  const passwordSet = passwordGiven(cmd)
  for (const setting of ENV_SETTINGS) {
    const raw = env[setting.name]
    if (setting.option === undefined || raw === undefined || raw === '') continue
    const option = findOption(cmd, setting.option)
    if (option === undefined || hiddenByCommandLine(cmd, setting.option)) continue
    if (passwordSet && PASSWORD_KEYS.includes(setting.option)) continue
    fill(cmd, option, raw, { source: 'env', describe: () => setting.name }, env)
  }
}

/** The sections that apply to `cmd`, most specific first: profile.bench.pub, profile.bench, profile. */
function sectionsFor(cmd: Command, profile: JsonObject): JsonObject[] {
  const path: string[] = []
  for (let c: Command | null = cmd; c?.parent != null; c = c.parent) path.unshift(c.name())
  const sections: JsonObject[] = [profile]
  let section: JsonObject = profile
  for (const name of path) {
    const next = lookup(section, name)
    if (!isObject(next)) break
    sections.unshift(next)
    section = next
  }
  return sections
}

function applyProfile(cmd: Command, file: ConfigFile, name: string, profile: JsonObject, env: NodeJS.ProcessEnv): void {
  const skipPassword = passwordGiven(cmd) || passwordInEnv(env)
  const commandNames = new Set(cmd.commands.map((c) => c.name()))
  for (const section of sectionsFor(cmd, profile)) {
    for (const [key, value] of Object.entries(section)) {
      if (key === 'codecs') {
        applyCodecMap(cmd, file, name, value)
        continue
      }
      if (isObject(value) || commandNames.has(key) || hiddenByCommandLine(cmd, key)) continue
      const isPassword = PASSWORD_KEYS.includes(key)
      if (isPassword && skipPassword) continue
      const origin: Origin = { source: 'config', file, describe: () => configError(file, ['profiles', name, key], `profile '${name}'`).message }
      if (key === 'passwordEnv') {
        if (typeof value !== 'string' || value === '') throw configError(file, ['profiles', name, key], `profile '${name}': "passwordEnv" must name an environment variable`)
        const secret = lookup(env, value)
        if (secret === undefined || secret === '') throw configError(file, ['profiles', name, key], `profile '${name}' takes the password from $${value}, which is not set`)
        const option = findOption(cmd, 'password')
        if (option !== undefined) fill(cmd, option, secret, origin, env)
        continue
      }
      const option = findOption(cmd, key)
      if (option === undefined) continue // an option of another command: validated, not applied here
      if ((key === 'password' || key === 'pw') && cmd.getOptionValue('quiet') !== true) {
        logWarn(`${file.path}: profile '${name}' holds a literal password; prefer "passwordFile" or "passwordEnv"`)
      }
      fill(cmd, option, value, origin, env)
    }
  }
}

/** A profile's "codecs" map (topic filter -> codec) for commands that decode; the deepest section wins. */
function applyCodecMap(cmd: Command, file: ConfigFile, name: string, value: unknown): void {
  if (findOption(cmd, 'decode') === undefined || cmd.getOptionValue('codecMap') !== undefined) return
  const where = configError(file, ['profiles', name, 'codecs'], `profile '${name}'`).message
  cmd.setOptionValueWithSource('codecMap', parseCodecMap(value, dirname(file.path), where), 'config')
}

/** Lowest of all: `-o FILE`, then mosquitto's own per-user defaults file for pub, sub and rr. */
function applyMosquittoDefaults(cmd: Command, env: NodeJS.ProcessEnv): void {
  const given = cmd.getOptionValue('optionsFile') as string | undefined
  if (given !== undefined) {
    const entries = readMosquittoDefaults(cmd, given)
    if (entries === undefined) throw new UsageError(`-o: ${escapeForTerminal(given)} ${existsSync(given) ? 'is a directory' : 'does not exist'}.`)
    applyMosquittoEntries(cmd, env, given, entries)
  }
  const path = mosquittoDefaultsPath(cmd, env)
  const entries = path === undefined ? undefined : readMosquittoDefaults(cmd, path)
  if (path !== undefined && entries !== undefined) applyMosquittoEntries(cmd, env, path, entries)
}

function applyMosquittoEntries(cmd: Command, env: NodeJS.ProcessEnv, path: string, entries: DefaultsEntry[]): void {
  const passwordSet = passwordGiven(cmd) || passwordInEnv(env)
  // an option on several lines, as in mosquitto: -t (repeatable) adds up, another takes the last line's value
  const filled = new Set<string>()
  for (const { line, option, value } of entries) {
    const key = option.attributeName()
    if (hiddenByCommandLine(cmd, key) || (passwordSet && PASSWORD_KEYS.includes(key))) continue
    const again = filled.has(key)
    if (isSet(cmd, key) && !again) continue
    fill(cmd, option, value, { source: 'config', describe: () => `${path}:${line}`, again }, env)
    filled.add(key)
  }
}

/** `fullTree`: the program with every command built in full, to validate the profile against. */
export function applyConfig(cmd: Command, env: NodeJS.ProcessEnv, fullTree: () => Command): void {
  applyEnv(cmd, env)
  applyProfileOf(cmd, env, fullTree)
  applyMosquittoDefaults(cmd, env)
}

function applyProfileOf(cmd: Command, env: NodeJS.ProcessEnv, fullTree: () => Command): void {
  const path = configPath(env)
  const flag = cmd.getOptionValue('profile') as string | undefined
  const requested = flag ?? (env.MQTX_PROFILE !== undefined && env.MQTX_PROFILE !== '' ? env.MQTX_PROFILE : undefined)
  const file = readConfigFile(path, { required: env.MQTX_CONFIG !== undefined && env.MQTX_CONFIG !== '' })
  if (file === undefined) {
    if (requested !== undefined) throw new UsageError(`unknown profile '${escapeForTerminal(requested)}': there is no config file at ${path}`)
    return
  }
  const name = requested ?? file.defaultProfile
  if (name === undefined) return
  const profile = lookup(file.profiles, name)
  if (profile === undefined) {
    const known = Object.keys(file.profiles)
    throw new UsageError(`unknown profile '${escapeForTerminal(name)}' in ${path} (${known.length > 0 ? `profiles: ${known.join(', ')}` : 'it defines no profiles'})`)
  }
  validateProfile(file, name, profile, fullTree())
  applyProfile(cmd, file, name, profile, env)
}
