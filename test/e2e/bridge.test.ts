/**
 * mqtx bridge between two real mosquitto brokers: exact bytes, MQTT 5 properties and retain; topic
 * rewrite; QoS 1 across a downstream broker killed -9 and an upstream broker restarted mid-stream
 * (0 lost); loop protection with a bridge in each direction. Waits on log lines, subscribers' output
 * and the kernel's socket queues, never on sleeps.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { run, start, startMqtx, type Running } from '../helpers/run.js'
import { unreadBytes, until } from '../helpers/socket-queue.js'
import { defaults, startHostileBroker } from '../helpers/hostile-broker.js'

let a: Broker
let b: Broker
// persistence on, saved every second; no queue limit (the upstream broker holds what arrives while the
// downstream one is away); a QoS 0 subscriber with a persistent session gets a queue too, and mosquitto
// writes a message to a connected QoS 0 subscriber before its PUBACK, so a kill -9 loses nothing it acked
const GLOBAL = ['persistence true', 'autosave_interval 1', 'max_queued_messages 0', 'queue_qos0_messages true']
beforeAll(async () => {
  if (!mosquittoReady) return
  ;[a, b] = await Promise.all([startMosquitto({ global: GLOBAL }), startMosquitto({ global: GLOBAL })])
})
/** Bridges still running after a failed test are not left behind. */
const started: Running[] = []
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL')
  await Promise.all([a?.stop(), b?.stop()])
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`
const url = (broker: Broker) => `mqtt://127.0.0.1:${broker.port}`
const numbered = (from: number, to: number) => `${Array.from({ length: to - from + 1 }, (_, i) => String(from + i)).join('\n')}\n`

/** An independent mosquitto_sub; `persistent`: a QoS 0 session saved by the broker before we go on (it outlives a kill -9). */
async function receiver(broker: Broker, filter: string, extra: string[] = [], persistent = true): Promise<Running> {
  const id = `brx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', String(broker.port), ...(persistent ? ['-c'] : []), '-i', id, '-q', '0', '-t', filter, ...extra], { timeoutMs: 120_000 })
  await waitForSubscription(broker, id)
  if (!persistent) return sub
  const saves = (broker.log().match(/Saving in-memory database/g) ?? []).length
  await broker.waitForLog(new RegExp(`(Saving in-memory database[^]*){${saves + 1}}`))
  return sub
}

/** A bridge, started and subscribed upstream. */
async function bridge(args: string[], from = a, to = b): Promise<{ p: Running; id: string }> {
  const id = `bridge-${process.pid}-${++seq}`
  const p = startMqtx(['bridge', '--from', url(from), '--to', url(to), '-i', id, ...args], { timeoutMs: 120_000 })
  started.push(p)
  await waitForSubscription(from, id)
  return { p, id }
}

function lines(r: Running): string[] {
  return r.stdout().split('\n').filter((l) => l !== '')
}

describe.skipIf(!mosquittoReady)('mqtx bridge', () => {
  it('forwards the exact bytes, the MQTT 5 properties and the retain flag, and adds its loop marker', async () => {
    const topic = uniq('exact')
    const { p } = await bridge(['-t', `${topic}/#`, '--bridge-id', 'b1'])
    const rx: MqttClient = await mqtt.connectAsync(url(b), { protocolVersion: 5, reconnectPeriod: 0 })
    const tx: MqttClient = await mqtt.connectAsync(url(a), { protocolVersion: 5, reconnectPeriod: 0 })
    try {
      const got: IPublishPacket[] = []
      rx.on('message', (_t, _p, packet) => got.push(packet))
      await rx.subscribeAsync(`${topic}/#`, { qos: 1, rap: true })
      const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a, 0x0d])
      const properties = {
        payloadFormatIndicator: false,
        messageExpiryInterval: 3600,
        contentType: 'application/octet-stream',
        responseTopic: 'replies/x',
        correlationData: Buffer.from([9, 8, 7]),
        userProperties: { k: ['v1', 'v2'], other: 'x' },
      }
      await tx.publishAsync(`${topic}/bin`, binary, { qos: 1, properties })
      await tx.publishAsync(`${topic}/empty`, Buffer.alloc(0), { qos: 0 })
      await tx.publishAsync(`${topic}/kept`, 'retained', { qos: 1, retain: true })
      await until(() => got.length === 3, 'three messages downstream')
      const [bin, empty, kept] = got
      expect(bin?.topic).toBe(`${topic}/bin`)
      expect(Buffer.compare(bin?.payload as Buffer, binary)).toBe(0)
      expect(bin?.qos).toBe(1)
      expect(bin?.properties).toMatchObject({ ...properties, userProperties: { k: ['v1', 'v2'], other: 'x', 'mqtx-bridge': 'b1' } })
      expect(empty).toMatchObject({ topic: `${topic}/empty`, qos: 0, retain: false })
      expect((empty?.payload as Buffer).length).toBe(0)
      expect(kept).toMatchObject({ topic: `${topic}/kept`, retain: true, qos: 1 })
      // and it is retained downstream: a new subscriber gets it
      const late = start('mosquitto_sub', ['-p', String(b.port), '-t', `${topic}/kept`, '-C', '1', '-F', '%r %p'])
      expect((await late.done).stdout).toBe('1 retained\n')
    } finally {
      await tx.endAsync()
      await rx.endAsync()
    }
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^mqtx: bridge: forwarded 3 messages; duplicates: 0 suppressed, 0 possible; reconnects: upstream 0, downstream 0$/m)
  }, 60_000)

  it('stopped while the downstream broker is away: QoS 1 copies never confirmed stay unacknowledged and are counted as such (not as QoS 0 drops)', async () => {
    const down = await startMosquitto()
    try {
      const topic = uniq('away')
      const { p } = await bridge(['-t', topic, '-d'], a, down)
      await down.stop()
      await p.waitFor(/connection to the downstream broker .* lost/)
      expect((await run('mosquitto_pub', ['-p', String(a.port), '-q', '1', '-t', topic, '-l'], { input: 'one\ntwo\n' })).code).toBe(0)
      await p.waitFor(/received PUBLISH \(q1, m\d+, '[^']+', 3 bytes\)[^]*received PUBLISH \(q1, m\d+, '[^']+', 3 bytes\)/)
      p.kill('SIGINT')
      const r = await p.done
      expect(r.code).toBe(130)
      expect(r.stderr).toMatch(/^mqtx: bridge: forwarded 0 messages; duplicates: 0 suppressed, 0 possible; reconnects: upstream 0, downstream 0; not forwarded: 2 not confirmed by the downstream broker when the bridge stopped \(left unacknowledged upstream\)$/m)
    } finally {
      await down.stop()
    }
  }, 60_000)

  it.each([
    ['-q 2: a QoS 2 message stays QoS 2, a QoS 1 one QoS 1', ['-q', '2'], [2, 1]],
    ['-q 1 caps a QoS 2 message at 1', ['-q', '1'], [1, 1]],
    ['--to-qos 0 forwards both at QoS 0', ['-q', '2', '--to-qos', '0'], [0, 0]],
    ['--to-qos 2 raises both to 2', ['-q', '2', '--to-qos', '2'], [2, 2]],
  ])('QoS: %s', async (_name, args, expected) => {
    const topic = uniq('qos')
    const { p } = await bridge(['-t', topic, '-C', '2', ...args])
    const rx: MqttClient = await mqtt.connectAsync(url(b), { protocolVersion: 5, reconnectPeriod: 0 })
    const tx: MqttClient = await mqtt.connectAsync(url(a), { protocolVersion: 5, reconnectPeriod: 0 })
    try {
      // (MQTT orders messages of one QoS only: a QoS 2 message is handed over at its PUBREL)
      const got: Record<string, number> = {}
      rx.on('message', (_t, payload, packet) => {
        got[payload.toString()] = packet.qos
      })
      await rx.subscribeAsync(topic, { qos: 2 })
      await tx.publishAsync(topic, 'two', { qos: 2 })
      await tx.publishAsync(topic, 'one', { qos: 1 })
      expect((await p.done).code).toBe(0)
      await until(() => Object.keys(got).length === 2, 'both messages downstream')
      expect(got).toEqual({ two: expected[0], one: expected[1] })
    } finally {
      await tx.endAsync()
      await rx.endAsync()
    }
  })

  it('--rewrite (replaces the first match, $1) and --prefix; a rewrite to an invalid topic is counted, not sent', async () => {
    const base = uniq('rw')
    const sub = await receiver(b, 'out/#', ['-v'], false)
    const { p } = await bridge(['-t', `${base}/#`, '--rewrite', `^${base}/site1/(.*)`, 'mirror/$1/x', '--rewrite', `^${base}/(bad)`, 'x/+', '--prefix', 'out/', '-C', '3', '-v'])
    const pub = (t: string, m: string) => start('mosquitto_pub', ['-p', String(a.port), '-t', t, '-m', m, '-q', '1']).done
    await pub(`${base}/site1/a/b`, 'one')
    await pub(`${base}/bad`, 'dropped')
    await pub(`${base}/other`, 'two')
    await pub(`${base}/site1/c`, 'three')
    const r = await p.done
    await sub.waitFor(/three\n/, 'stdout')
    sub.kill()
    expect(lines(sub)).toEqual([`out/mirror/a/b/x one`, `out/${base}/other two`, 'out/mirror/c/x three'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: forwarded '${base}/site1/a/b' as 'out/mirror/a/b/x' \\(QoS 1, 3 bytes\\)$`, 'm'))
    expect(r.stderr).toMatch(/^mqtx: warning: not forwarded: '.*\/bad' rewritten is not a valid topic/m)
    expect(r.stderr).toMatch(/forwarded 3 messages; .*; not forwarded: 1 whose rewritten topic is invalid$/m)
  }, 60_000)

  it('an upstream topic brokers refuse (a control character) is counted, not forwarded; the bridge goes on', async () => {
    // mosquitto never delivers such a topic; a stand-in upstream broker does (aedes lets it through).
    // Before: mosquitto dropped the downstream connection at every resend of it, nothing more went through
    const topic = uniq('ctl')
    const up = await startHostileBroker({
      subscribe: (peer, p) => {
        defaults.subscribe(peer, p)
        if (peer.n > 1) return
        peer.send({ cmd: 'publish', topic: `${topic}/\u0001x`, payload: Buffer.from('bad'), qos: 1, messageId: 1, retain: false, dup: false })
        peer.send({ cmd: 'publish', topic: `${topic}/ok`, payload: Buffer.from('good'), qos: 1, messageId: 2, retain: false, dup: false })
      },
    })
    try {
      const sub = await receiver(b, `${topic}/#`, ['-v'], false)
      const p = startMqtx(['bridge', '--from', `mqtt://127.0.0.1:${up.port}`, '--to', url(b), '-t', '#', '-C', '1'], { timeoutMs: 60_000 })
      started.push(p)
      const r = await p.done
      await sub.waitFor(/good\n/, 'stdout')
      sub.kill()
      expect(lines(sub)).toEqual([`${topic}/ok good`])
      expect(r.code).toBe(0)
      expect(r.stderr).toContain(`mqtx: warning: not forwarded: Invalid publish topic '${topic}/\\x01x': it contains a control character (U+0001), which brokers refuse. Counted in the summary.\n`)
      expect(r.stderr).toMatch(/forwarded 1 message; .*; not forwarded: 1 whose topic brokers refuse$/m)
      // both acknowledged upstream (the refused one is not left to come again)
      expect(up.received.filter((e) => e === '1:puback')).toHaveLength(2)
    } finally {
      await up.close()
    }
  }, 60_000)

  it.each([
    // MQTT 5: the broker says why (DISCONNECT); before, MQTT.js resent it at each reconnect and the
    // broker dropped the connection again, for good
    ['MQTT 5, a DISCONNECT with the reason', [], /^mqtx: downstream \(--to\): the broker disconnected: packet too large \(code 149\); the message it refused would only be sent again\.\nhint: /m],
    // MQTT 3.1.1: no reason, the connection is just dropped at each resend (the bridge waited for good)
    ['MQTT 3.1.1, dropped at each resend', ['--to-protocol-version', '311'], /^mqtx: downstream \(--to\): the broker closed the connection 3 times in a row right after the unconfirmed messages were resent, confirming none: it probably refuses one of them\.\nhint: /m],
  ])('a message the downstream broker refuses by dropping the connection (over its max_packet_size), %s: exit 1, unacknowledged upstream', async (_name, extra, said) => {
    const small = await startMosquitto({ global: ['max_packet_size 100'] })
    try {
      const topic = uniq('big')
      const { p, id } = await bridge(['-t', `${topic}/#`, '-c', ...extra], a, small)
      await run('mosquitto_pub', ['-p', String(a.port), '-t', `${topic}/1`, '-q', '1', '-m', 'x'.repeat(300)])
      const r = await p.done
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(said)
      // still queued upstream for the bridge's session: a bridge to a broker that takes it gets it
      const again = startMqtx(['bridge', '--from', url(a), '--to', url(b), '-i', id, '-t', `${topic}/#`, '-c', '-C', '1'], { timeoutMs: 60_000 })
      started.push(again)
      expect((await again.done).code).toBe(0)
    } finally {
      await small.stop()
    }
  }, 60_000)

  it('a QoS 0 message the downstream broker refuses by dropping the connection: the bridge reconnects and goes on (MQTT.js does not resend QoS 0)', async () => {
    // since ca983a5 every refusing DISCONNECT stopped the bridge, exit 1, though nothing would be resent
    const small = await startMosquitto({ global: ['max_packet_size 100'] })
    try {
      const topic = uniq('big0')
      const sub = await receiver(small, `${topic}/#`, ['-v', '-C', '1'], false)
      const { p } = await bridge(['-t', `${topic}/#`, '-C', '2'], a, small)
      await run('mosquitto_pub', ['-p', String(a.port), '-t', `${topic}/big`, '-q', '0', '-m', 'x'.repeat(300)])
      await p.waitFor(/reconnected to the downstream broker/)
      await run('mosquitto_pub', ['-p', String(a.port), '-t', `${topic}/ok`, '-q', '0', '-m', 'small'])
      await sub.done
      expect(lines(sub)).toEqual([`${topic}/ok small`])
      const r = await p.done
      expect(r.code).toBe(0)
      expect(r.stderr).toContain('the broker disconnected: packet too large (code 149); reconnecting')
    } finally {
      await small.stop()
    }
  }, 60_000)

  it('QoS 1, the downstream broker killed -9 and restarted mid-stream: all 2,000 arrive, the unconfirmed ones are resent', async () => {
    const topic = uniq('down')
    const sub = await receiver(b, topic)
    const { p } = await bridge(['-t', topic, '-q', '1', '-c'])
    const pub = startMqtx(['pub', '-p', String(a.port), '-t', topic, '-l', '-q', '1'], { timeoutMs: 120_000 })
    pub.child.stdin?.write(numbered(1, 500))
    await sub.waitFor(/(^|\n)500\n/, 'stdout')
    // frozen, the downstream broker reads nothing: what the bridge forwards now is unconfirmed at the kill
    process.kill(b.pid, 'SIGSTOP')
    pub.child.stdin?.end(numbered(501, 2000))
    await until(() => unreadBytes(b.port) > 0, 'the bridge to write to the frozen broker')
    process.kill(b.pid, 'SIGKILL')
    await b.restart()
    expect((await pub.done).code).toBe(0)
    await sub.waitFor(/(^|\n)2000\n/, 'stdout', 60_000)
    sub.kill()
    const got = new Set(lines(sub))
    expect(Array.from({ length: 2000 }, (_, i) => String(i + 1)).filter((l) => !got.has(l))).toEqual([])
    p.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/^mqtx: connection to the downstream broker \(mqtt:\/\/127\.0\.0\.1:\d+\) lost; reconnecting/m)
    const summary = /^mqtx: bridge: forwarded (\d+) messages; duplicates: 0 suppressed, (\d+) possible \((\d+) resent downstream\); reconnects: upstream 0, downstream 1$/m.exec(r.stderr)
    expect(summary, r.stderr).not.toBeNull()
    expect(Number(summary?.[1])).toBe(2000)
    expect(Number(summary?.[3])).toBeGreaterThan(0)
  }, 150_000)

  it('QoS 1, the upstream broker restarted while messages wait for downstream confirmation: all arrive, its redeliveries are not forwarded again', async () => {
    const topic = uniq('up')
    const sub = await receiver(b, topic)
    const { p } = await bridge(['-t', topic, '-q', '1', '-c'])
    const pub = startMqtx(['pub', '-p', String(a.port), '-t', topic, '-l', '-q', '1', '-c', '-i', `bpub-${process.pid}-${++seq}`], { timeoutMs: 120_000 })
    pub.child.stdin?.write(numbered(1, 500))
    await sub.waitFor(/(^|\n)500\n/, 'stdout')
    // the bridge now gets messages it cannot have confirmed: it holds their upstream acks
    process.kill(b.pid, 'SIGSTOP')
    pub.child.stdin?.end(numbered(501, 2000))
    await until(() => unreadBytes(b.port) > 0, 'the bridge to forward to the frozen broker')
    // the upstream broker saves its state (the unacknowledged messages of the bridge's session) and comes back
    await a.restart()
    process.kill(b.pid, 'SIGCONT')
    expect((await pub.done).code).toBe(0)
    await sub.waitFor(/(^|\n)2000\n/, 'stdout', 60_000)
    sub.kill()
    const all = lines(sub)
    const got = new Set(all)
    expect(Array.from({ length: 2000 }, (_, i) => String(i + 1)).filter((l) => !got.has(l))).toEqual([])
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/^mqtx: reconnected to the upstream broker \(mqtt:\/\/127\.0\.0\.1:\d+\); the session was kept$/m)
    const summary = /^mqtx: bridge: forwarded (\d+) messages; duplicates: (\d+) suppressed, (\d+) possible.*; reconnects: upstream 1, downstream 0$/m.exec(r.stderr)
    expect(summary, r.stderr).not.toBeNull()
    // the held messages came again from the restarted broker, and were recognised
    expect(Number(summary?.[2])).toBeGreaterThan(0)
    // what reached the subscriber twice is at most what the bridge counted as possible duplicates
    expect(all.length - got.size).toBeLessThanOrEqual(Number(summary?.[3]))
  }, 150_000)

  it('QoS 1, the bridge itself killed -9 with messages unconfirmed downstream, and that broker killed too: a new bridge on the same session forwards them', async () => {
    const topic = uniq('crash')
    const sub = await receiver(b, topic)
    const first = await bridge(['-t', topic, '-q', '1', '-c'])
    const pub = startMqtx(['pub', '-p', String(a.port), '-t', topic, '-l', '-q', '1'], { timeoutMs: 120_000 })
    pub.child.stdin?.write(numbered(1, 500))
    await sub.waitFor(/(^|\n)500\n/, 'stdout')
    process.kill(b.pid, 'SIGSTOP')
    pub.child.stdin?.end(numbered(501, 2000))
    expect((await pub.done).code).toBe(0)
    await until(() => unreadBytes(b.port) > 0, 'the bridge to write to the frozen broker')
    // what the bridge wrote is lost with both: only the upstream broker can send it again, and it
    // does only because the bridge never acknowledged it
    first.p.kill('SIGKILL')
    await first.p.done
    process.kill(b.pid, 'SIGKILL')
    await b.restart()
    const second = startMqtx(['bridge', '--from', url(a), '--to', url(b), '-i', first.id, '-t', topic, '-q', '1', '-c'], { timeoutMs: 120_000 })
    started.push(second)
    await sub.waitFor(/(^|\n)2000\n/, 'stdout', 60_000)
    sub.kill()
    const got = new Set(lines(sub))
    expect(Array.from({ length: 2000 }, (_, i) => String(i + 1)).filter((l) => !got.has(l))).toEqual([])
    second.kill('SIGTERM')
    expect((await second.done).code).toBe(143)
  }, 150_000)

  it.each([
    ['the default marker (the same both ways): a message crosses once', [], [], 1],
    ['a different --bridge-id each way: one echo back, then it stops', ['--bridge-id', 'ab'], ['--bridge-id', 'ba'], 2],
  ])('a bridge in each direction, %s', async (_name, abArgs, baArgs, echoes) => {
    const topic = uniq('loop')
    const onA = await receiver(a, `${topic}/#`, ['-v'], false)
    const onB = await receiver(b, `${topic}/#`, ['-v'], false)
    const ab = await bridge(['-t', `${topic}/#`, '-d', ...abArgs], a, b)
    const ba = await bridge(['-t', `${topic}/#`, '-d', ...baArgs], b, a)
    await start('mosquitto_pub', ['-p', String(a.port), '-t', `${topic}/x`, '-m', 'ping', '-q', '1', '-V', '5']).done
    // the bridge that sees the message come back drops it: that ends the round
    const stopper = echoes === 1 ? ba : ab
    await stopper.p.waitFor(/not forwarded \(it carries this bridge's loop marker\)/)
    // a message published on B afterwards travels behind anything the loop could still send
    await start('mosquitto_pub', ['-p', String(b.port), '-t', `${topic}/end`, '-m', 'end', '-q', '1', '-V', '5']).done
    await onA.waitFor(/\/end end\n/, 'stdout')
    await onB.waitFor(/\/end end\n/, 'stdout')
    // and 'end' stops too: at the bridge that sees it come back
    await (echoes === 1 ? ab : ba).p.waitFor(/not forwarded \(it carries this bridge's loop marker\): '.*\/end'/)
    onA.kill()
    onB.kill()
    const pings = (r: Running) => lines(r).filter((l) => l.endsWith(' ping')).length
    expect(pings(onA)).toBe(echoes)
    expect(pings(onB)).toBe(1)
    ab.p.kill('SIGTERM')
    ba.p.kill('SIGTERM')
    const [rab, rba] = await Promise.all([ab.p.done, ba.p.done])
    // each bridge forwarded 'end' or 'ping' once (twice with an echo) and dropped one that came back
    const forwarded = new RegExp(`forwarded ${echoes === 1 ? '1 message' : '2 messages'}; .*; not forwarded: 1 with this bridge's loop marker$`, 'm')
    expect(rab.stderr).toMatch(forwarded)
    expect(rba.stderr).toMatch(forwarded)
  }, 60_000)
})
