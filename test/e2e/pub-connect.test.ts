import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, start } from '../helpers/run.js'
import { startSocksProxy } from '../helpers/socks.js'
import { startV311Stub } from '../helpers/v311-stub.js'

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`

describe.skipIf(!mosquittoReady)('authentication', () => {
  let broker: Broker
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mqtx-auth-'))
    const pwfile = join(dir, 'passwd')
    writeFileSync(pwfile, '')
    execFileSync('mosquitto_passwd', ['-b', pwfile, 'alice', 's3cret-pw'])
    broker = await startMosquitto({ listeners: [{ lines: ['allow_anonymous false', `password_file ${pwfile}`] }] })
  })
  afterAll(async () => {
    await broker?.stop()
  })
  const p = () => String(broker.port)

  it('-u/-P, MQTX_PASSWORD and --password-file all authenticate', async () => {
    expect((await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '-P', 's3cret-pw'])).code).toBe(0)
    expect((await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '--password', 's3cret-pw'])).code).toBe(0)
    expect((await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice'], { env: { MQTX_PASSWORD: 's3cret-pw' } })).code).toBe(0)
    const file = join(dir, 'pw.txt')
    writeFileSync(file, 's3cret-pw\n')
    expect((await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '--password-file', file])).code).toBe(0)
  })

  it('a wrong password exits with the CONNACK code: 5 on 3.1.1, 135 on v5', async () => {
    const v311 = await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '-P', 'wrong', '-V', '311'])
    expect(v311.code).toBe(5)
    expect(v311.stderr).toMatch(/^mqtx: the broker refused the connection: not authorised \(CONNACK code 5\)\.\nhint: check -u and the password/)
    const v5 = await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '-P', 'wrong'])
    expect(v5.code).toBe(135)
    expect(v5.stderr).toMatch(/not authorized \(CONNACK code 135\)/)
  })

  it('--debug never shows the password, nor does an error', async () => {
    const ok = await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '-P', 's3cret-pw', '-d'])
    expect(ok.code).toBe(0)
    expect(ok.stderr).toMatch(/password <hidden>/)
    const bad = await mqtx(['pub', '-p', p(), '-t', 'a', '-m', 'x', '-u', 'alice', '-d'], { env: { MQTX_PASSWORD: 'wrong-pw-123' } })
    expect(bad.code).toBe(135)
    for (const r of [ok, bad]) expect(r.stderr + r.stdout).not.toMatch(/s3cret-pw|wrong-pw-123/)
  })
})

describe('protocol fallback', () => {
  it('falls back from v5 to 3.1.1 against a 3.1.1-only broker, and says so with --debug', async () => {
    const stub = await startV311Stub()
    try {
      const r = await mqtx(['pub', '-p', String(stub.port), '-t', 'fb/t', '-m', 'fell back', '-d'])
      expect(r.code).toBe(0)
      expect(r.stderr).toMatch(/the broker refused MQTT 5 .*retrying with MQTT 3\.1\.1/)
      expect(stub.connects).toEqual([5, 4])
      const pinned = await mqtx(['pub', '-p', String(stub.port), '-t', 'fb/t', '-m', 'x', '-V', '5'])
      expect(pinned.code).toBe(1)
      expect(pinned.stderr).toMatch(/^mqtx: the broker refused the connection: unacceptable protocol version \(CONNACK code 1\)\.\nhint: .*-V 311/)
    } finally {
      await stub.close()
    }
  })
})

describe('network failures are errors, never exit 0', () => {
  it('connection refused: exit 1 and a hint', async () => {
    const port = await freePort()
    const r = await mqtx(['pub', '-p', String(port), '-t', 'a', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`mqtx: connection refused by mqtt://localhost:${port}: nothing is listening there.\nhint: is the broker running, and is this its port? (plain MQTT: 1883, TLS: 8883; no broker yet? \`mqtx broker\` runs one here, nothing to install)\n`)
  })

  it('--quiet hides the runtime error, the exit code still tells; usage errors still print', async () => {
    const port = await freePort()
    const r = await mqtx(['pub', '-p', String(port), '-t', 'a', '-m', 'x', '--quiet'])
    expect([r.code, r.stderr]).toEqual([1, ''])
    const u = await mqtx(['pub', '-p', String(port), '-t', 'a/#', '-m', 'x', '--quiet'])
    expect(u.code).toBe(2)
    expect(u.stderr).toMatch(/^mqtx: Invalid publish topic/)
  })

  it('an unknown host: exit 1', async () => {
    const r = await mqtx(['pub', '-h', 'no-such-host.invalid', '-t', 'a', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: cannot resolve host 'no-such-host\.invalid'\./)
  })

  // (sub, and pub since it reconnects, once printed the error and then hung: MQTT.js reconnected after end())
  it.each([
    ['pub', '-m', 'x'],
    ['sub', '-W', '60'],
  ])('--connect-timeout bounds a broker that never answers (%s), and the process ends', async (command, ...more) => {
    const silent = net.createServer(() => {})
    const port = await freePort()
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve))
    try {
      const r = await mqtx([command, '-h', '127.0.0.1', '-p', String(port), '-t', 'a', ...more, '--connect-timeout', '0.5'], { timeoutMs: 20_000 })
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^mqtx: timed out after 0\.5 s connecting to mqtt:\/\/127\.0\.0\.1:\d+\./)
    } finally {
      silent.close()
    }
  })
})

describe.skipIf(!mosquittoReady)('transports', () => {
  let broker: Broker
  let sock: string
  beforeAll(async () => {
    sock = join(mkdtempSync(join(tmpdir(), 'mqtx-sock-')), 'mqtt.sock')
    broker = await startMosquitto({
      listeners: [{ lines: ['allow_anonymous true'] }, { lines: ['allow_anonymous true', 'protocol websockets'] }, { bind: 'unix', path: sock, lines: ['allow_anonymous true'] }],
    })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  async function receive(topic: string, run: () => Promise<{ code: number | null }>) {
    const id = `trx-${process.pid}-${++seq}`
    const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', topic, '-C', '1', '-W', '10'])
    await waitForSubscription(broker, id)
    expect((await run()).code).toBe(0)
    return (await sub.done).stdout
  }

  it('--unix connects over a unix socket', async () => {
    const topic = uniq('unix')
    expect(await receive(topic, () => mqtx(['pub', '--unix', sock, '-t', topic, '-m', 'via unix']))).toBe('via unix\n')
  })

  it('-L ws:// connects over WebSocket', async () => {
    const topic = uniq('ws')
    const wsPort = broker.ports[1]
    expect(await receive(topic, () => mqtx(['pub', '-L', `ws://127.0.0.1:${wsPort}/${topic}`, '-m', 'via ws']))).toBe('via ws\n')
  })

  it('-L mqtt://user@host:port/topic sets host, port, user and topic', async () => {
    const topic = uniq('url')
    const id = `urlpub-${process.pid}`
    expect(await receive(topic, () => mqtx(['pub', '-L', `mqtt://bob@127.0.0.1:${broker.port}/${topic}`, '-m', 'via url', '-i', id]))).toBe('via url\n')
    await broker.waitForLog(new RegExp(`as ${id} \\(p5, c1, k60, u'bob'\\)`))
  })

  it('-A binds the local address (the broker sees 127.0.0.2)', async () => {
    const id = `bind-${process.pid}`
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(broker.port), '-A', '127.0.0.2', '-t', uniq('bind'), '-m', 'x', '-i', id])
    expect(r.code).toBe(0)
    await broker.waitForLog(new RegExp(`New client connected from 127\\.0\\.0\\.2:\\d+ as ${id}`))
  })

  it('--proxy socks5h:// goes through the proxy', async () => {
    const proxy = await startSocksProxy()
    try {
      const topic = uniq('socks')
      const out = await receive(topic, () => mqtx(['pub', '-h', 'localhost', '-p', String(broker.port), '--proxy', `socks5h://127.0.0.1:${proxy.port}`, '-t', topic, '-m', 'via socks']))
      expect(out).toBe('via socks\n')
      expect(proxy.destinations).toEqual([`localhost:${broker.port}`])
    } finally {
      await proxy.close()
    }
  })

  it('--nodelay and -M are accepted', async () => {
    const topic = uniq('nodelay')
    expect(await receive(topic, () => mqtx(['pub', '-p', String(broker.port), '--nodelay', '-M', '5', '-q', '1', '-t', topic, '-m', 'ok']))).toBe('ok\n')
  })
})
