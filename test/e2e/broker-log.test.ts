/**
 * `mqtx broker -v`: connects (id, version, username), subscribes/unsubscribes, every PUBLISH in and
 * out with an escaped payload, disconnects with the reason — in the order they happened.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx, run, startMqtx } from '../helpers/run.js'

let broker: MqtxBroker
beforeAll(async () => {
  broker = await startMqtxBroker()
})
afterAll(async () => {
  await broker?.stop()
})

/** The broker's log lines (without "mqtx: ") from the first one matching `from` on. */
function linesFrom(from: RegExp): string[] {
  const lines = broker.proc.stderr().split('\n').map((l) => l.replace(/^mqtx: /, ''))
  const start = lines.findIndex((l) => from.test(l))
  return start < 0 ? [] : lines.slice(start).filter((l) => l !== '')
}

describe('mqtx broker -v', () => {
  it('logs a publish from connect to disconnect, in order, payload escaped', async () => {
    const sub = startMqtx(['sub', '-p', String(broker.port), '-i', 'log-s', '-t', 'log/#', '-q', '1', '-C', '1'])
    await waitForMqtxSubscription(broker, 'log-s', 'log/#')
    const r = await mqtx(['pub', '-p', String(broker.port), '-i', 'log-p', '-u', 'alice', '-t', 'log/x', '-m', 'hi\u001b[31mred', '-q', '1', '-r'])
    expect(r.code).toBe(0)
    expect((await sub.done).code).toBe(0)
    await broker.waitForLog(/client 'log-s' disconnected/)
    await broker.waitForLog(/client 'log-p' disconnected/)
    const port = String.raw`127\.0\.0\.1:\d+`
    const expected = [
      new RegExp(`^client 'log-s' connected from ${port} \\(MQTT 5, no username, clean session\\)$`),
      /^client 'log-s' subscribed to 'log\/#' \(QoS 1\)$/,
      new RegExp(`^client 'log-p' connected from ${port} \\(MQTT 5, username 'alice', clean session\\)$`),
      /^client 'log-p' published 'log\/x' \(QoS 1, retained, 10 bytes\): 'hi\\e\[31mred'$/,
      // live delivery clears the retain flag (no retain-as-published)
      /^sending 'log\/x' \(QoS 1, 10 bytes\): 'hi\\e\[31mred' to client 'log-s'$/,
    ]
    const lines = linesFrom(/^client 'log-s' connected/).filter((l) => /'log-[sp]'/.test(l))
    expect(lines).toHaveLength(expected.length + 2)
    lines.slice(0, expected.length).forEach((line, i) => expect(line).toMatch(expected[i] as RegExp))
    // the two clients end on their own, in either order
    expect(lines.slice(expected.length).sort()).toEqual(["client 'log-p' disconnected (sent DISCONNECT)", "client 'log-s' disconnected (sent DISCONNECT)"])
    expect(broker.proc.stderr()).not.toContain('\u001b')
    await mqtx(['pub', '-p', String(broker.port), '-t', 'log/x', '-n', '-r'])
  })

  it('3.1.1 clients, binary payloads, a retained delivery, unsubscribes and a dropped connection', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mqtx-log-')), 'bin')
    writeFileSync(file, Buffer.from([0, 1, 2, 0xff]))
    expect((await run('mosquitto_pub', ['-V', '311', '-p', String(broker.port), '-i', 'log-b', '-t', 'log/r', '-q', '1', '-r', '-f', file])).code).toBe(0)
    await broker.waitForLog(/client 'log-b' disconnected/)
    expect(linesFrom(/^client 'log-b' connected/).filter((l) => l.includes("'log-b'")).map((l) => l.replace(/from [^ ]+ /, 'from ADDR '))).toEqual([
      "client 'log-b' connected from ADDR (MQTT 3.1.1, no username, clean session)",
      "client 'log-b' published 'log/r' (QoS 1, retained, 4 bytes): 0x000102ff (binary)",
      "client 'log-b' disconnected (sent DISCONNECT)",
    ])
    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, clientId: 'log-u', reconnectPeriod: 0 })
    const retained = new Promise<void>((resolve) => c.once('message', () => resolve()))
    await c.subscribeAsync('log/r')
    await retained
    await c.unsubscribeAsync('log/r')
    c.stream.destroy()
    await broker.waitForLog(/client 'log-u' disconnected/)
    expect(linesFrom(/^client 'log-u' connected/).filter((l) => l.includes("'log-u'")).slice(1)).toEqual([
      "client 'log-u' subscribed to 'log/r' (QoS 0)",
      "sending 'log/r' (QoS 0, retained, 4 bytes): 0x000102ff (binary) to client 'log-u'",
      "client 'log-u' unsubscribed from 'log/r'",
      "client 'log-u' disconnected (connection closed without DISCONNECT)",
    ])
    await mqtx(['pub', '-p', String(broker.port), '-t', 'log/r', '-n', '-r'])
  })

  it("says nothing alarming about mqtx's own connections (no refused protocol version)", () => {
    expect(broker.proc.stderr()).not.toMatch(/refused|unacceptable protocol version/)
  })
})
