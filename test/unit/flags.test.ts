/** One home per flag: the flag tables (src/flags/define.ts) and what derives from them. */
import { Command } from 'commander'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { ENDPOINT_KEYS, ENV_SETTINGS, PASSWORD_KEYS, TLS_KEYS } from '../../src/config/env.js'
import { addFlags, declarationOf, defineFlags, knownValues, valueKind, type OptionsOf } from '../../src/flags/define.js'
import { buildProgram } from '../../src/program.js'
import { CONNECTION_FLAGS, type RawConnectionOptions } from '../../src/mqtt/options.js'
import { parseQos } from '../../src/mqtt/parsers.js'

describe('flag declarations', () => {
  it('a table key that is not the attribute name of its flag is refused', () => {
    expect(() => addFlags(new Command('x'), { fooBar: { flags: '--foo <file>', help: 'h', group: 'G:' } })).toThrow(/key 'fooBar' does not match --foo <file>/)
  })

  it('the option type, parser, value kind and help group come from one declaration', () => {
    const table = defineFlags({
      foo: { flags: '--foo <thing>', help: 'a foo', group: 'Foo options:', kind: 'file' },
      level: { flags: '--level <qos>', help: 'a level', group: 'Foo options:', parse: parseQos },
      mode: { flags: '--mode <mode>', help: 'a mode', group: 'Foo options:', choices: ['a', 'b'] },
      flag: { flags: '--flag', help: 'on/off', group: 'Foo options:' },
    })
    expectTypeOf<OptionsOf<typeof table>>().toEqualTypeOf<{ foo?: string; level?: 0 | 1 | 2; mode?: 'a' | 'b'; flag?: boolean }>()
    const cmd = addFlags(new Command('x'), table)
    const [foo, level, mode, flag] = cmd.options
    expect([foo, level, mode, flag].map((o) => o === undefined ? undefined : valueKind(o))).toEqual(['file', 'choices', 'choices', 'none'])
    expect(level === undefined ? [] : knownValues(level)).toEqual(['0', '1', '2'])
    expect(foo?.helpGroupHeading).toBe('Foo options:')
    cmd.exitOverride().parse(['--foo', 'f', '--level', '1', '--mode', 'b', '--flag'], { from: 'user' })
    expect(cmd.opts<OptionsOf<typeof table>>()).toEqual({ foo: 'f', level: 1, mode: 'b', flag: true })
  })

  it('the MQTX_* table and the config key classes are derived from the connection flags', () => {
    expect(ENV_SETTINGS.find((s) => s.name === 'MQTX_HOST')).toEqual({ name: 'MQTX_HOST', option: 'host', flag: '-h', description: 'broker host' })
    expect(ENV_SETTINGS.find((s) => s.name === 'MQTX_PASSWORD_FILE')?.option).toBe('passwordFile')
    // read where it is used (resolve.ts), not filled in as -P
    expect(ENV_SETTINGS.find((s) => s.name === 'MQTX_PASSWORD')).not.toHaveProperty('option')
    expect(ENV_SETTINGS.find((s) => s.name === 'MQTX_PASSWORD')?.flag).toBe('-P')
    expect(PASSWORD_KEYS).toEqual(['pw', 'password', 'passwordFile', 'passwordEnv'])
    expect(TLS_KEYS).toEqual(['cafile', 'capath', 'cert', 'key', 'insecure', 'tlsKeylog', 'tlsVersion', 'tlsAlpn', 'ciphers', 'tlsUseOsCerts', 'psk', 'pskIdentity', 'servername'])
    expect(ENDPOINT_KEYS).toEqual(['host', 'port', 'proxy'])
    expect(Object.keys(CONNECTION_FLAGS)).toContain('passwordFile')
    expectTypeOf<RawConnectionOptions['port']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<RawConnectionOptions['tlsVersion']>().toEqualTypeOf<'tlsv1.3' | 'tlsv1.2' | 'tlsv1.1' | undefined>()
  })

  it('a flag with a default is always set (its key is not optional); a flag without a group is under "Options:"', () => {
    const table = defineFlags({
      dir: { flags: '--dir <dir>', help: 'a dir', default: 'certs' },
      json: { flags: '--json', help: 'JSON' },
    })
    expectTypeOf<OptionsOf<typeof table>>().toEqualTypeOf<{ dir: string; json?: boolean }>()
    const cmd = addFlags(new Command('x'), table)
    expect(cmd.options[0]?.helpGroupHeading).toBeUndefined()
    cmd.exitOverride().parse([], { from: 'user' })
    expect(cmd.opts()).toEqual({ dir: 'certs' })
  })

  it('every flag of every command (bench, certgen and the codec flags too) comes from a declaration', () => {
    const undeclared: string[] = []
    const walk = (cmd: Command, path: string) => {
      for (const option of cmd.options) {
        if (option.long === '--help' || option.long === '--version') continue
        if (declarationOf(option) === undefined) undeclared.push(`${path} ${option.flags}`)
      }
      for (const sub of cmd.commands) walk(sub, `${path} ${sub.name()}`)
    }
    walk(buildProgram(), 'mqtx')
    expect(undeclared).toEqual([])
  })
})
