import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, start, startMqtx } from '../helpers/run.js'
import { startMqtxBroker, waitForMqtxSubscription } from '../helpers/mqtx-broker.js'

let broker: Broker
let port: string
beforeAll(async () => {
  if (!mosquittoReady) return
  // the broker must not drop what a slow independent subscriber has not taken yet
  broker = await startMosquitto({ global: ['max_queued_messages 0'] })
  port = String(broker.port)
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`
/**
 * QoS 1 streams 100,000 lines: past 65,535 packet ids, so ids are reused while the stream goes on
 * (the defect mqtx exists to avoid). QoS 0 and 2 use the same code with fewer lines (test time).
 */
const LINES_AT_QOS: Array<[qos: number, lines: number]> = [[0, 20_000], [1, 100_000], [2, 20_000]]
const numbered = (n: number) => `${Array.from({ length: n }, (_, i) => String(i + 1)).join('\n')}\n`

async function receiver(topic: string, count: number, qos: number) {
  const id = `lrx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', port, '-i', id, '-t', topic, '-q', String(qos), '-C', String(count), '-W', '120'], { timeoutMs: 150_000 })
  await waitForSubscription(broker, id)
  return sub
}

describe.skipIf(!mosquittoReady)('mqtx pub -l', () => {
  it.each(LINES_AT_QOS)('delivers at QoS %i %i lines, each once and in order', async (qos, n) => {
    const topic = uniq(`lines/q${qos}`)
    const input = numbered(n)
    const sub = await receiver(topic, n, qos)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', String(qos)], { input, timeoutMs: 150_000 })
    expect([r.code, r.stderr]).toEqual([0, ''])
    const got = await sub.done
    expect(got.code).toBe(0)
    expect(got.stdout === input).toBe(true)
  }, 180_000)

  it.each([0, 2])('with --debug (MQTT.js\'s own publish path) QoS %i lines are delivered in order too', async (qos) => {
    const topic = uniq(`lines/debug${qos}`)
    const input = numbered(500)
    const sub = await receiver(topic, 500, qos)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', String(qos), '-d'], { input })
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/sent PUBLISH/)
    expect((await sub.done).stdout === input).toBe(true)
  })

  it('keeps empty lines as empty messages, strips only \\n, sends a last line without newline', async () => {
    const topic = uniq('lines/shape')
    const sub = await receiver(topic, 4, 1)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1'], { input: 'a\r\n\nb\nlast' })
    expect(r.code).toBe(0)
    // mosquitto_sub prints nothing for an empty payload
    expect((await sub.done).stdout).toBe('a\r\nb\nlast\n')
  })

  it.each([0, 1])('lines longer than a read and lines cut across reads arrive whole (QoS %i)', async (qos) => {
    const topic = uniq(`lines/long${qos}`)
    const lines = ['short', 'x'.repeat(200_000), '', 'y'.repeat(70_000), ...Array.from({ length: 3000 }, (_, i) => `n${i}`), 'end']
    const input = Buffer.from(lines.join('\n'))
    const sub = await receiver(topic, lines.length, qos)
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-l', '-q', String(qos)])
    // irregular pieces, each written after the previous one was taken: lines end mid-read
    for (let at = 0, n = 1; at < input.length; at += n, n = (n * 7919) % 9973) {
      const piece = input.subarray(at, at + n)
      if (!p.child.stdin?.write(piece)) await new Promise((resolve) => p.child.stdin?.once('drain', resolve))
    }
    p.child.stdin?.end()
    const r = await p.done
    expect([r.code, r.stderr]).toEqual([0, ''])
    // mosquitto_sub prints nothing for the empty message
    expect((await sub.done).stdout === `${lines.filter((l) => l !== '').join('\n')}\n`).toBe(true)
  })

  it('Ctrl-C stops reading, reports what was not sent, exits 130', async () => {
    const topic = uniq('lines/int')
    const sub = await receiver(topic, 2, 1)
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1'])
    p.child.stdin?.write('one\ntwo\n')
    await sub.done // both lines arrived: the stream is open and idle
    p.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/^mqtx: interrupted: 2 messages sent and acknowledged, 0 unacknowledged, 0 read but not sent/m)
  })

  it('SIGTERM stops the same way, disconnects cleanly, exits 143', async () => {
    const topic = uniq('lines/term')
    const sub = await receiver(topic, 2, 1)
    const id = `pub-term-${process.pid}`
    const p = startMqtx(['pub', '-p', port, '-i', id, '-t', topic, '-l', '-q', '1'])
    p.child.stdin?.write('one\ntwo\n')
    await sub.done
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/^mqtx: terminated: 2 messages sent and acknowledged, 0 unacknowledged, 0 read but not sent/m)
    // a DISCONNECT, not a dropped socket (mosquitto says "disconnected", not "closed its connection")
    await broker.waitForLog(new RegExp(`Client ${id} disconnected`))
  })

  it('a bad hex line stops with exit 2 naming the line, after the earlier lines are delivered', async () => {
    const topic = uniq('lines/badhex')
    const sub = await receiver(topic, 1, 1)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1', '--encoding', 'hex'], { input: '0a0b\nzz\n0c\n' })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('mqtx: line 2 is not valid hex (pairs of 0-9a-f).\n')
    expect((await sub.done).stdoutBytes.equals(Buffer.from([0x0a, 0x0b, 0x0a]))).toBe(true)
  })
})

describe.skipIf(!mosquittoReady)('mqtx pub: rejected and undelivered messages', () => {
  let acl: Broker
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mqtx-acl-')), 'acl')
    writeFileSync(file, 'topic readwrite open/#\n')
    acl = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true', `acl_file ${file}`] }] })
  })
  afterAll(async () => {
    await acl?.stop()
  })

  it('v5: a publish the broker refuses (not authorized) exits 1 and says so', async () => {
    const r = await mqtx(['pub', '-p', String(acl.port), '-t', 'secret/x', '-m', 'no', '-q', '1'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: the broker rejected the message: not authorized \(reason code 0x87\)\.\nhint: /)
  })

  it('-l counts the rejected lines and exits 1; "no matching subscribers" is success', async () => {
    const ok = await mqtx(['pub', '-p', String(acl.port), '-t', 'open/nobody', '-l', '-q', '1'], { input: 'a\nb\n' })
    expect([ok.code, ok.stderr]).toEqual([0, ''])
    const r = await mqtx(['pub', '-p', String(acl.port), '-t', 'secret/y', '-l', '-q', '1'], { input: 'a\nb\nc\n' })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: 3 of 3 messages were rejected by the broker; the first: the broker rejected the message: not authorized/)
  })
})

describe('pub -l over WebSocket (mqtx broker --ws-port)', () => {
  it('QoS 0: paced by the stream, every line arrives in order, nothing on stderr (no pile of drain listeners)', async () => {
    const ws = await startMqtxBroker(['--ws-port', '0'])
    try {
      const total = 20_000
      const id = `wsl-${process.pid}`
      const sub = start('mosquitto_sub', ['-p', String(ws.port), '-i', id, '-t', 'wsl/t', '-C', String(total)], { timeoutMs: 60_000 })
      await waitForMqtxSubscription(ws, id, 'wsl/t')
      // short lines: many frames per stream write (the warning came with them, not with 100-byte ones)
      const lines = Array.from({ length: total }, (_, i) => String(i + 1))
      const r = await mqtx(['pub', '--ws', '-h', '127.0.0.1', '-p', String(ws.portOf('ws')), '-t', 'wsl/t', '-l'], { input: `${lines.join('\n')}\n`, timeoutMs: 60_000 })
      // Node's MaxListenersExceededWarning came on stderr when thousands of publishes waited for 'drain'
      expect([r.code, r.stderr]).toEqual([0, ''])
      expect((await sub.done).stdout).toBe(`${lines.join('\n')}\n`)
    } finally {
      await ws.stop()
    }
  }, 90_000)
})
