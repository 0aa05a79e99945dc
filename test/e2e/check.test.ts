import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { startMqtxBroker, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx, run, start, startMqtx } from '../helpers/run.js'

interface Probe {
  name: string
  status: string
  detail: string
  latencyMs?: number
  data?: Record<string, unknown>
}
interface Report {
  broker: string
  ok: boolean
  protocolVersion: string | null
  capabilities: Record<string, unknown> | null
  probes: Probe[]
  topicPrefix: string
}

const parse = (stdout: string) => JSON.parse(stdout) as Report
const statuses = (r: Report) => Object.fromEntries(r.probes.map((p) => [p.name, p.status]))
const probe = (r: Report, name: string) => r.probes.find((p) => p.name === name)

describe('mqtx check against mosquitto', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await startMosquitto()
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('--json: every probe passes, MQTT 5 capabilities as mosquitto 2.0 states them', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = parse(r.stdout)
    expect(report.ok).toBe(true)
    expect(report.protocolVersion).toBe('5')
    expect(statuses(report)).toEqual({
      'connect-v5': 'pass',
      'connect-v311': 'pass',
      qos0: 'pass',
      qos1: 'pass',
      qos2: 'pass',
      retained: 'pass',
      'wildcard-plus': 'pass',
      'wildcard-hash': 'pass',
      'request-response': 'pass',
      'user-properties': 'pass',
      'no-local': 'pass',
      'retain-as-published': 'pass',
      'retain-handling': 'pass',
      'subscription-id': 'pass',
      'topic-alias': 'pass',
      'message-expiry': 'pass',
      shared: 'pass',
      'max-payload': 'pass',
      will: 'pass',
      'will-delay': 'pass',
      tls: 'skipped',
    })
    expect(report.capabilities).toMatchObject({ maximumQoS: 2, retainAvailable: true, receiveMaximum: 20, topicAliasMaximum: 10, maximumPacketSize: null, sharedSubscriptionAvailable: true })
    expect((report.capabilities?.stated as string[]).sort()).toEqual(['assignedClientIdentifier', 'receiveMaximum', 'topicAliasMaximum'])
    expect(report.capabilities?.assignedClientIdentifier).toMatch(/^auto-[0-9A-F-]+$/)
    for (const q of ['qos0', 'qos1', 'qos2']) expect(probe(report, q)?.latencyMs).toBeGreaterThan(0)
    expect(probe(report, 'shared')?.data).toEqual({ messages: 10, perSubscriber: [5, 5] })
    expect(probe(report, 'max-payload')?.data).toMatchObject({ largestPayload: 1048576, smallestRefused: null })
    expect(report.topicPrefix).toMatch(/^mqtx\/check\/[0-9a-f]{6}$/)
  })

  it('leaves no retained message behind', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json', '--only', 'retained', '--prefix', 'cleanup/test'])
    expect(r.code).toBe(0)
    const prefix = parse(r.stdout).topicPrefix
    // retained messages are sent on SUBSCRIBE, before anything published later: the marker must come first
    const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', 'cleanup-rx', '-t', `${prefix}/#`, '-C', '1', '-v'])
    await waitForSubscription(broker, 'cleanup-rx')
    expect((await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${prefix}/marker`, '-m', 'end'])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${prefix}/marker end\n`)
  })

  it.each(['0.1', '0.15', '0.2', '0.3'])('--max-time %s stops the retained probe somewhere; still no retained message is left', async (timeout) => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json', '--only', 'retained', '--prefix', 'leftover', '--max-time', timeout])
    expect([0, 1]).toContain(r.code)
    const prefix = parse(r.stdout).topicPrefix
    const id = `left-${prefix.slice(-6)}`
    const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', `${prefix}/#`, '-C', '1', '-v'])
    await waitForSubscription(broker, id)
    expect((await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${prefix}/marker`, '-m', 'end'])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${prefix}/marker end\n`)
  })

  it('-V 311: both connects are still probed, the active probes use 3.1.1', async () => {
    const r = await mqtx(['check', '-V', '311', '-p', String(broker.port), '--json', '--only', 'connect-v5,connect-v311,qos1'])
    expect(r.code).toBe(0)
    const report = parse(r.stdout)
    expect(report.protocolVersion).toBe('3.1.1')
    expect(report.capabilities).toMatchObject({ receiveMaximum: 20 })
    expect(statuses(report)).toEqual({ 'connect-v5': 'pass', 'connect-v311': 'pass', qos1: 'pass' })
    // mosquitto logs MQTT 3.1.1 as "p2"
    expect(broker.log()).toMatch(/New client connected from [\d.:]+ as mqtxc-[0-9a-f]{6}-q1\d* \(p2, c1/)
  })

  it('prints a table with a summary on stdout', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--only', 'connect-v5,qos1,tls'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(new RegExp(`^mqtx check mqtt://localhost:${broker.port} \\(MQTT 5; topics under mqtx/check/[0-9a-f]{6}/\\)\\n`))
    expect(r.stdout).toMatch(/│ receive maximum +│ 20 +│/)
    expect(r.stdout).toMatch(/│ maximum QoS +│ 2 \(default\) +│/)
    expect(r.stdout).toMatch(/│ qos1 +│ pass +│ round trip [\d.]+ ms +│/)
    expect(r.stdout).toMatch(/│ tls +│ skipped +│ not a TLS connection/)
    expect(r.stdout).toMatch(/\n2 passed, 0 failed, 0 unsupported, 1 skipped in [\d.]+ s\n$/)
    expect(r.stdout).not.toContain('\u001b')
  })
})

describe('mqtx check against a restricted mosquitto (retain_available false, max_packet_size 2000)', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await startMosquitto({ global: ['retain_available false', 'max_packet_size 2000'] })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('MQTT 5: retain is unsupported by design, the payload limit is found exactly (exit 0)', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json', '--only', 'connect-v5,retained,max-payload,qos1'])
    expect(r.code).toBe(0)
    const report = parse(r.stdout)
    expect(report.capabilities).toMatchObject({ retainAvailable: false, maximumPacketSize: 2000 })
    expect(statuses(report)).toEqual({ 'connect-v5': 'pass', retained: 'unsupported', 'max-payload': 'pass', qos1: 'pass' })
    // mosquitto 2.0.11 lets through a remaining length up to 1999 (it does not count the 3-byte fixed
    // header): remaining length = 2 + topic + 2 (packet id) + 1 (v5 properties length) + payload
    const topicLength = `${report.topicPrefix}/size`.length
    expect(probe(report, 'max-payload')?.data).toMatchObject({ largestPayload: 1999 - 5 - topicLength, smallestRefused: 2000 - 5 - topicLength, exact: true, maximumPacketSize: 2000 })
    expect(probe(report, 'max-payload')?.detail).toBe(`largest ${(1999 - 5 - topicLength).toLocaleString('en-US')} bytes (${(2000 - 5 - topicLength).toLocaleString('en-US')} bytes refused); Maximum Packet Size 2,000 bytes`)
  })

  it('MQTT 3.1.1 (no capabilities to read): the retained publish fails, exit 1', async () => {
    const r = await mqtx(['check', '-V', '311', '-p', String(broker.port), '--json', '--only', 'connect-v311,retained,max-payload'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('mqtx: check failed: retained.\n')
    const report = parse(r.stdout)
    expect(report.ok).toBe(false)
    expect(report.capabilities).toBeNull()
    expect(report.protocolVersion).toBe('3.1.1')
    expect(probe(report, 'retained')).toMatchObject({ status: 'fail', detail: 'retained publish failed: the broker closed the connection' })
    const topicLength = `${report.topicPrefix}/size`.length
    expect(probe(report, 'max-payload')?.data).toMatchObject({ largestPayload: 1999 - 4 - topicLength, smallestRefused: 2000 - 4 - topicLength, exact: true, maximumPacketSize: null })
  })
})

describe('mqtx check: a retained message a timed-out probe published is always cleared', () => {
  let broker: Broker
  beforeAll(async () => {
    // anonymous clients may write but not read: the retained message never reaches the subscriber,
    // so the probe waits until --max-time stops it, with its retained message still set
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-acl-'))
    writeFileSync(join(dir, 'acl'), 'topic write #\n')
    broker = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true', `acl_file ${join(dir, 'acl')}`] }] })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('the retained message it published is cleared, by the probe or by a separate connection (broker log)', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json', '--only', 'retained', '--max-time', '1'])
    expect(r.code).toBe(1)
    const report = parse(r.stdout)
    expect(probe(report, 'retained')?.detail).toMatch(/^no result within \d+ ms \(--max-time\)$/)
    const run = report.topicPrefix.slice(-6)
    const esc = report.topicPrefix.replace(/\//g, '\\/')
    // The invariant, whatever the machine's timing: a retained message the probe published is cleared —
    // by the probe itself when it got that far before the deadline, else by a separate connection at
    // the end (on a very slow machine the probe may time out before it publishes anything, and then
    // there is nothing to clear).
    const published = new RegExp(`Received PUBLISH from mqtxc-${run}-rp\\d+ \\(d0, q1, r1, m\\d+, '${esc}\\/retained', \\.\\.\\. \\(16 bytes\\)\\)`)
    // (the broker's log reaches this process through a pipe: give it a moment to arrive)
    if (await broker.waitForLog(published, 3000).then(() => true, () => false)) {
      await broker.waitForLog(new RegExp(`Received PUBLISH from mqtxc-${run}-r[pc]\\d+ \\(d0, q1, r1, m\\d+, '${esc}\\/retained', \\.\\.\\. \\(0 bytes\\)\\)`))
    }
  })
})

describe('mqtx check against mqtx broker (aedes 2, MQTT 5)', () => {
  let broker: MqtxBroker
  beforeAll(async () => {
    broker = await startMqtxBroker()
  })
  afterAll(async () => {
    await broker?.stop()
  })

  // README's broker section states exactly this list: change both together
  it('v5 and its features pass; shared subscriptions are refused as unsupported (exit 0)', async () => {
    const r = await mqtx(['check', '-p', String(broker.port), '--json', '--skip', 'max-payload'])
    expect(r.code).toBe(0)
    const report = parse(r.stdout)
    expect(report.protocolVersion).toBe('5')
    expect(report.capabilities).toMatchObject({ sharedSubscriptionAvailable: false, topicAliasMaximum: 10, subscriptionIdentifiersAvailable: true, retainAvailable: true, maximumQoS: 2 })
    expect(statuses(report)).toEqual({
      'connect-v5': 'pass',
      'connect-v311': 'pass',
      qos0: 'pass',
      qos1: 'pass',
      qos2: 'pass',
      retained: 'pass',
      'wildcard-plus': 'pass',
      'wildcard-hash': 'pass',
      'request-response': 'pass',
      'user-properties': 'pass',
      'no-local': 'pass',
      'retain-as-published': 'pass',
      'retain-handling': 'pass',
      'subscription-id': 'pass',
      'topic-alias': 'pass',
      'message-expiry': 'pass',
      shared: 'unsupported',
      will: 'pass',
      'will-delay': 'pass',
      tls: 'skipped',
    })
    expect(probe(report, 'shared')?.detail).toBe('the broker does not offer shared subscriptions (Shared Subscription Available = 0)')
  })

  it('-V 311: the v5 probes are unsupported, $share/… is refused (not silently empty)', async () => {
    const r = await mqtx(['check', '-V', '311', '-p', String(broker.port), '--json', '--only', 'connect-v311,user-properties,no-local,shared'])
    expect(r.code).toBe(0)
    const report = parse(r.stdout)
    expect(report.protocolVersion).toBe('3.1.1')
    expect(statuses(report)).toEqual({ 'connect-v311': 'pass', 'user-properties': 'unsupported', 'no-local': 'unsupported', shared: 'unsupported' })
    expect(probe(report, 'shared')?.detail).toBe("subscribe to '$share/…' refused (reason code 128): no shared subscriptions over MQTT 3.1.1")
  })
})

describe('mqtx check with a login (mqtx broker, MQTX_BROKER_USERNAME/PASSWORD)', () => {
  let broker: MqtxBroker
  beforeAll(async () => {
    broker = await startMqtxBroker([], { env: { MQTX_BROKER_USERNAME: 'dev', MQTX_BROKER_PASSWORD: 'pw' } })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('the right password: passes; a wrong one: both versions are refused (exit 1)', async () => {
    const good = await mqtx(['check', '-p', String(broker.port), '-u', 'dev', '--json', '--only', 'connect-v5,connect-v311,qos1'], { env: { MQTX_PASSWORD: 'pw' } })
    expect(good.code).toBe(0)
    expect(statuses(parse(good.stdout))).toEqual({ 'connect-v5': 'pass', 'connect-v311': 'pass', qos1: 'pass' })
    const bad = await mqtx(['check', '-p', String(broker.port), '-u', 'dev', '--json', '--only', 'connect-v5,connect-v311,qos1'], { env: { MQTX_PASSWORD: 'wrong' } })
    expect(bad.code).toBe(1)
    const report = parse(bad.stdout)
    expect(report.probes).toEqual([
      { name: 'connect-v5', status: 'fail', detail: 'refused: bad user name or password (CONNACK code 134)', data: { reasonCode: 134 } },
      { name: 'connect-v311', status: 'fail', detail: 'refused: bad user name or password (CONNACK code 4)', data: { reasonCode: 4 } },
      { name: 'qos1', status: 'fail', detail: 'not run: no connection (refused: bad user name or password (CONNACK code 134))' },
    ])
    // one line with the reason and the hint of the refusal, not the list of every probe
    expect(bad.stderr).toBe(
      'mqtx: no probe could run without a connection: refused: bad user name or password (CONNACK code 134).\n' +
        'hint: check -u and the password (-P, --password-file or MQTX_PASSWORD), and the broker\'s ACLs\n',
    )
    const connectOnly = await mqtx(['check', '-p', String(broker.port), '-u', 'dev', '--only', 'connect-v5'], { env: { MQTX_PASSWORD: 'wrong' } })
    expect(connectOnly.code).toBe(1)
    expect(connectOnly.stderr).toMatch(/^mqtx: check failed: connect-v5\.\nhint: check -u and the password/)
  })
})

describe('mqtx check: errors', () => {
  // a connect timeout far beyond the runner's 30 s limit: only an exit that does not wait for it passes
  it.each([
    ['SIGINT', 'Ctrl-C', 130, 'interrupted'],
    ['SIGTERM', 'SIGTERM', 143, 'terminated'],
  ] as const)('%s (%s) during a connect that never completes: exit %i without waiting for it, a clear line, no report', async (signal, _name, code, word) => {
    const silent = net.createServer(() => {}) // accepts TCP, never answers CONNECT
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    try {
      const port = (silent.address() as net.AddressInfo).port
      const c = startMqtx(['check', '-d', '-p', String(port), '--connect-timeout', '600'])
      await c.waitFor(/debug: sent CONNECT \(v5/)
      c.kill(signal)
      const r = await c.done
      expect(r.code).toBe(code)
      expect(r.stdout).toBe('')
      expect(r.stderr).toMatch(new RegExp(`\\nmqtx: check ${word}; its connections were closed\\n$`))
    } finally {
      silent.close()
    }
  })

  it('no broker: the connects fail, the other probes are reported as not run (exit 1)', async () => {
    const port = await freePort()
    const r = await mqtx(['check', '-p', String(port), '--json', '--only', 'connect-v5,connect-v311,qos0,tls'])
    expect(r.code).toBe(1)
    const report = parse(r.stdout)
    expect(report.protocolVersion).toBeNull()
    expect(statuses(report)).toEqual({ 'connect-v5': 'fail', 'connect-v311': 'fail', qos0: 'fail', tls: 'skipped' })
    expect(probe(report, 'connect-v5')?.detail).toContain('refused')
    expect(probe(report, 'qos0')?.detail).toBe(`not run: no connection (${probe(report, 'connect-v5')?.detail ?? ''})`)
    expect(r.stderr).toMatch(/^mqtx: no probe could run without a connection: connection refused by mqtt:\/\/localhost:\d+: nothing is listening there\.\nhint: is the broker running/)
  })
})
