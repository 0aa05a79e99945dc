/**
 * Plain MQTT sent to a TLS port: the broker hangs up without a word (mosquitto resets, Node's TLS
 * server closes), so mqtx probes the port with a TLS handshake and says what it found.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { startMqtxBroker, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx } from '../helpers/run.js'

let certs: TestCerts
let mosquitto: Broker | undefined
let aedes: MqtxBroker
let hangUp: net.Server

const tlsHint = (port: number) =>
  `hint: connect with TLS: --cafile ca.crt (the CA that signed its certificate) or an mqtts://127.0.0.1:${port}/… URL (-L); plain MQTT is usually on 1883\n`

beforeAll(async () => {
  certs = makeTestCerts()
  aedes = await startMqtxBroker(['--cert', certs.server, '--key', certs.serverKey, '--tls-port', '0'])
  if (mosquittoReady) mosquitto = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true', `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] }] })
  // not TLS, not MQTT: accepts and hangs up at once
  hangUp = net.createServer((s) => s.destroy())
  await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve))
})
afterAll(async () => {
  await aedes?.stop()
  await mosquitto?.stop()
  hangUp?.close()
})

describe('plain MQTT to a TLS port', () => {
  it('mqtx broker --cert: says the port looks like TLS and how to connect (exit 1)', async () => {
    const port = aedes.portOf('mqtts')
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr: `mqtx: mqtt://127.0.0.1:${port} looks like a TLS port: it hung up on plain MQTT and answers a TLS handshake.\n${tlsHint(port)}`,
    })
  })

  it.skipIf(!mosquittoReady)('mosquitto TLS listener, -V 311 (no fallback): the same', async () => {
    const port = mosquitto?.port ?? 0
    const r = await mqtx(['sub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-V', '311'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({
      code: 1,
      stderr: `mqtx: mqtt://127.0.0.1:${port} looks like a TLS port: it hung up on plain MQTT and answers a TLS handshake.\n${tlsHint(port)}`,
    })
  })

  it('a port that hangs up but does not speak TLS keeps the plain explanation', async () => {
    const port = (hangUp.address() as net.AddressInfo).port
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', String(port), '-t', 't', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).not.toContain('TLS')
  })
})
