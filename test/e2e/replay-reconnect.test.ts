/**
 * replay across a broker that dies: kill -9 and restart mid-replay, every message arrives at an
 * independent mosquitto_sub; --reconnect-timeout 0 gives up at once. Waits on log lines, the
 * subscriber's output and the kernel's socket queues, never on sleeps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, type Broker } from '../helpers/broker.js'
import { startMqtx, type Running } from '../helpers/run.js'
import { persistentReceiver, RESTARTABLE } from '../helpers/restart.js'
import { unreadBytes, until } from '../helpers/socket-queue.js'
import { hasTmux, startPane } from '../helpers/tmux.js'

let broker: Broker
let port: string
const dir = mkdtempSync(join(tmpdir(), 'mqtx-replay-rc-'))
beforeAll(async () => {
  if (!mosquittoReady) return
  broker = await startMosquitto(RESTARTABLE)
  port = String(broker.port)
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`

/** A recording of `count` messages numbered from 1, `gapMs` apart, at `qos` (`pad`: that many spaces after the number). */
function recording(topic: string, count: number, gapMs: number, qos: 0 | 1 | 2, pad = 0): string {
  const file = join(dir, `${++seq}.ndjson`)
  const t0 = Date.parse('2026-01-01T00:00:00.000Z')
  writeFileSync(file, Array.from({ length: count }, (_, i) => JSON.stringify({ time: new Date(t0 + i * gapMs).toISOString(), topic, qos, payload: String(i + 1) + ' '.repeat(pad) })).join('\n') + '\n')
  return file
}

/** An independent mosquitto_sub with a persistent session, saved by the broker before we go on. */
const receiver = (topic: string): Promise<Running> => persistentReceiver(broker, topic, `rprx-${process.pid}-${++seq}`)

describe.skipIf(!mosquittoReady)('mqtx replay after a lost connection', () => {
  it('QoS 1: the broker killed -9 and restarted mid-replay, every message arrives; the unconfirmed ones are resent', async () => {
    const topic = uniq('replay/restart')
    const total = 6000
    // 1 ms apart at --speed 2: ~3 s of replay, time enough to freeze the broker in the middle
    const file = recording(topic, total, 1, 1)
    const sub = await receiver(topic)
    const p = startMqtx(['replay', file, '-p', port, '--speed', '2', '-i', `rprc-${process.pid}`], { timeoutMs: 120_000 })
    await sub.waitFor(/(^|\n)1000\n/, 'stdout')
    // frozen, the broker reads nothing more: what replay writes now is in flight at the kill
    process.kill(broker.pid, 'SIGSTOP')
    await until(() => unreadBytes(broker.port) > 0, 'replay to write to the frozen broker')
    process.kill(broker.pid, 'SIGKILL')
    await broker.restart()
    const r = await p.done
    await sub.waitFor(new RegExp(`(^|\\n)${total}\\n`), 'stdout', 60_000)
    const got = new Set(sub.stdout().split('\n').filter((l) => l !== ''))
    sub.child.kill('SIGTERM')
    expect(r.code, r.stderr).toBe(0)
    expect(Array.from({ length: total }, (_, i) => String(i + 1)).filter((l) => !got.has(l))).toEqual([])
    expect(r.stderr).toMatch(/^mqtx: connection lost after [\d,]+ messages were sent \([\d,]+ confirmed\); reconnecting \(every 0\.5 s, backing off to 30 s\)$/m)
    const resent = Number(/^mqtx: reconnected \((?:session kept|new session)\); resending (\d+) unconfirmed messages?$/m.exec(r.stderr)?.[1])
    expect(resent).toBeGreaterThan(0)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: replayed 6,000 messages in [\\d.]+ s \\([\\d,]+ msg/s\\); the connection was lost once, ${resent} messages? (was|were) resent \\((it|each) may have arrived twice\\)$`, 'm'))
    expect(r.stderr).not.toMatch(/Error|    at /)
  }, 150_000)

  it('over WebSocket, QoS 0: a write racing the close ("WebSocket is not open") is the lost connection, not a refused message', async () => {
    const topic = uniq('replay/ws')
    // its own broker, its second listener a WebSocket one
    const ws = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true'] }, { lines: ['protocol websockets', 'allow_anonymous true'] }] })
    const wsPort = ws.ports[1] as number
    try {
      // 15 MB at --speed max: megabytes wait in the kernel and in replay's stream when the broker freezes
      // (at its first PUBLISH: its CONNACK is out)
      const file = recording(topic, 15_000, 0, 0, 1000)
      const p = startMqtx(['replay', file, '-p', String(wsPort), '--ws', '--speed', 'max', '-i', `rpws-${process.pid}`], { timeoutMs: 120_000 })
      await ws.waitForLog(new RegExp(`Received PUBLISH from rpws-${process.pid}`))
      process.kill(ws.pid, 'SIGSTOP')
      // the kernel's queue stops growing once replay holds the rest in its own stream, writes pending
      let last = -1
      let same = 0
      await until(() => {
        const now = unreadBytes(wsPort)
        same = now > 0 && now === last ? same + 1 : 0
        last = now
        return same >= 5
      }, 'replay to fill the frozen broker\'s queue')
      process.kill(ws.pid, 'SIGKILL')
      await ws.restart()
      const r = await p.done
      expect(r.stderr).not.toMatch(/could not be sent|WebSocket is not open/)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toMatch(/^mqtx: reconnected \(new session\); nothing to resend$/m)
      expect(r.stderr).toMatch(/^mqtx: replayed 15,000 messages in .*; the connection was lost once, nothing was resent \(QoS 0: messages written just before a loss may not have arrived\)$/m)
    } finally {
      await ws.stop()
    }
  }, 150_000)

  it('Ctrl-C while offline with nothing unconfirmed: exit 130 at once, without waiting for a reconnect', async () => {
    const topic = uniq('replay/offline-int')
    // QoS 0, the second message a minute away: the loss comes while replay waits for it
    const file = recording(topic, 2, 60_000, 0)
    const id = `rpoi-${process.pid}`
    const p = startMqtx(['replay', file, '-p', port, '-i', id], { timeoutMs: 60_000 })
    await broker.waitForLog(new RegExp(`Received PUBLISH from ${id}`))
    await broker.stop()
    await p.waitFor(/reconnecting \(every 0\.5 s/, 'stderr')
    // the first retry is 0.5 s after the loss: the broker is back well before it, and before the 2 s grace
    p.kill('SIGINT')
    await broker.restart()
    const r = await p.done
    expect(r.code, r.stderr).toBe(130)
    expect(r.stderr).not.toMatch(/reconnected/)
    expect(r.stderr).toMatch(/^mqtx: interrupted: 1 message sent \(1 confirmed, 0 unconfirmed\)$/m)
  }, 60_000)

  it('--reconnect-timeout 0: a lost connection ends the replay, exit 1, with the counts', async () => {
    const topic = uniq('replay/giveup')
    // the second message is a minute away: the loss comes while replay waits for it
    const file = recording(topic, 2, 60_000, 1)
    const id = `rpgu-${process.pid}`
    const p = startMqtx(['replay', file, '-p', port, '-i', id, '--reconnect-timeout', '0'], { timeoutMs: 60_000 })
    await broker.waitForLog(new RegExp(`Sending PUBACK to ${id}`))
    await broker.restart()
    const r = await p.done
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('mqtx: connection lost after 1 message was sent (1 confirmed).\nhint: check the broker log; --reconnect-timeout makes replay reconnect and resend\n')
  }, 60_000)
})

describe.skipIf(!mosquittoReady || !hasTmux)('mqtx replay on a terminal, offline', () => {
  it('the progress line says the connection is lost at once, with the counts of that moment, and goes on after the reconnect', async () => {
    const topic = uniq('replay/line')
    // 60 messages 100 ms apart: 6 s at 1x, the broker goes away after the first ones
    const file = recording(topic, 60, 100, 1)
    const pane = startPane(['replay', file, '-p', port, '--reconnect-timeout', '60', '-i', `rpline-${process.pid}`], { columns: 120, rows: 12 })
    try {
      await pane.waitFor(/replaying: [1-9]\d* of 60 sent/)
      process.kill(broker.pid, 'SIGKILL')
      const offline = await pane.waitFor(/replaying: .*; connection lost, reconnecting/)
      // the line's count is the loss message's count (not a draw from up to 250 ms before)
      const lost = /connection lost after (\d+) messages? (?:was|were) sent/.exec(offline)
      const line = /replaying: (\d+) of 60 sent.*; connection lost, reconnecting/.exec(offline)
      expect(lost?.[1], offline).toBe(line?.[1])
      await broker.restart()
      const end = await pane.waitFor(/\[exit \d+\]/, 30_000)
      expect(end).toMatch(/replayed 60 messages/)
      expect(end).toContain('[exit 0]')
    } finally {
      pane.kill()
    }
  })
})
