import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { mqtx } from '../helpers/run.js'
import type { BenchResult } from '../../src/bench/result.js'

let broker: Broker
let certs: TestCerts
beforeAll(async () => {
  certs = makeTestCerts()
  broker = await startMosquitto({ listeners: [{ lines: ['allow_anonymous true', `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] }] })
})
afterAll(async () => {
  await broker?.stop()
})

describe('mqtx bench over TLS', () => {
  it('connects through MQTT.js, then runs the raw data path on the TLS socket', async () => {
    const r = await mqtx(['bench', 'pubsub', '-h', 'localhost', '-p', String(broker.port), '--cafile', certs.ca, '-q', '1', '--count', '300', '--rate', '3000', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as BenchResult
    expect(res.environment.transport).toBe('tls')
    expect(res.totals).toMatchObject({ sent: 300, acked: 300, received: 300, lost: 0 })
  })

  it('bench conn takes the MQTT.js path for TLS', async () => {
    const r = await mqtx(['bench', 'conn', '-h', 'localhost', '-p', String(broker.port), '--cafile', certs.ca, '--connections', '10', '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as BenchResult).connections).toMatchObject({ connected: 10, path: 'mqtt.js' })
  })
})
