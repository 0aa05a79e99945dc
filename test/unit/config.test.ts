/** Profiles and MQTX_* environment: precedence defaults < file < environment < flags, and bad input. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { applyConfig } from '../../src/config/apply.js'
import { lineOfKey } from '../../src/config/file.js'
import { configPath } from '../../src/config/paths.js'
import { findJsonProblem } from '../../src/config/json-error.js'
import { UsageError } from '../../src/errors.js'
import { buildProgram } from '../../src/program.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-config-'))
let n = 0

function configFile(content: unknown): string {
  const path = join(dir, `config-${n++}.json`)
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return path
}

/** Parse `args` for `mqtx pub` (no action runs), apply config and environment, return the options. */
function pubOptions(args: string[], env: Record<string, string>, command = 'pub'): Record<string, unknown> {
  const program = buildProgram()
  const cmd = program.commands.find((c) => c.name() === command) as Command
  cmd.parseOptions(args)
  applyConfig(cmd, { HOME: dir, ...env }, () => program)
  return cmd.opts()
}

function usageError(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as UsageError).message
  }
  throw new Error('expected a UsageError')
}

const profiles = {
  defaultProfile: 'home',
  profiles: {
    home: { host: 'file-host', port: 1111, username: 'file-user', protocolVersion: '311', pub: { qos: 1, retain: true } },
    other: { host: 'other-host', 'connect-timeout': 3 },
  },
}

describe('precedence: defaults < config file < environment < flags', () => {
  it('nothing given: the options stay unset (resolve.ts applies the defaults)', () => {
    const o = pubOptions([], { XDG_CONFIG_HOME: join(dir, 'none') })
    expect(o.host).toBeUndefined()
    expect(o.port).toBeUndefined()
  })
  it('the default profile fills connection options and the command section, through the flag parsers', () => {
    const o = pubOptions([], { MQTX_CONFIG: configFile(profiles) })
    expect(o).toMatchObject({ host: 'file-host', port: 1111, username: 'file-user', protocolVersion: 4, qos: 1, retain: true })
  })
  it('the environment beats the file', () => {
    const o = pubOptions([], { MQTX_CONFIG: configFile(profiles), MQTX_HOST: 'env-host', MQTX_PORT: '2222', MQTX_PROTOCOL_VERSION: 'mqttv5' })
    expect(o).toMatchObject({ host: 'env-host', port: 2222, protocolVersion: 5, username: 'file-user' })
  })
  it('flags beat the environment and the file', () => {
    const o = pubOptions(['-h', 'flag-host', '-p', '3333', '-q', '0'], { MQTX_CONFIG: configFile(profiles), MQTX_HOST: 'env-host', MQTX_PORT: '2222' })
    expect(o).toMatchObject({ host: 'flag-host', port: 3333, qos: 0, retain: true })
  })
  it('--profile beats MQTX_PROFILE, which beats defaultProfile', () => {
    const path = configFile(profiles)
    expect(pubOptions([], { MQTX_CONFIG: path, MQTX_PROFILE: 'other' })).toMatchObject({ host: 'other-host', connectTimeout: 3 })
    expect(pubOptions(['--profile', 'home'], { MQTX_CONFIG: path, MQTX_PROFILE: 'other' })).toMatchObject({ host: 'file-host' })
  })
  it('a -L URL on the command line keeps host and port from the file and environment out', () => {
    const o = pubOptions(['-L', 'mqtt://url-host:4444/t'], { MQTX_CONFIG: configFile(profiles), MQTX_PORT: '2222' })
    expect(o.host).toBeUndefined()
    expect(o.port).toBeUndefined()
  })
  it('--unix on the command line keeps host, port and TLS files from the file and environment out', () => {
    const path = configFile({ profiles: { tls: { host: 'h', port: 8883, cafile: '/ca.pem', username: 'u' } } })
    const o = pubOptions(['--unix', '/run/mqtt.sock', '--profile', 'tls'], { MQTX_CONFIG: path, MQTX_CERT: '/c.pem' })
    expect(o).toMatchObject({ unix: '/run/mqtt.sock', username: 'u' })
    expect([o.host, o.port, o.cafile, o.cert]).toEqual([undefined, undefined, undefined, undefined])
  })
  it('on/off settings, --no-* flags and repeatable flags in a command section', () => {
    const path = configFile({ profiles: { s: { sub: { 'no-local': true, verbose: true, topic: ['a/#', 'b/+'] } } } })
    expect(pubOptions(['--profile', 's'], { MQTX_CONFIG: path }, 'sub')).toMatchObject({ local: false, verbose: true, topic: ['a/#', 'b/+'] })
    expect(pubOptions(['--profile', 's', '-t', 'c'], { MQTX_CONFIG: path }, 'sub')).toMatchObject({ topic: ['c'] })
    const bad = configFile({ profiles: { s: { sub: { verbose: 'yes' } } } })
    expect(usageError(() => pubOptions(['--profile', 's'], { MQTX_CONFIG: bad }, 'sub'))).toBe(`${bad}:5: profile 's': 'verbose' is an on/off setting: use true or false`)
  })
  it('the config file is found under XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/x/mqtx/config.json')
    expect(configPath({ HOME: '/h' })).toBe('/h/.config/mqtx/config.json')
    expect(configPath({ MQTX_CONFIG: '/c.json', XDG_CONFIG_HOME: '/x' })).toBe('/c.json')
  })
})

describe('credentials', () => {
  const secretFile = join(dir, 'secret')
  it('passwordFile is relative to the config file, ~/ to HOME', () => {
    const path = configFile({ profiles: { a: { username: 'u', passwordFile: 'secret' }, b: { username: 'u', passwordFile: '~/secret' } } })
    expect(pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }).passwordFile).toBe(secretFile)
    expect(pubOptions(['--profile', 'b'], { MQTX_CONFIG: path }).passwordFile).toBe(secretFile)
  })
  it('passwordEnv reads the named variable; unset is an error', () => {
    const path = configFile({ profiles: { a: { username: 'u', passwordEnv: 'MY_SECRET' } } })
    expect(pubOptions(['--profile', 'a'], { MQTX_CONFIG: path, MY_SECRET: 's3cret' }).password).toBe('s3cret')
    expect(usageError(() => pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }))).toBe(`${path}:5: profile 'a' takes the password from $MY_SECRET, which is not set`)
  })
  it('a password flag or MQTX_PASSWORD keeps every password source of the file out', () => {
    const path = configFile({ profiles: { a: { username: 'u', passwordFile: 'secret' } } })
    const flagged = pubOptions(['--profile', 'a', '-P', 'flag'], { MQTX_CONFIG: path })
    expect(flagged.passwordFile).toBeUndefined()
    expect(pubOptions(['--profile', 'a'], { MQTX_CONFIG: path, MQTX_PASSWORD: 'env' }).passwordFile).toBeUndefined()
  })
})

describe('bad configuration: one line naming the file and line, exit 2', () => {
  it('malformed JSON names the line and column', () => {
    const path = configFile('{\n  "profiles": {\n    "a": { host: "x" }\n  }\n}\n')
    expect(usageError(() => pubOptions([], { MQTX_CONFIG: path }))).toBe(`${path}:3:12: malformed JSON: expected a double-quoted property name`)
  })
  it('a trailing comma and a truncated file', () => {
    expect(findJsonProblem('{\n "a": 1,\n}')).toEqual({ offset: 11, reason: 'trailing comma before }' })
    expect(findJsonProblem('{"a": ')?.reason).toBe('unexpected end of file')
    expect(findJsonProblem('{"a": [1, 2], "b": {"c": null}}')).toBeUndefined()
  })
  it('an unknown setting names its line', () => {
    const path = configFile({ profiles: { a: { host: 'h', hots: 'x' } } })
    expect(usageError(() => pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }))).toMatch(new RegExp(`^${path}:5: profile 'a': unknown setting 'hots'`))
  })
  it('an unknown setting in a command section', () => {
    const path = configFile({ profiles: { a: { pub: { qoss: 1 } } } })
    expect(usageError(() => pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }))).toBe(`${path}:5: profile 'a': unknown setting 'qoss' for 'mqtx pub'`)
  })
  it('a bad value fails like the flag would', () => {
    const path = configFile({ profiles: { a: { port: 'http' } } })
    expect(usageError(() => pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }))).toBe(`${path}:4: profile 'a': Invalid port given: http (use 0 to 65535).`)
    expect(usageError(() => pubOptions([], { MQTX_PORT: 'x' }))).toBe('MQTX_PORT: Invalid port given: x (use 0 to 65535).')
  })
  it('an unknown profile lists the known ones', () => {
    const path = configFile(profiles)
    expect(usageError(() => pubOptions(['--profile', 'work'], { MQTX_CONFIG: path }))).toBe(`unknown profile 'work' in ${path} (profiles: home, other)`)
  })
  it('a profile asked for without a config file', () => {
    const empty = mkdtempSync(join(tmpdir(), 'mqtx-xdg-'))
    expect(usageError(() => pubOptions(['--profile', 'x'], { XDG_CONFIG_HOME: empty }))).toBe(`unknown profile 'x': there is no config file at ${join(empty, 'mqtx', 'config.json')}`)
  })
  it('MQTX_CONFIG naming a missing file is an error, not ignored', () => {
    const missing = join(dir, 'missing.json')
    expect(usageError(() => pubOptions([], { MQTX_CONFIG: missing }))).toBe(`cannot read config file ${missing} (MQTX_CONFIG): no such file`)
  })
  it('an unreadable config file', () => {
    expect(usageError(() => pubOptions([], { MQTX_CONFIG: dir }))).toBe(`cannot read config file ${dir} (MQTX_CONFIG): it is a directory`)
  })
  it('a number where the flag takes text ("host": 12) is refused; numbers stay fine for numeric flags', () => {
    const path = configFile({ profiles: { a: { host: 12, port: 1884 } } })
    expect(usageError(() => pubOptions(['--profile', 'a'], { MQTX_CONFIG: path }))).toBe(`${path}:4: profile 'a': 'host' takes text, not a number: write it in quotes`)
    const ok = configFile({ profiles: { a: { host: 'h', port: 1884, pub: { qos: 1 } } } })
    expect(pubOptions(['--profile', 'a'], { MQTX_CONFIG: ok })).toMatchObject({ host: 'h', port: 1884 })
  })
  it.each(['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'])('--profile %s is an unknown profile, not an inherited property', (name) => {
    const path = configFile(profiles)
    expect(usageError(() => pubOptions(['--profile', name], { MQTX_CONFIG: path }))).toBe(`unknown profile '${name}' in ${path} (profiles: home, other)`)
  })
  it.skipIf(process.platform !== 'linux')('an endless MQTX_CONFIG (/dev/zero) is an error at once', () => {
    expect(usageError(() => pubOptions([], { MQTX_CONFIG: '/dev/zero' }))).toBe('cannot read config file /dev/zero (MQTX_CONFIG): larger than 16 MiB: is it the right file?')
  })
  it('a config file that is not UTF-8', () => {
    const path = join(dir, 'latin1.json')
    writeFileSync(path, Buffer.from('{"profiles":{"a":{"host":"caf\xe9"}}}', 'latin1'))
    expect(usageError(() => pubOptions([], { MQTX_CONFIG: path }))).toBe(`${path}: the config file is not valid UTF-8.`)
  })
  it('lineOfKey follows the key path', () => {
    const text = '{\n "profiles": {\n  "a": {\n   "host": 1\n  },\n  "b": {\n   "host": 2\n  }\n }\n}'
    expect(lineOfKey(text, ['profiles', 'b', 'host'])).toBe(7)
  })
})

describe("mosquitto's per-user defaults files (~/.config/mosquitto_pub …)", () => {
  const xdg = mkdtempSync(join(tmpdir(), 'mqtx-mosq-'))
  writeFileSync(join(xdg, 'mosquitto_pub'), '# defaults\n-h mosq-host\n-p 1234\n--retain\n-V mqttv311\n')
  writeFileSync(join(xdg, 'mosquitto_sub'), '-h sub-host\n')
  it('fill what nothing else gave, through the flag parsers', () => {
    expect(pubOptions([], { XDG_CONFIG_HOME: xdg })).toMatchObject({ host: 'mosq-host', port: 1234, retain: true, protocolVersion: 4 })
  })
  it('rank below the mqtx config file, the environment and flags', () => {
    const path = configFile({ profiles: { p: { host: 'file-host' } } })
    expect(pubOptions(['--profile', 'p'], { XDG_CONFIG_HOME: xdg, MQTX_CONFIG: path })).toMatchObject({ host: 'file-host', port: 1234 })
    expect(pubOptions([], { XDG_CONFIG_HOME: xdg, MQTX_PORT: '9' })).toMatchObject({ host: 'mosq-host', port: 9 })
    expect(pubOptions(['-p', '7'], { XDG_CONFIG_HOME: xdg, MQTX_PORT: '9' })).toMatchObject({ port: 7 })
  })
  it("a value is the rest of the line, as mosquitto's client_config_load() takes it", () => {
    const spaced = mkdtempSync(join(tmpdir(), 'mqtx-mosq-'))
    writeFileSync(join(spaced, 'mosquitto_pub'), '-u  John Smith \t\n--will-topic t/w\n  --will-payload going  "offline"\r\n')
    expect(pubOptions([], { XDG_CONFIG_HOME: spaced })).toMatchObject({ username: 'John Smith', willTopic: 't/w', willPayload: 'going  "offline"' })
  })
  it('an option on several lines, as mosquitto takes it: -t adds up, another takes the last value', () => {
    const twice = mkdtempSync(join(tmpdir(), 'mqtx-mosq-'))
    writeFileSync(join(twice, 'mosquitto_sub'), '-t a/#\n-h old-host\n-t b/#\n-h new-host\n')
    expect(pubOptions([], { XDG_CONFIG_HOME: twice }, 'sub')).toMatchObject({ topic: ['a/#', 'b/#'], host: 'new-host' })
    // the command line still replaces the file's value as a whole
    expect(pubOptions(['-t', 'c', '-h', 'flag-host'], { XDG_CONFIG_HOME: twice }, 'sub')).toMatchObject({ topic: ['c'], host: 'flag-host' })
  })
  it('a bad value names the file and line', () => {
    const bad = mkdtempSync(join(tmpdir(), 'mqtx-mosq-'))
    writeFileSync(join(bad, 'mosquitto_pub'), '-h x\n-q 3\n')
    expect(usageError(() => pubOptions([], { XDG_CONFIG_HOME: bad }))).toBe(`${join(bad, 'mosquitto_pub')}:2: Invalid QoS given: 3 (use 0, 1 or 2).`)
  })
})
