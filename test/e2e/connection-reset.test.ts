/**
 * A broker that resets the connection (RST) where a real one may: an 'error' (ECONNRESET) after a
 * successful publish and DISCONNECT must not crash mqtx (it once did, an unhandled 'error' on the
 * socket: test/e2e/broker-tls.test.ts flaked with it), and a reset mid-command is a clean exit 1.
 */
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { mqtx } from '../helpers/run.js'

type Stage = 'disconnect' | 'subscribe' | 'publish'

/** A minimal MQTT 3.1.1 server on loopback: CONNACK, SUBACK, PUBACK; sends RST at `resetOn` (after `after` of them, on each connection). */
async function resettingBroker(resetOn: Stage, after = 0): Promise<{ port: number; close: () => Promise<void>; seen: Stage[] }> {
  const sockets = new Set<net.Socket>()
  const seen: Stage[] = []
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => {})
    let buf = Buffer.alloc(0)
    let count = 0
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      for (;;) {
        // fixed header: type, remaining length (variable byte integer)
        let len = 0
        let mul = 1
        let i = 1
        for (; i < buf.length; i++) {
          const b = buf[i] as number
          len += (b & 0x7f) * mul
          mul *= 128
          if ((b & 0x80) === 0) break
        }
        if (i >= buf.length || buf.length < i + 1 + len) return
        const header = buf[0] as number
        const type = header >> 4
        const body = buf.subarray(i + 1, i + 1 + len)
        buf = buf.subarray(i + 1 + len)
        const stage: Stage | undefined = type === 14 ? 'disconnect' : type === 8 ? 'subscribe' : type === 3 ? 'publish' : undefined
        if (stage !== undefined) seen.push(stage)
        if (stage === resetOn && count++ >= after) {
          s.resetAndDestroy()
          return
        }
        // CONNACK (v5 with an empty property length; the protocol level follows the "MQTT" name)
        if (type === 1) s.write(Buffer.from(body[6] === 5 ? [0x20, 0x03, 0x00, 0x00, 0x00] : [0x20, 0x02, 0x00, 0x00]))
        else if (type === 8) s.write(Buffer.from([0x90, 0x03, body[0] as number, body[1] as number, 0x00]))
        else if (type === 3 && ((header >> 1) & 3) > 0) {
          // (QoS 1 PUBACK: the id follows the topic)
          // bytes that are not MQTT (a TLS probe) would throw here, in the test process: hang up
          if (body.length < 2) return void s.destroy()
          const topicLen = body.readUInt16BE(0)
          s.write(Buffer.from([0x40, 0x02, body[2 + topicLen] as number, body[3 + topicLen] as number]))
        } else if (type === 12) s.write(Buffer.from([0xd0, 0x00]))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    seen,
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

let current: { close: () => Promise<void> } | undefined
afterEach(async () => {
  await current?.close()
  current = undefined
})

describe('a broker that resets the connection', () => {
  it('after a successful publish, at DISCONNECT: exit 0, nothing on stderr', async () => {
    const b = await resettingBroker('disconnect')
    current = b
    const r = await mqtx(['pub', '-V', '311', '-p', String(b.port), '-t', 'x', '-m', 'ok'])
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect(b.seen).toEqual(['publish', 'disconnect'])
  })

  it('rr: at SUBSCRIBE: exit 1 with one line, no stack', async () => {
    const b = await resettingBroker('subscribe')
    current = b
    const r = await mqtx(['rr', '-p', String(b.port), '-t', 'req', '-e', 'resp', '-m', 'q', '-W', '5'])
    expect([r.code, r.stderr]).toEqual([1, 'mqtx: the connection to the broker was lost before the response arrived.\n'])
  })

  it('pub -l: a broker that drops every connection after a few acknowledgements: give up after --reconnect-timeout, exit 1', async () => {
    const b = await resettingBroker('publish', 3)
    current = b
    const input = `${Array.from({ length: 200 }, (_, i) => String(i)).join('\n')}\n`
    const r = await mqtx(['pub', '-V', '311', '-p', String(b.port), '-t', 'x', '-l', '-q', '1', '-M', '10', '--reconnect-timeout', '2'], { input })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: reconnected \(new session\); resending 10 unconfirmed messages$/m)
    expect(r.stderr).toMatch(/\nmqtx: connection lost after \d+ of \d+ lines confirmed\.\nhint: the connection was lost \d+ times within --reconnect-timeout 2 s without becoming steady; check the broker log\n$/)
  })
})
