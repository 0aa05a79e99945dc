import { describe, expect, it } from 'vitest'
import { checkLogin } from '../../src/broker/auth.js'
import { isLoopback, parseUsersFile, resolveBrokerConfig } from '../../src/broker/config.js'

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected)
  })
})

describe('parseUsersFile', () => {
  it('reads user:password lines; a password may contain colons and spaces', () => {
    const users = parseUsersFile('# comment\n\nalice:a:b c\nbob:x\r\n', 'f')
    expect([...users.keys()]).toEqual(['alice', 'bob'])
    expect(users.get('alice')?.toString()).toBe('a:b c')
    expect(users.get('bob')?.toString()).toBe('x')
  })
  it.each([
    ['nocolon\n', "--users 'f' line 1: expected \"username:password\"."],
    [':pw\n', "--users 'f' line 1: expected \"username:password\"."],
    ['# only a comment\n', "--users 'f' holds no \"username:password\" lines."],
  ])('%j is a usage error', (text, message) => {
    expect(() => parseUsersFile(text, 'f')).toThrow(message)
  })
})

describe('checkLogin', () => {
  const users = new Map([['alice', Buffer.from('pw')]])
  it('anonymous access when no users are configured', () => {
    expect(checkLogin(undefined, undefined, undefined)).toEqual({ ok: true })
  })
  it('accepts the right password, refuses the rest with 3.1.1 codes', () => {
    expect(checkLogin(users, 'alice', Buffer.from('pw'))).toEqual({ ok: true })
    expect(checkLogin(users, 'alice', Buffer.from('nope'))).toMatchObject({ ok: false, returnCode: 4 })
    expect(checkLogin(users, 'alice', undefined)).toMatchObject({ ok: false, returnCode: 4 })
    expect(checkLogin(users, 'mallory', Buffer.from('pw'))).toMatchObject({ ok: false, returnCode: 4 })
    expect(checkLogin(users, undefined, undefined)).toMatchObject({ ok: false, returnCode: 5 })
  })
})

describe('resolveBrokerConfig', () => {
  it('defaults: loopback, 1883, anonymous', () => {
    expect(resolveBrokerConfig({}, {})).toEqual({ host: '127.0.0.1', port: 1883, verbose: false, json: false })
  })
  it('takes one login from the environment', () => {
    const c = resolveBrokerConfig({}, { MQTX_BROKER_USERNAME: 'dev', MQTX_BROKER_PASSWORD: 'secret' })
    expect(c.users?.get('dev')?.toString()).toBe('secret')
  })
  it.each([
    [{}, { MQTX_BROKER_USERNAME: 'dev' }, 'MQTX_BROKER_USERNAME and MQTX_BROKER_PASSWORD must be set together.'],
    [{ port: 1884, wsPort: 1884 }, {}, 'two listeners on the same port (1884, 1884): give -p, --tls-port and --ws-port different ports.'],
    [{ requireClientCert: true }, {}, '--require-client-cert needs --cert (the TLS listener is enabled by --cert and --key).'],
    [{ host: '' }, {}, '-h needs an address (e.g. 127.0.0.1, ::1 or 0.0.0.0).'],
  ])('%j %j is a usage error', (raw, env, message) => {
    expect(() => resolveBrokerConfig(raw, env)).toThrow(message)
  })
})
