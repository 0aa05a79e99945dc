import net from 'node:net'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/broker.js'
import { portIsFree, startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx, run, start, startMqtx } from '../helpers/run.js'

let broker: MqtxBroker
beforeAll(async () => {
  broker = await startMqtxBroker(['--ws-port', '0'])
})
afterAll(async () => {
  await broker?.stop()
})

const rid = () => Math.random().toString(16).slice(2, 10)

/** mosquitto_sub (MQTT 3.1.1) as the independent receiver, subscribed before we go on. */
async function receiver(topic: string, count: number, extra: string[] = []) {
  const id = `rx-${rid()}`
  const sub = start('mosquitto_sub', ['-V', '311', '-p', String(broker.port), '-i', id, '-t', topic, '-C', String(count), '-v', ...extra])
  await waitForMqtxSubscription(broker, id, topic)
  return sub
}

describe('mqtx broker: ready line and protocol', () => {
  it('announces every listener on stderr and as JSON on stdout', () => {
    expect(broker.listeners.map((l) => l.kind)).toEqual(['mqtt', 'ws'])
    expect(broker.listeners[0]).toEqual({ kind: 'mqtt', host: '127.0.0.1', port: broker.port, url: `mqtt://127.0.0.1:${broker.port}` })
    const ws = broker.portOf('ws')
    expect(broker.proc.stderr()).toContain(`mqtx: broker ready: mqtt://127.0.0.1:${broker.port} ws://127.0.0.1:${ws} (MQTT 3.1, 3.1.1 and 5; in memory, development only)\n`)
  })

  it('mqtx pub (MQTT 5) reaches mosquitto_sub (3.1.1)', async () => {
    const sub = await receiver('home/temperature', 1)
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'home/temperature', '-m', '25.5'])
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' })
    expect((await sub.done).stdout).toBe('home/temperature 25.5\n')
  })

  it('the quick start: mqtx sub and mqtx pub through mqtx broker', async (ctx) => {
    if ((await mqtx(['sub', '--help'])).code !== 0) ctx.skip() // mqtx sub is built by another issue
    const id = `qs-${rid()}`
    const sub = startMqtx(['sub', '-p', String(broker.port), '-i', id, '-t', 'home/temperature', '-v', '-C', '1'])
    await waitForMqtxSubscription(broker, id, 'home/temperature')
    expect((await mqtx(['pub', '-p', String(broker.port), '-t', 'home/temperature', '-m', '25.5'])).code).toBe(0)
    const r = await sub.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('home/temperature 25.5\n')
  })

  it('accepts a pinned MQTT 5 CONNECT, and MQTT 3.1', async () => {
    expect(await mqtx(['pub', '-V', '5', '-p', String(broker.port), '-t', 'x', '-m', '1'])).toMatchObject({ code: 0, stderr: '' })
    expect(await mqtx(['pub', '-V', '31', '-p', String(broker.port), '-t', 'x', '-m', '1'])).toMatchObject({ code: 0, stderr: '' })
  })

  it('mosquitto_pub -> mosquitto_sub, QoS 1 and 2', async () => {
    const topic = `t/${rid()}`
    const sub = await receiver(topic, 2, ['-q', '2'])
    expect((await run('mosquitto_pub', ['-V', '311', '-p', String(broker.port), '-t', topic, '-m', 'one', '-q', '1'])).code).toBe(0)
    expect((await run('mosquitto_pub', ['-V', '311', '-p', String(broker.port), '-t', topic, '-m', 'two', '-q', '2'])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${topic} one\n${topic} two\n`)
  })

  it('keeps a retained message for a later subscriber', async () => {
    const topic = `retained/${rid()}`
    expect((await mqtx(['pub', '-p', String(broker.port), '-t', topic, '-m', 'kept', '-r', '-q', '1'])).code).toBe(0)
    const r = await run('mosquitto_sub', ['-V', '311', '-p', String(broker.port), '-t', topic, '-C', '1', '-v', '-W', '10'])
    expect(r.stdout).toBe(`${topic} kept\n`)
    await mqtx(['pub', '-p', String(broker.port), '-t', topic, '-n', '-r', '-q', '1'])
  })

  it('serves MQTT over WebSocket: mqtx pub -L ws://… reaches a TCP subscriber', async () => {
    const sub = await receiver('ws/in', 2)
    const ws = broker.portOf('ws')
    expect((await mqtx(['pub', '-L', `ws://127.0.0.1:${ws}/ws/in`, '-m', 'over-ws'])).code).toBe(0)
    expect((await mqtx(['pub', '-L', `ws://127.0.0.1:${ws}/ws/in`, '-m', 'over-ws-q1', '-q', '1'])).code).toBe(0)
    expect((await sub.done).stdout).toBe('ws/in over-ws\nws/in over-ws-q1\n')
  })

  it('logs client text escaped (-v)', async () => {
    // mosquitto_sub refuses control characters in ids, so a raw MQTT.js client sends them
    const id = `esc\u001b[31m${rid()}`
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, clientId: id, reconnectPeriod: 0 })
    try {
      await client.subscribeAsync('esc/\u001b]0;title\u0007')
      const line = await broker.waitForLog(/client 'esc\\e\[31m[0-9a-f]+' subscribed to 'esc\/\\e\]0;title\\x07' \(QoS 0\)/)
      expect(line).not.toContain('\u001b')
    } finally {
      await client.endAsync()
    }
    await broker.waitForLog(/client 'esc\\e\[31m[0-9a-f]+' disconnected/)
    expect(broker.proc.stderr()).not.toContain('\u001b')
  })
})

describe('mqtx broker: start and stop', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal}: exit 0, clients dropped, ports free again`, async () => {
      const b = await startMqtxBroker(['--ws-port', '0'])
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${b.port}`, { protocolVersion: 4, clientId: 'stay', reconnectPeriod: 0 })
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
      await client.subscribeAsync('#')
      await waitForMqtxSubscription(b, 'stay', '#')
      const r = await b.stop(signal)
      expect(r.code).toBe(0)
      expect(r.signal).toBeNull()
      expect(r.stderr).toMatch(/mqtx: broker stopped\n$/)
      await closed // the broker dropped its client
      client.end(true)
      expect(await portIsFree(b.port)).toBe(true)
      expect(await portIsFree(b.portOf('ws'))).toBe(true)
    })
  }

  it('-h ::1 listens on IPv6 loopback (no warning), URLs in brackets', async () => {
    const b = await startMqtxBroker(['-h', '::1'])
    try {
      expect(b.listeners[0]?.url).toBe(`mqtt://[::1]:${b.port}`)
      expect(b.proc.stderr()).toBe(`mqtx: broker ready: mqtt://[::1]:${b.port} (MQTT 3.1, 3.1.1 and 5; in memory, development only)\n`)
      const sub = start('mosquitto_sub', ['-V', '311', '-h', '::1', '-p', String(b.port), '-i', 'rx6', '-t', 'six', '-C', '1'])
      await waitForMqtxSubscription(b, 'rx6', 'six')
      expect((await mqtx(['pub', '-h', '::1', '-p', String(b.port), '-t', 'six', '-m', 'v6'])).code).toBe(0)
      expect((await sub.done).stdout).toBe('v6\n')
    } finally {
      await b.stop()
    }
  })

  it('port already in use: one clear line and a hint, exit 1, no stack', async () => {
    const port = await freePort()
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve))
    try {
      const r = await mqtx(['broker', '-p', String(port)])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        `mqtx: cannot listen on 127.0.0.1:${port} (mqtt): the port is already in use (another broker running?).\n` +
          'hint: stop the other program, or choose another port with -p (0 picks a free one)\n',
      )
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it('a busy WebSocket port closes the TCP listener too (exit 1, nothing left listening)', async () => {
    const tcp = await freePort()
    const ws = await freePort()
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(ws, '127.0.0.1', resolve))
    try {
      const r = await mqtx(['broker', '-p', String(tcp), '--ws-port', String(ws)])
      expect(r.code).toBe(1)
      expect(r.stderr).toContain(`mqtx: cannot listen on 127.0.0.1:${ws} (ws): the port is already in use`)
      expect(await portIsFree(tcp)).toBe(true)
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  it.each([
    [['--key', 'k.pem'], 'mqtx: --key needs --cert (the TLS listener is enabled by --cert and --key).\n'],
    [['--cert', 'c.pem'], 'mqtx: --cert needs --key (the private key of the certificate).\n'],
    [['--users', '/nonexistent/users'], "mqtx: cannot read --users '/nonexistent/users': no such file\n"],
    [['-p', '70000'], 'mqtx: option \'-p, --port <port>\' argument \'70000\' is invalid. Invalid port given: 70000 (use 0 to 65535).\n'],
  ])('usage error %j: exit 2, one line', async (args, message) => {
    const r = await mqtx(['broker', ...args])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toBe(message.trimEnd())
  })

  it('--help says which protocol versions it serves and what it is not', async () => {
    const r = await mqtx(['broker', '--help'])
    expect(r.code).toBe(0)
    const text = r.stdout.replace(/\s+/g, ' ')
    expect(text).toContain('It serves MQTT 5, 3.1.1 and 3.1.')
    expect(text).toContain('Shared subscriptions ($share/…) are not offered')
    expect(r.stdout).toContain('no persistence across restarts')
    expect(r.stdout).toContain('-h, --host <address>')
  })
})
