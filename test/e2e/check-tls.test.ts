import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { startMqtxBroker, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx } from '../helpers/run.js'

interface Probe {
  name: string
  status: string
  detail: string
  data?: Record<string, unknown>
}

let certs: TestCerts
beforeAll(() => {
  certs = makeTestCerts()
})

const tlsProbe = (stdout: string) => (JSON.parse(stdout) as { probes: Probe[] }).probes.find((p) => p.name === 'tls')

describe('mqtx check: TLS details', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true', `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] }] })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('reports protocol, cipher, certificate names, issuer and expiry (mosquitto)', async () => {
    const r = await mqtx(['check', '-h', 'localhost', '-p', String(broker.port), '--cafile', certs.ca, '--json', '--only', 'tls,qos1'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    const p = tlsProbe(r.stdout)
    expect(p?.status).toBe('pass')
    expect(p?.data).toMatchObject({ protocol: 'TLSv1.3', subject: 'localhost', altNames: ['localhost', '127.0.0.1', '0:0:0:0:0:0:0:1'], issuer: 'mqtx test CA', authorized: true })
    expect(p?.data?.daysLeft).toBeGreaterThanOrEqual(28)
    expect(p?.data?.daysLeft).toBeLessThanOrEqual(30)
    expect(p?.detail).toMatch(/^TLSv1\.3, TLS_\w+; certificate for localhost, 127\.0\.0\.1, 0:0:0:0:0:0:0:1 from mqtx test CA; expires \d{4}-\d\d-\d\d \(in \d+ days\)$/)
  })

  it('reports the same against mqtx broker --cert/--key', async () => {
    const b: MqtxBroker = await startMqtxBroker(['--tls-port', '0', '--cert', certs.server, '--key', certs.serverKey])
    try {
      const r = await mqtx(['check', '-h', 'localhost', '-p', String(b.portOf('mqtts')), '--cafile', certs.ca, '--json', '--only', 'connect-v311,tls'])
      expect(r.code).toBe(0)
      expect(tlsProbe(r.stdout)).toMatchObject({ status: 'pass', data: { subject: 'localhost', issuer: 'mqtx test CA' } })
    } finally {
      await b.stop()
    }
  })
})

describe('mqtx check --max-time', () => {
  it('bounds the whole run: what did not finish is a failure (exit 1)', async () => {
    const b = await startMqtxBroker()
    try {
      const r = await mqtx(['check', '-p', String(b.port), '--json', '--only', 'qos0,qos1,qos2,retained,will', '--max-time', '0.001'])
      expect(r.code).toBe(1)
      const report = JSON.parse(r.stdout) as { ok: boolean; probes: Probe[] }
      expect(report.ok).toBe(false)
      expect(report.probes.map((p) => p.name)).toEqual(['qos0', 'qos1', 'qos2', 'retained', 'will'])
      expect(report.probes.some((p) => /--max-time|timed out/.test(p.detail))).toBe(true)
      // the connection the probes need could not even be made in 1 ms (the usual case), or a probe ran out of time
      expect(r.stderr).toMatch(/^mqtx: (check failed: |no probe could run without a connection: timed out after 0\.001 s)/)
    } finally {
      await b.stop()
    }
  })
})
