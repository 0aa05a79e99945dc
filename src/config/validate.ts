/**
 * Checks a profile's keys against the command tree, so a typo ("hots") fails with the file and
 * line instead of being ignored. Values are checked when applied, by each flag's own parser.
 */
import { Command } from 'commander'
import { addConnectionOptions } from '../mqtt/options.js'
import { configError, isObject, type ConfigFile, type JsonObject } from './file.js'

function connectionKeys(): Set<string> {
  const keys = new Set<string>(['passwordEnv'])
  for (const o of addConnectionOptions(new Command('x')).options) {
    if (o.attributeName() === 'profile') continue
    keys.add(o.attributeName())
    if (o.long !== undefined) keys.add(o.long.slice(2))
  }
  return keys
}

function knows(cmd: Command, key: string): boolean {
  return key === 'passwordEnv' || cmd.options.some((o) => o.attributeName() !== 'profile' && (o.attributeName() === key || o.long === `--${key}`))
}

function validateSection(file: ConfigFile, name: string, section: JsonObject, cmd: Command, path: string[]): void {
  for (const [key, value] of Object.entries(section)) {
    const sub = cmd.commands.find((c) => c.name() === key)
    if (key === 'codecs' && knows(cmd, 'decode')) continue // checked when applied (src/codecs/profile-map.ts)
    if (isObject(value)) {
      if (sub === undefined) throw configError(file, ['profiles', name, ...path, key], `profile '${name}': '${[...path, key].join('.')}' is not a command of 'mqtx ${[...path].join(' ')}'`)
      validateSection(file, name, value, sub, [...path, key])
    } else if (!knows(cmd, key)) {
      throw configError(file, ['profiles', name, ...path, key], `profile '${name}': unknown setting '${key}' for 'mqtx ${path.join(' ')}'`)
    }
  }
}

export function validateProfile(file: ConfigFile, name: string, profile: JsonObject, root: Command): void {
  const allowed = connectionKeys()
  for (const [key, value] of Object.entries(profile)) {
    const sub = root.commands.find((c) => c.name() === key)
    if (key === 'codecs') continue // topic filter -> codec for sub and rr: checked when applied
    if (sub !== undefined) {
      if (!isObject(value)) throw configError(file, ['profiles', name, key], `profile '${name}': '${key}' holds the defaults for 'mqtx ${key}' and must be an object`)
      validateSection(file, name, value, sub, [key])
    } else if (!allowed.has(key)) {
      throw configError(file, ['profiles', name, key], `profile '${name}': unknown setting '${key}' (connection options such as host, port, username, passwordFile, cafile, protocolVersion, or a command name with its defaults)`)
    }
  }
}
