/**
 * No password reaches stderr: a table of commands that fail (bad URLs, bad proxies, refused logins,
 * unreachable brokers, bad config), each run with and without --debug, and the password searched for
 * in everything they wrote.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, type Broker } from '../helpers/broker.js'
import { mqtx } from '../helpers/run.js'

const PW = 'Pw0rdLeak42'
let broker: Broker | undefined
const closed = '9'
const dir = mkdtempSync(join(tmpdir(), 'mqtx-secrets-'))

beforeAll(async () => {
  if (!mosquittoReady) return
  // a broker that refuses every login: the CONNECT (with the password) really goes out
  broker = await startMosquitto({ listeners: [{ lines: ['allow_anonymous false'] }] })
})
afterAll(async () => {
  await broker?.stop()
})

function config(profile: Record<string, unknown>): string {
  const path = join(dir, `c-${Math.random().toString(16).slice(2)}.json`)
  writeFileSync(path, JSON.stringify({ profiles: { p: profile } }, null, 2))
  return path
}

type Case = [name: string, args: () => string[], env?: () => Record<string, string>]

const port = () => String(broker?.port ?? closed)

const cases: Case[] = [
  ['-L without a topic', () => ['pub', '-L', `mqtt://alice:${PW}@127.0.0.1:1883`, '-m', 'x']],
  ['-L with a bad port', () => ['pub', '-L', `mqtt://alice:${PW}@127.0.0.1:99999/t`, '-m', 'x']],
  ['-L with bad percent-encoding', () => ['sub', '-L', `mqtt://alice:${PW}%zz@127.0.0.1/t`]],
  ['-L with an unknown scheme', () => ['pub', '-L', `http://alice:${PW}@127.0.0.1/t`, '-m', 'x']],
  ['-L with a publish wildcard', () => ['pub', '-L', `mqtt://alice:${PW}@127.0.0.1:${port()}/a/#`, '-m', 'x']],
  ['-L refused login', () => ['pub', '-L', `mqtt://alice:${PW}@127.0.0.1:${port()}/t`, '-m', 'x']],
  ['-L unreachable', () => ['sub', '-L', `mqtt://alice:${PW}@127.0.0.1:${closed}/t`, '-C', '1']],
  ['-L mqtts to a plain port', () => ['pub', '-L', `mqtts://alice:${PW}@127.0.0.1:${port()}/t`, '-m', 'x', '--cafile', '/etc/hostname']],
  ['rr with -L refused login', () => ['rr', '-L', `mqtt://alice:${PW}@127.0.0.1:${port()}/req`, '-e', 'resp', '-m', 'x', '-W', '5']],
  ['check with -L unreachable', () => ['check', '-L', `mqtt://alice:${PW}@127.0.0.1:${closed}/x`, '--only', 'connect-v5']],
  ['--proxy with a bad port', () => ['pub', '--proxy', `socks5h://bob:${PW}@127.0.0.1:99999`, '-t', 'a', '-m', 'x']],
  ['--proxy of another kind', () => ['pub', '--proxy', `http://bob:${PW}@127.0.0.1:8080`, '-t', 'a', '-m', 'x']],
  ['--proxy unreachable', () => ['pub', '--proxy', `socks5h://bob:${PW}@127.0.0.1:${closed}`, '-h', '127.0.0.1', '-p', port(), '-t', 'a', '-m', 'x']],
  ['-P refused login', () => ['pub', '-u', 'alice', '-P', PW, '-h', '127.0.0.1', '-p', port(), '-t', 'a', '-m', 'x']],
  ['-P with a bad topic', () => ['pub', '-u', 'alice', '-P', PW, '-t', 'a/+', '-m', 'x']],
  ['MQTX_PASSWORD refused login', () => ['sub', '-u', 'alice', '-h', '127.0.0.1', '-p', port(), '-t', 'a'], () => ({ MQTX_PASSWORD: PW })],
  ['profile password, bad port', () => ['pub', '--profile', 'p', '-t', 'a', '-m', 'x'], () => ({ MQTX_CONFIG: config({ username: 'alice', password: PW, port: 'x' }) })],
  ['profile password as a number', () => ['pub', '--profile', 'p', '-t', 'a', '-m', 'x'], () => ({ MQTX_CONFIG: config({ username: 'alice', password: 31415926 }) })],
]

describe.skipIf(!mosquittoReady)('passwords never reach stderr', () => {
  it.each(cases)('%s', async (_name, args, env) => {
    for (const debug of [[], ['--debug']]) {
      const r = await mqtx([...args(), ...debug], { env: env?.() ?? {}, timeoutMs: 15_000 })
      expect(r.code, `${args().join(' ')} ${debug.join(' ')}: ${r.stderr}`).not.toBe(0)
      expect(r.stderr).not.toContain(PW)
      expect(r.stderr).not.toContain('31415926')
      expect(r.stdout).not.toContain(PW)
    }
  })
})
