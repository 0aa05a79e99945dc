/**
 * pub across a broker that dies (issue 12): kill -9 and restart mid-stream, every line arrives at an
 * independent mosquitto_sub; the give-up path; QoS 0 accounting. Waits on log lines, the subscriber's
 * output and the kernel's socket queues, never on sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, type Broker } from '../helpers/broker.js'
import { startMqtx, type Running } from '../helpers/run.js'
import { persistentReceiver, RESTARTABLE } from '../helpers/restart.js'
import { unreadBytes, until } from '../helpers/socket-queue.js'

let broker: Broker
let port: string
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
const numbered = (from: number, to: number) => `${Array.from({ length: to - from + 1 }, (_, i) => String(from + i)).join('\n')}\n`

/** An independent mosquitto_sub with a persistent session, saved by the broker before we go on. */
const receiver = (topic: string): Promise<Running> => persistentReceiver(broker, topic, `rrx-${process.pid}-${++seq}`)

/** kill -9 the broker (its in-flight state in memory is gone) and start it again on the same port. */
async function killAndRestart(): Promise<void> {
  process.kill(broker.pid, 'SIGKILL')
  await broker.restart()
}

describe.skipIf(!mosquittoReady)('mqtx pub after a lost connection', () => {
  // (not QoS 2 with -c: a broker killed -9 comes back with the session of its last autosave, whose
  // QoS 2 state no longer matches what it had acknowledged; see NOTES.md)
  it.each([
    ['1', ['-c']],
    ['1', []],
    ['2', []],
  ])('pub -l -q %s %j: the broker killed -9 and restarted mid-stream, every line arrives; the unconfirmed ones are resent', async (qos, clean) => {
    const topic = uniq('restart/lines')
    const sub = await receiver(topic)
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-l', '-q', qos, ...clean, '-i', `rtx-${process.pid}-${++seq}`], { timeoutMs: 120_000 })
    p.child.stdin?.write(numbered(1, 5000))
    await sub.waitFor(/(^|\n)5000\n/, 'stdout')
    // frozen, the broker reads nothing more: what pub writes now cannot be acknowledged, and is in flight at the kill
    process.kill(broker.pid, 'SIGSTOP')
    p.child.stdin?.end(numbered(5001, 20_000))
    await until(() => unreadBytes(broker.port) > 0, 'pub to write to the frozen broker')
    await killAndRestart()
    const r = await p.done
    await sub.waitFor(/(^|\n)20000\n/, 'stdout', 60_000)
    const got = sub.stdout().split('\n').filter((l) => l !== '')
    sub.child.kill('SIGTERM')
    const distinct = new Set(got)
    expect(r.code).toBe(0)
    expect(Array.from({ length: 20_000 }, (_, i) => String(i + 1)).filter((l) => !distinct.has(l))).toEqual([])
    expect(r.stderr).toMatch(/^mqtx: connection lost after \d+ of \d+ lines confirmed; reconnecting \(every 0\.5 s, backing off to 30 s\)$/m)
    const resent = Number(/^mqtx: reconnected \((?:session kept|new session)\); resending (\d+) unconfirmed messages?$/m.exec(r.stderr)?.[1])
    expect(resent).toBeGreaterThan(0)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: 20000 of 20000 lines confirmed; the connection was lost once; ${resent} messages? (was|were) resent${qos === '1' ? ' \\((it|each) may have arrived twice\\)' : ''}$`, 'm'))
    expect(r.stderr).not.toMatch(/Error|    at /)
  }, 150_000)

  it('pub -m --repeat -q 1: a restart between two messages, both arrive', async () => {
    const topic = uniq('restart/repeat')
    const sub = await receiver(topic)
    const id = `rrep-${process.pid}`
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-m', 'again', '-q', '1', '--repeat', '3', '--repeat-delay', '0.2', '-i', id], { timeoutMs: 60_000 })
    await broker.waitForLog(new RegExp(`Sending PUBACK to ${id}`))
    await killAndRestart()
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: connection lost after [12] of 3 messages confirmed; reconnecting/m)
    expect(r.stderr).toMatch(/^mqtx: reconnected/m)
    await sub.waitFor(/^(again\n){3}/, 'stdout')
    sub.child.kill('SIGTERM')
  }, 60_000)

  it('pub -l -q 1 with idle input: two restarts in a row, it reconnects both times and says nothing was resent', async () => {
    const id = `ridle-${process.pid}`
    const p = startMqtx(['pub', '-p', port, '-t', uniq('restart/idle'), '-l', '-q', '1', '-i', id], { timeoutMs: 60_000 })
    p.child.stdin?.write('1\n')
    await broker.waitForLog(new RegExp(`Sending PUBACK to ${id}`))
    // SIGTERM, not -9: the PUBACK it logged still reaches pub, so nothing is unconfirmed at the loss
    await broker.restart()
    await p.waitFor(/^mqtx: reconnected/m)
    // nothing was resent at the first reconnect: this loss is not "the broker refuses what was resent"
    await broker.restart()
    await p.waitFor(/^mqtx: reconnected[^]*^mqtx: reconnected/m)
    p.child.stdin?.end('2\n')
    const r = await p.done
    expect(r.stderr.match(/^mqtx: reconnected \(new session\); nothing to resend$/gm)).toHaveLength(2)
    expect(r.stderr).toMatch(/^mqtx: 2 of 2 lines confirmed; the connection was lost twice; nothing was resent$/m)
    expect(r.code).toBe(0)
  }, 60_000)

  it('pub -l -q 1 idle after a reconnect for longer than --reconnect-timeout: carries on', async () => {
    const id = `ridle2-${process.pid}`
    const p = startMqtx(['pub', '-p', port, '-t', uniq('restart/idle2'), '-l', '-q', '1', '-i', id, '--reconnect-timeout', '5'], { timeoutMs: 60_000 })
    p.child.stdin?.write('1\n')
    await broker.waitForLog(new RegExp(`Sending PUBACK to ${id}`))
    await broker.restart()
    await p.waitFor(/^mqtx: reconnected/m)
    // six autosaves (autosave_interval 1) later, more than --reconnect-timeout has passed since the loss
    // (5 s: room for a slow restart, retried 0.5, 1.5 and 3.5 s after the loss)
    const saves = (broker.log().match(/Saving in-memory database/g) ?? []).length
    await broker.waitForLog(new RegExp(`(Saving in-memory database[^]*){${saves + 6}}`), 30_000)
    p.child.stdin?.end('2\n')
    const r = await p.done
    expect(r.stderr).toMatch(/^mqtx: 2 of 2 lines confirmed; the connection was lost once; nothing was resent$/m)
    expect(r.code).toBe(0)
  }, 60_000)

  it('pub -m --repeat -q 1: a loss during --repeat-delay resends nothing, and the end says the connection was lost', async () => {
    const p = startMqtx(['pub', '-p', port, '-t', uniq('restart/delay'), '-m', 'x', '-q', '1', '--repeat', '2', '--repeat-delay', '5', '-d'], { timeoutMs: 60_000 })
    // confirmed: nothing is in flight until the delay is over
    await p.waitFor(/^debug: received PUBACK/m)
    await killAndRestart()
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: connection lost after 1 of 2 messages confirmed; reconnecting/m)
    expect(r.stderr).toMatch(/^mqtx: reconnected \(new session\); nothing to resend$/m)
    expect(r.stderr).toMatch(/^mqtx: 2 of 2 messages confirmed; the connection was lost once; nothing was resent$/m)
  }, 60_000)

  it('gives up after --reconnect-timeout: "connection lost after N of M lines confirmed", exit 1, no stack', async () => {
    const b = await startMosquitto()
    const p = startMqtx(['pub', '-p', String(b.port), '-t', 'lost/x', '-l', '-q', '1', '-i', 'lost-pub', '--reconnect-timeout', '1'])
    p.child.stdin?.write('one\n')
    await b.waitForLog(/Sending PUBACK to lost-pub/)
    // SIGTERM: the PUBACK it wrote still reaches pub before the end of the connection
    await b.stop()
    const r = await p.done
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'mqtx: connection lost after 1 of 1 lines confirmed; reconnecting (every 0.5 s, backing off to 30 s)\n' +
        'mqtx: connection lost after 1 of 1 lines confirmed.\n' +
        'hint: the broker did not take a new connection within --reconnect-timeout 1 s\n',
    )
  })

  it('--reconnect-timeout 0 gives up at once; QoS 0 says how many lines were written', async () => {
    const b = await startMosquitto()
    const p = startMqtx(['pub', '-p', String(b.port), '-t', 'lost/q0', '-l', '-i', 'lost-q0', '--reconnect-timeout', '0', '-d'])
    p.child.stdin?.write('one\ntwo\n')
    await b.waitForLog(/Received PUBLISH from lost-q0[^\n]*\n[^]*Received PUBLISH from lost-q0/)
    process.kill(b.pid, 'SIGKILL')
    await b.stop()
    const r = await p.done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: connection lost after 2 lines were written \(QoS 0: not confirmed\)\.\nhint: check the broker log; --reconnect-timeout makes pub reconnect and resend\n$/m)
  })

  it('pub -l -q 0: after a restart it carries on and says how many lines were written before the loss', async () => {
    const topic = uniq('restart/q0')
    const sub = await receiver(topic)
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '0', '-i', `rq0-${process.pid}`], { timeoutMs: 60_000 })
    p.child.stdin?.write(numbered(1, 100))
    await sub.waitFor(/(^|\n)100\n/, 'stdout')
    await killAndRestart()
    await p.waitFor(/^mqtx: reconnected/m)
    p.child.stdin?.end(numbered(101, 200))
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: connection lost after 100 lines were written \(QoS 0: not confirmed\); reconnecting/m)
    expect(r.stderr).toMatch(/^mqtx: 200 lines written; the connection was lost once \(QoS 0: lines written just before a loss may not have arrived\)$/m)
    await sub.waitFor(/(^|\n)200\n/, 'stdout')
    sub.child.kill('SIGTERM')
  }, 60_000)

  it('pub -l -q 0 waiting for a full socket when the connection goes: carries on after the restart', async () => {
    const id = `rfull-${process.pid}`
    const p = startMqtx(['pub', '-p', port, '-t', uniq('restart/full'), '-l', '-q', '0', '-i', id], { timeoutMs: 60_000 })
    const line = `${'x'.repeat(99)}\n`
    p.child.stdin?.write(line.repeat(1000))
    await broker.waitForLog(new RegExp(`Received PUBLISH from ${id}`))
    process.kill(broker.pid, 'SIGSTOP')
    // 30 MB: far more than the socket buffers hold; pub stops reading once it waits for room
    p.child.stdin?.write(line.repeat(300_000))
    await until(() => (p.child.stdin?.writableLength ?? 0) > 1_000_000, 'pub to stop reading its input', 30_000)
    await killAndRestart()
    p.child.stdin?.end(line.repeat(1000))
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: 302000 lines written; the connection was lost once \(QoS 0: lines written just before a loss may not have arrived\)$/m)
  }, 90_000)
})
