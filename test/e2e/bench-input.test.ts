import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import mqtt from 'mqtt'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, startMqtx, type RunResult } from '../helpers/run.js'
import type { BenchResult } from '../../src/bench/result.js'

let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

describe('mqtx bench: bad input is one line and exit 2', () => {
  it.each([
    [['pubsub', '--publishers', '0'], /--publishers must be more than 0\./],
    [['pubsub', '--subscribers', '-3'], /--subscribers must be more than 0\./],
    [['pub', '--rate', '0'], /--rate must be more than 0\./],
    [['pub', '--rate', '-100'], /--rate must be more than 0\./],
    [['pubsub', '--duration', '0'], /--duration must be more than 0 seconds\./],
    [['pubsub', '--duration', '-5'], /--duration must be a number of seconds\./],
    [['pub', '--count', '0'], /--count must be more than 0\./],
    [['pubsub', '--size', '8'], /^mqtx: --size 8 is too small: the payload must hold the 16-byte header \(publisher id, sequence number, send time\); use --size 16 or more\.$/],
    [['pubsub', '--size', '-1'], /use --size 16 or more\.$/],
    [['pubsub', '-q', '3'], /Invalid QoS given: 3 \(use 0, 1 or 2\)\./],
    [['pubsub', '--assert', 'rate>>5'], /^mqtx: --assert: cannot parse 'rate>>5' \(use METRIC OP NUMBER\[UNIT\], e\.g\. p99<10ms\)\.$/],
    [['pubsub', '--assert', 'speed>5'], /^mqtx: --assert: unknown metric 'speed'/],
    [['conn', '--connections', '0'], /--connections must be more than 0\./],
    [['pubsub', '--ramp-up', '2'], /^mqtx: --ramp-up needs --rate/],
    [['pubsub', '--workers', '3'], /^mqtx: --workers 3 is more than the clients to share out \(2\)\.$/],
    [['pubsub', '--start-at', 'soon'], /^mqtx: --start-at 'soon' is not a time/],
    [['pub', '--rate', '10', '--rate-per-client', '5'], /^mqtx: give --rate \(total\) or --rate-per-client, not both\.$/],
  ])('%j', async (args, message) => {
    // the port is closed: a usage error must come before any connection attempt
    const r = await mqtx(['bench', ...args, '-p', '1'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(message)
    expect(lines[0]).toMatch(/^mqtx: /)
    expect(lines.filter((l) => l.startsWith('mqtx:'))).toHaveLength(1)
  })
})

function header(pub: number, seq: number): Buffer {
  const b = Buffer.alloc(16)
  b.writeUInt32BE(pub, 0)
  b.writeUInt32BE(seq, 4)
  const us = Date.now() * 1000
  b.writeUInt32BE(Math.floor(us / 2 ** 32), 8)
  b.writeUInt32BE(us % 2 ** 32, 12)
  return b
}

describe('mqtx bench sub', () => {
  /** Publisher 9 sends 0 1 1 3 2 5 5 (4 never sent); foreign: one without a header, one from before the run. */
  async function misbehave(): Promise<void> {
    const client = await mqtt.connectAsync({ host: '127.0.0.1', port: broker.port, protocolVersion: 4 })
    for (const seq of [0, 1, 1, 3, 2, 5, 5]) await client.publishAsync('mis/x', header(9, seq), { qos: 1 })
    await client.publishAsync('mis/x', Buffer.from('hello'), { qos: 1 })
    const stale = header(9, 4)
    stale.writeUInt32BE(0, 8)
    await client.publishAsync('mis/x', stale, { qos: 1 })
    await client.endAsync()
  }

  function expectMisbehaviour(r: RunResult): void {
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as BenchResult
    expect(res.totals).toMatchObject({ received: 5, receipts: 9, foreign: 2, duplicates: 2, reordered: 1, expected: null, lost: null })
    expect(res.raw.streams).toEqual([{ key: 's0', shared: false, filter: 'mis/x', pubs: [[9, 5, 2, 1]] }])
  }

  it('counts duplicates and reordering from a misbehaving publisher', async () => {
    const sub = startMqtx(['bench', 'sub', '-p', String(broker.port), '-t', 'mis/x', '-q', '1', '--count', '9', '--duration', '30', '--drain', '0', '-I', 'mis', '--json'], { timeoutMs: 40_000 })
    await waitForSubscription(broker, 'mis-s0')
    await misbehave()
    expectMisbehaviour(await sub.done)
  })

  it('counts what was published after it subscribed but before its start time (was: all "foreign", a race)', async () => {
    // the window between the SUBACK and the run's start, made certain: the start is 2 s away
    const at = new Date(Date.now() + 2000).toISOString()
    const sub = startMqtx(['bench', 'sub', '-p', String(broker.port), '-t', 'mis/x', '-q', '1', '--count', '9', '--duration', '30', '--drain', '0', '-I', 'mis2', '--start-at', at, '--json'], { timeoutMs: 40_000 })
    await waitForSubscription(broker, 'mis2-s0')
    await misbehave()
    expectMisbehaviour(await sub.done)
  })
})

describe('mqtx bench conn', () => {
  it('opens, counts and closes connections', async () => {
    const r = await mqtx(['bench', 'conn', '-p', String(broker.port), '--connections', '40', '--concurrency', '10', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as BenchResult
    expect(res.connections).toMatchObject({ attempted: 40, connected: 40, failed: 0, path: 'raw' })
    expect(res.latencyMs.connect?.count).toBe(40)
    expect(res.connections?.peakRssBytes).toBeGreaterThan(0)
  })

  it('exits 1 naming the failures when the broker is not there', async () => {
    const r = await mqtx(['bench', 'conn', '-p', '1', '--connections', '3'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: 3 of 3 connections failed: ECONNREFUSED x3\n/)
  })
})

describe('mqtx bench: a broker that goes away', () => {
  it('ends the run, prints what it measured and exits 1 naming the lost connections', async () => {
    const b = await startMosquitto()
    const run = startMqtx(['bench', 'pubsub', '-p', String(b.port), '--rate', '500', '--duration', '60', '-I', 'gone', '--drain', '0'], { timeoutMs: 40_000 })
    await b.waitForLog(/as gone-p0 /)
    await b.stop()
    const r = await run.done
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^mqtx bench pubsub: /)
    expect(r.stdout).toMatch(/\n2 connection\(s\) were lost during the run\.\n$/)
    expect(r.stderr).toBe('mqtx: 2 connection(s) were lost during the run.\nhint: see the broker log; the results above are partial\n')
  })
})
