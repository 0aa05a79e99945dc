import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as hdr from 'hdr-histogram-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, RUNTIME_LABEL, startMqtx } from '../helpers/run.js'
import type { BenchResult } from '../../src/bench/result.js'

let broker: Broker
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-'))
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

async function bench(args: string[]): Promise<BenchResult> {
  const r = await mqtx(['bench', ...args, '-p', String(broker.port), '--json'], { timeoutMs: 45_000 })
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as BenchResult
}

/** Every publisher: expected deliveries = received + lost, and the totals add up. */
function reconcile(r: BenchResult): void {
  let expected = 0
  let received = 0
  for (const p of r.publishers) {
    expect(p.expected).not.toBeNull()
    expect(p.received + (p.lost ?? NaN)).toBe(p.expected)
    expected += p.expected ?? 0
    received += p.received
  }
  expect(r.totals.expected).toBe(expected)
  expect(r.totals.received).toBe(received)
  expect(r.totals.received + (r.totals.lost ?? NaN)).toBe(r.totals.expected)
}

describe('mqtx bench pubsub', () => {
  it('delivers a QoS 1 load completely and writes the JSON result', async () => {
    const r = await bench(['pubsub', '-q', '1', '--publishers', '3', '--subscribers', '2', '--count', '300', '--rate', '3000', '-I', 'b1'])
    expect(r.format).toBe('mqtx-bench/1')
    expect(Object.keys(r)).toEqual(['format', 'scenario', 'config', 'environment', 'startedAt', 'measuredSeconds', 'totals', 'rates', 'latencyMs', 'generator', 'window', 'receiveMaximum', 'publishers', 'raw'])
    expect(Object.keys(r.raw.series)).toEqual(['offered', 'acked', 'received', 'bytesOut', 'bytesIn'])
    expect(Object.keys(r.environment).sort()).toEqual(['arch', 'broker', 'cores', 'cpu', 'mqtx', 'node', 'platform', 'protocolVersion', 'runtime', 'tcpNoDelay', 'transport', 'workers'])
    expect(r.scenario).toBe('pubsub')
    expect(r.totals).toMatchObject({ sent: 900, acked: 900, expected: 1800, received: 1800, lost: 0, duplicates: 0, reordered: 0, inflightAtEnd: 0 })
    expect(r.publishers.map((p) => [p.id, p.sent, p.expected, p.received, p.lost])).toEqual([
      [0, 300, 600, 600, 0],
      [1, 300, 600, 600, 0],
      [2, 300, 600, 600, 0],
    ])
    reconcile(r)
    expect(r.environment.runtime).toBe(RUNTIME_LABEL)
    expect(r.environment.broker).toMatch(/^mosquitto version \d/)
    expect(r.environment.tcpNoDelay).toBe(true)
    expect(r.window).toBe(20) // mosquitto's Receive Maximum caps the default window of 64
    for (const k of ['e2e', 'e2eActual', 'ack', 'connect', 'subscribe'] as const) {
      const l = r.latencyMs[k]
      expect(l, k).not.toBeNull()
      expect(Object.keys(l ?? {})).toEqual(['count', 'min', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'p99.99', 'max'])
      expect(hdr.decodeFromCompressedBase64(r.raw.hist[k]).totalCount).toBe(l?.count)
    }
    expect(r.latencyMs.e2e?.count).toBe(1800)
    expect(r.raw.series.offered.reduce((a, b) => a + b, 0)).toBe(900)
    expect(r.raw.series.received.reduce((a, b) => a + b, 0)).toBe(1800)
    expect(typeof r.generator.bound).toBe('boolean')
  })

  it('reports the loss of a broker that drops messages for a slow subscriber', async () => {
    const dropping = await startMosquitto({ global: ['max_queued_messages 5', 'max_inflight_messages 1'] })
    try {
      const run = await mqtx(['bench', 'pubsub', '-p', String(dropping.port), '-q', '1', '--publishers', '4', '--count', '2000', '--json', '--assert', 'loss=0'], { timeoutMs: 45_000 })
      expect(run.code).toBe(1)
      const r = JSON.parse(run.stdout) as BenchResult
      expect(r.totals.sent).toBe(8000)
      expect(r.totals.lost).toBeGreaterThan(0)
      reconcile(r)
      expect(run.stderr).toMatch(/^mqtx: --assert failed \(1 of 1\): loss=0: measured \d+\n$/)
      await dropping.waitForLog(/Outgoing messages are being dropped/)
    } finally {
      await dropping.stop()
    }
  })

  it('on screen: fits 80 columns, names the fan-out, why messages were lost, and that totals include the warm-up', async () => {
    const dropping = await startMosquitto({ global: ['max_queued_messages 5', 'max_inflight_messages 1'] })
    try {
      const args = ['bench', 'pubsub', '-p', String(dropping.port), '-q', '1', '--publishers', '2', '--subscribers', '2', '--count', '1000', '--warmup', '1']
      const run = await mqtx(args, { timeoutMs: 45_000 })
      expect(run.code).toBe(0)
      const wide = run.stdout.split('\n').filter((l) => [...l].length > 80)
      expect(wide).toEqual([])
      expect(run.stdout).toMatch(/\nfan-out: each message goes to 2 subscriptions \(2,000 sent -> 4,000 deliveries\)\.\n/)
      expect(run.stdout).toMatch(/\ntotal: whole run incl\. the 1 s warm-up; /)
      expect(run.stdout).toMatch(/\n[\d,]+ message\(s\) were lost, of 4,000 expected deliveries\.\nThe broker dropped them: it holds a limited queue per subscriber \(mosquitto:\n {2}max_queued_messages, 1000 by default;/)
      expect(run.stdout).toMatch(/│ messages +│ sent +│ acked +│ recv +│ lost +│ dup +│ reord +│ in flight +│\n/)
    } finally {
      await dropping.stop()
    }
  })

  it('gives the same totals with --workers 2 as with one thread', async () => {
    const args = ['pubsub', '-q', '1', '--publishers', '4', '--subscribers', '2', '--count', '250', '--rate', '2000']
    const one = await bench([...args, '-I', 'w1'])
    const two = await bench([...args, '-I', 'w2', '--workers', '2'])
    for (const r of [one, two]) {
      expect(r.totals).toMatchObject({ sent: 1000, acked: 1000, expected: 2000, received: 2000, lost: 0, duplicates: 0 })
      expect(r.latencyMs.e2e?.count).toBe(2000)
      expect(r.latencyMs.connect?.count).toBe(6)
    }
    expect(two.environment.workers).toBe(2)
    expect(two.publishers.map((p) => p.id).sort()).toEqual([0, 1, 2, 3])
  })
})

describe('mqtx bench pubsub --shared', () => {
  it('delivers each message once to a shared group', async () => {
    const r = await bench(['pubsub', '-q', '1', '--publishers', '2', '--subscribers', '3', '--shared', 'g1', '--count', '200', '--rate', '2000', '-I', 'sh'])
    expect(r.totals).toMatchObject({ sent: 400, expected: 400, received: 400, lost: 0, duplicates: 0 })
    expect(r.raw.streams.map((s) => [s.key, s.shared])).toEqual([['$share/g1/mqtx/bench/+', true]])
    reconcile(r)
  })
})

describe('mqtx bench --assert', () => {
  it('exits 0 when every condition holds, 1 listing the ones that failed', async () => {
    const ok = await mqtx(['bench', 'pubsub', '-p', String(broker.port), '--count', '200', '--rate', '2000', '--assert', 'loss=0,rate>0,duplicates=0'])
    expect(ok.stderr).toBe('')
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^mqtx bench pubsub: 1 pub, 1 sub, 1 topic\(s\), QoS 0, 16 B, 2,000 msg\/s,\n {2}200 msg\/publisher\nbroker mosquitto version [\d.]+; TCP_NODELAY on\n/)
    expect(ok.stdout).toMatch(/\nend-to-end latency distribution:\n/)
    // 200 messages at 2,000/s: a 0.1 s window, too short for a one-second utilisation sample (was '0 % busy')
    expect(ok.stdout).toMatch(/\ngenerator: event loop not sampled \(run under 1 s\), delay p99 [\d.]+ ms/)
    const bad = await mqtx(['bench', 'pubsub', '-p', String(broker.port), '--count', '200', '--rate', '2000', '--assert', 'loss=0,max<0us,rate>1000000000'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^mqtx: --assert failed \(2 of 3\): max<0us: measured [\d.]+ ms; rate>1000000000: measured [\d.]+\n$/)
  })
})

describe('mqtx bench merge', () => {
  it('adds histograms and counters of two runs exactly', async () => {
    const a = await bench(['pub', '-q', '1', '--count', '300', '--publishers', '2', '-I', 'ma'])
    const b = await bench(['pub', '-q', '1', '--count', '300', '--publishers', '2', '-I', 'mb', '--id-offset', '2'])
    writeFileSync(join(dir, 'a.json'), JSON.stringify(a))
    writeFileSync(join(dir, 'b.json'), JSON.stringify(b))
    const m = await mqtx(['bench', 'merge', join(dir, 'a.json'), join(dir, 'b.json'), '--json'])
    expect(m.stderr).toBe('')
    expect(m.code).toBe(0)
    const r = JSON.parse(m.stdout) as BenchResult
    expect(r.totals.sent).toBe(1200)
    expect(r.totals.acked).toBe(1200)
    expect(r.publishers.map((p) => p.id)).toEqual([0, 1, 2, 3])
    const added = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 })
    added.add(hdr.decodeFromCompressedBase64(a.raw.hist.ack))
    added.add(hdr.decodeFromCompressedBase64(b.raw.hist.ack))
    const merged = hdr.decodeFromCompressedBase64(r.raw.hist.ack)
    expect(merged.totalCount).toBe(1200)
    for (const p of [50, 90, 99, 99.9, 100]) expect(merged.getValueAtPercentile(p)).toBe(added.getValueAtPercentile(p))
    expect(r.latencyMs.ack?.p99).toBe(Math.round(added.getValueAtPercentile(99)) / 1000)
  })

  it('refuses results of different scenarios', async () => {
    const a = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as BenchResult
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ ...a, config: { ...a.config, qos: 0 } }))
    const m = await mqtx(['bench', 'merge', join(dir, 'a.json'), join(dir, 'c.json')])
    expect(m.code).toBe(2)
    expect(m.stdout).toBe('')
    expect(m.stderr).toBe(`mqtx: '${join(dir, 'c.json')}' is a different scenario from '${join(dir, 'a.json')}' (scenario, topics, size, QoS, duration or warm-up differ): cannot merge.\n`)
  })
})

describe('mqtx bench pub + sub on two "machines"', () => {
  it('merges a pub run and a sub run of one load into pubsub with loss accounting', async () => {
    const sub = startMqtx(['bench', 'sub', '-p', String(broker.port), '-t', 'two/+', '-q', '1', '--count', '400', '--duration', '30', '-I', 'ts', '--json'], { timeoutMs: 45_000 })
    await waitForSubscription(broker, 'ts-s0')
    const pub = await bench(['pub', '-t', 'two/%i', '-q', '1', '--publishers', '2', '--count', '200', '--rate', '2000', '-I', 'tp'])
    const s = await sub.done
    expect(s.stderr).toBe('')
    expect(s.code).toBe(0)
    writeFileSync(join(dir, 'p.json'), JSON.stringify(pub))
    writeFileSync(join(dir, 's.json'), s.stdout)
    const m = await mqtx(['bench', 'merge', join(dir, 's.json'), join(dir, 'p.json'), '--json'])
    expect(m.stderr).toBe('')
    expect(m.code).toBe(0)
    const r = JSON.parse(m.stdout) as BenchResult
    expect(r.scenario).toBe('pubsub')
    expect(r.totals).toMatchObject({ sent: 400, expected: 400, received: 400, lost: 0 })
    expect(r.publishers.map((p) => [p.topic, p.received])).toEqual([['two/0', 200], ['two/1', 200]])
    reconcile(r)
  })
})

describe('mqtx bench stopped by a signal', () => {
  it('SIGTERM: the results so far on stdout, the connections closed, exit 143', async () => {
    const sub = startMqtx(['bench', 'sub', '-p', String(broker.port), '-t', 'term/+', '--duration', '30', '-I', 'tt', '--json'], { timeoutMs: 45_000 })
    await waitForSubscription(broker, 'tt-s0')
    sub.kill('SIGTERM')
    const r = await sub.done
    expect(r.code).toBe(143)
    expect((JSON.parse(r.stdout) as BenchResult).scenario).toBe('sub')
    expect(r.stderr).toBe('mqtx: terminated: the results above cover the run until SIGTERM.\n')
  })
})

describe('bench against a broker with a small Maximum Packet Size', () => {
  it('--size whose PUBLISH packet is over it: one clear error before the load (exit 1), also from worker threads', async () => {
    const small = await startMosquitto({ global: ['max_packet_size 100'] })
    try {
      const expected =
        "mqtx: --size 300 on 'mqtx/bench/0' is a PUBLISH packet of 318 bytes, over the broker's maximum packet size of 100 bytes (CONNACK); nothing was sent.\n" +
        "hint: a smaller --size (at most 83 here), or raise the broker's max_packet_size\n"
      for (const extra of [[], ['--workers', '2', '--publishers', '2']]) {
        const r = await mqtx(['bench', 'pub', '-p', String(small.port), '--size', '300', '--count', '10', '--rate', '50', ...extra])
        expect(r.code, r.stderr).toBe(1)
        expect(r.stdout).toBe('')
        expect(r.stderr).toBe(expected)
      }
      // 83 bytes fit: the run goes through
      const fits = await mqtx(['bench', 'pub', '-p', String(small.port), '--size', '83', '--count', '10', '--rate', '1000', '--json'])
      expect(fits.code, fits.stderr).toBe(0)
      expect(small.log()).not.toMatch(/packet too large|exceeded/i)
    } finally {
      await small.stop()
    }
  })
})
