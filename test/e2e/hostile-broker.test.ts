/**
 * A broken or hostile broker (test/helpers/hostile-broker.ts) must never leave mqtx waiting on a dead
 * connection, crash it, or reach the terminal unescaped.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startHostileBroker, defaults, type HostileBroker, type HostileScript } from '../helpers/hostile-broker.js'
import { mqtx, startMqtx } from '../helpers/run.js'

let broker: HostileBroker | undefined
afterEach(async () => {
  await broker?.close()
  broker = undefined
})
async function hostile(script: HostileScript): Promise<number> {
  broker = await startHostileBroker(script)
  return broker.port
}

// a PUBLISH whose topic length (9) runs past the packet's end
const MALFORMED_PUBLISH = Buffer.from([0x30, 0x05, 0x00, 0x09, 0x61, 0x62, 0x63])

describe('a malformed packet from the broker closes the connection (MQTT.js kept it open, out of step)', () => {
  it('sub: says so, reconnects, and gets the next message', async () => {
    const port = await hostile({
      subscribe: (peer, p) => {
        defaults.subscribe(peer, p)
        peer.send(peer.n === 1 ? MALFORMED_PUBLISH : { cmd: 'publish', topic: 'a', payload: Buffer.from('good'), qos: 0, retain: false, dup: false })
      },
    })
    const r = await mqtx(['sub', '-t', 'a', '-p', String(port), '-C', '1', '-W', '20'])
    expect(r.stdout).toBe('good\n')
    expect(r.stderr).toMatch(/^mqtx: connection to the broker lost: the broker sent a malformed packet \(Cannot parse topic\); reconnecting/m)
    expect(r.code).toBe(0)
  })

  it('rr: exit 1 at once, naming the malformed packet', async () => {
    const port = await hostile({ subscribe: (peer, p) => (defaults.subscribe(peer, p), peer.send(MALFORMED_PUBLISH)) })
    const r = await mqtx(['rr', '-t', 'req', '-e', 'resp', '-m', 'x', '-p', String(port), '-W', '30'])
    expect([r.code, r.stderr]).toEqual([1, 'mqtx: the connection to the broker was lost before the response arrived: the broker sent a malformed packet (Cannot parse topic).\n'])
  })

  it.each([
    ['a CONNACK that does not parse', Buffer.from([0x20, 0x03, 0x00, 0x00, 0x05]), 'Cannot parse property code type'],
    ['an HTTP answer', Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'), 'Invalid header flag bits, must be 0x0 for puback packet'],
  ])('pub to a server that answers CONNECT with %s (and keeps the connection open): exit 1 at once, not a connect timeout', async (_what, answer, why) => {
    const port = await hostile({ connect: (peer) => peer.send(answer) })
    const r = await mqtx(['pub', '-t', 'a', '-m', 'x', '-p', String(port), '--connect-timeout', '60'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`mqtx: mqtt://localhost:${port} answered with something that is not MQTT (${why}).\nhint: is it an MQTT port? (plain MQTT: 1883, TLS: 8883 with --cafile or -L mqtts://, WebSocket: -L ws://)\n`)
  })
})

describe('the broker says why it ends the connection (MQTT 5 DISCONNECT)', () => {
  const disconnect = { cmd: 'disconnect', reasonCode: 0x8e, properties: { reasonString: 'bye \x1b[31mred\x1b[0m\r\nmqtx: fake' } } as const
  const said = "the broker disconnected: session taken over (another client connected with the same client id) (code 142), 'bye \\e[31mred\\e[0m\\r\\nmqtx: fake'"

  it('sub: the reason and the reason string (escaped) in the reconnect line; the next message arrives', async () => {
    const port = await hostile({
      subscribe: (peer, p) => {
        defaults.subscribe(peer, p)
        peer.send(peer.n === 1 ? disconnect : { cmd: 'publish', topic: 'a', payload: Buffer.from('good'), qos: 0, retain: false, dup: false })
      },
    })
    const r = await mqtx(['sub', '-t', 'a', '-p', String(port), '-C', '1', '-W', '20'])
    expect([r.code, r.stdout]).toEqual([0, 'good\n'])
    expect(r.stderr.split('\n')[0]).toBe(`mqtx: connection to the broker lost: ${said}; reconnecting (every 0.5 s, backing off to 30 s)`)
  })

  it('rr: exit 1 with the reason, even when the broker keeps the connection open after its DISCONNECT', async () => {
    const port = await hostile({ subscribe: (peer, p) => (defaults.subscribe(peer, p), peer.send(disconnect)) })
    const r = await mqtx(['rr', '-t', 'req', '-e', 'resp', '-m', 'x', '-p', String(port), '-W', '30'])
    expect([r.code, r.stderr]).toEqual([1, `mqtx: the connection to the broker was lost before the response arrived: ${said}.\n`])
  })
})

describe('a signal while connecting to a broker that never answers ends the run at once', () => {
  // before: bench and simulate waited for the attempt's --connect-timeout (then bench exited 1)
  it.each([
    ['bench pub', ['bench', 'pub', '--duration', '1'], 'nothing was measured'],
    ['bench pubsub --workers 2', ['bench', 'pubsub', '--duration', '1', '--workers', '2'], 'nothing was measured'],
    ['simulate', ['simulate', '--devices', '2', '-t', 'a/{{device}}', '-m', 'x'], 'nothing was sent'],
  ])('%s: SIGTERM is exit 143 without waiting for the attempt', async (_name, args, what) => {
    broker = await startHostileBroker({ connect: () => {} })
    const m = startMqtx([...args, '-p', String(broker.port), '--connect-timeout', '600'])
    await broker.waitFor('1:connect')
    m.kill('SIGTERM')
    const r = await m.done
    expect([r.code, r.stderr]).toEqual([143, `mqtx: terminated while connecting: ${what}.\n`])
  })
})

describe('a broker that accepts and drops the connection at once, every time', () => {
  it('sub backs off (0.5 s, 1 s, 2 s…) instead of reconnecting every 0.5 s for ever', async () => {
    broker = await startHostileBroker({ subscribe: (peer, p) => (defaults.subscribe(peer, p), peer.socket.destroy()) })
    const m = startMqtx(['sub', '-t', 'a', '-p', String(broker.port)])
    await m.waitFor(/reconnecting \(every 2 s, backing off to 30 s\)/)
    m.kill('SIGTERM')
    const r = await m.done
    expect(r.code).toBe(143)
    expect(r.stderr.split('\n').filter((l) => l.includes('reconnecting (every')).map((l) => /every ([\d.]+) s/.exec(l)?.[1])).toEqual(['0.5', '1', '2'])
  })
})

describe('a dead link (no answer to the keep-alive ping) is a loss, not a refused message', () => {
  it('pub -q 1 reconnects and resends (it exited 1: "the message could not be sent: Keepalive timeout")', async () => {
    // the first connection takes the PUBLISH and then answers nothing, PINGREQ included
    const port = await hostile({
      publish: (peer, p) => {
        if (peer.n > 1) defaults.publish(peer, p)
      },
      pingreq: (peer, p) => {
        if (peer.n > 1) defaults.pingreq(peer, p)
      },
    })
    const r = await mqtx(['pub', '-t', 'a', '-m', 'x', '-q', '1', '-k', '5', '-p', String(port)], { timeoutMs: 60_000 })
    expect(r.stderr).toMatch(/^mqtx: connection lost after 0 of 1 messages confirmed: no answer from the broker to the keep-alive ping within 1\.5 x -k seconds; reconnecting/m)
    expect(r.code).toBe(0)
  }, 60_000)
})

describe('a JSON payload nested 200,000 levels deep (JSON.stringify overflowed the stack: "internal error", exit 1)', () => {
  const deep = Buffer.from(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)
  it.each([
    ['--human: shown as text', ['--human'], /^\S+ a \[q0\]\n {2}\[{100}/, ''],
    ['-F %J: not JSON, as for mosquitto (cJSON stops at 1,000 levels)', ['-F', '%J'], /^$/, "mqtx: warning: the payload on 'a' is not valid JSON (-F %J); message skipped\n"],
    ['--decode json: not decoded, shown as it came', ['--decode', 'json'], /^\[{200000}\]{200000}\n$/, "mqtx: warning: the payload on 'a' is not json: nested more than 1000 levels deep; shown undecoded (further payloads on this topic that do not decode are not reported)\n"],
  ])('sub %s', async (_name, args, stdout, stderr) => {
    const port = await hostile({
      subscribe: (peer, p) => (defaults.subscribe(peer, p), peer.send({ cmd: 'publish', topic: 'a', payload: deep, qos: 0, retain: false, dup: false })),
    })
    const r = await mqtx(['sub', '-t', 'a', '-p', String(port), '-C', '1', ...args])
    expect([r.code, r.stderr]).toEqual([0, stderr])
    expect(r.stdout).toMatch(stdout)
  })
})

describe('a broker that answers with the other QoS flow (pub -l waited for ever; pub -m took it as it came)', () => {
  it.each([
    ['QoS 2 answered with PUBACK', '2', 'puback'],
    ['QoS 1 answered with PUBREC (then PUBREL, PUBCOMP)', '1', 'pubrec'],
  ] as const)('pub -l, %s: every line is settled, exit 0', async (_name, qos, answer) => {
    const port = await hostile({
      publish: (peer, p) => {
        if (p.cmd === 'publish' && p.qos > 0) peer.send({ cmd: answer, messageId: p.messageId ?? 0 })
      },
    })
    const r = await mqtx(['pub', '-l', '-t', 'a', '-q', qos, '-p', String(port)], { input: 'one\ntwo\nthree\n', timeoutMs: 20_000 })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(broker?.received.filter((e) => e.endsWith(':publish'))).toHaveLength(3)
    if (answer === 'pubrec') expect(broker?.received.filter((e) => e.endsWith(':pubrel'))).toHaveLength(3)
  })
})
