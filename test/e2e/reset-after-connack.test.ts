/**
 * A broker that resets the connection after accepting it (seen with TLS brokers under load): MQTT.js
 * re-emits the socket's ECONNRESET on its client, which crashed mqtx with an unhandled 'error' and a
 * stack trace. Now: QoS 0 (already written) is done; QoS 1 reconnects, resends, and gives up when the
 * broker resets again before confirming anything (exit 1).
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mqtx } from '../helpers/run.js'

let server: net.Server
let port = 0

beforeAll(async () => {
  // CONNACK (v5, accepted) for the CONNECT; a TCP reset for whatever comes next
  server = net.createServer((s) => {
    let packets = 0
    s.on('error', () => {})
    s.on('data', () => {
      if (++packets === 1) s.write(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00]))
      else s.resetAndDestroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
afterAll(() => {
  server?.close()
})

describe('the broker resets the connection after CONNACK', () => {
  it('QoS 0: the message was written; exit 0, nothing on stderr', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
  })

  it('QoS 1: reconnects once, resends, and stops when the broker resets again: exit 1, no stack trace', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x', '-q', '1'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr:
        'mqtx: connection lost after 0 of 1 messages confirmed; reconnecting (every 0.5 s, backing off to 30 s)\n' +
        'mqtx: connection lost after 0 of 1 messages confirmed: the broker closed the connection again right after the unconfirmed messages were resent.\n' +
        'hint: the broker probably refuses the message (maximum packet size, ACL, QoS, retain); check its log\n',
    })
  })

  it('QoS 1 with --reconnect-timeout 0: one line and exit 1', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x', '-q', '1', '--reconnect-timeout', '0'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr: 'mqtx: connection lost after 0 of 1 messages confirmed.\nhint: check the broker log; --reconnect-timeout makes pub reconnect and resend\n',
    })
  })
})
