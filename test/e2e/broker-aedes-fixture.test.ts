import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAedes, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx } from '../helpers/run.js'

// The in-process fallback fixture must behave like startMosquitto for the plain-TCP tests.
let broker: Broker
beforeAll(async () => {
  broker = await startAedes()
})
afterAll(async () => {
  await broker?.stop()
})

describe('startAedes() fixture', () => {
  it('logs mosquitto-style lines, so waitForSubscription works; mqtx pub reaches a subscriber', async () => {
    const { default: mqtt } = await import('mqtt')
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, clientId: 'fixture-rx', reconnectPeriod: 0 })
    const got = new Promise<string>((resolve) => client.on('message', (topic, payload) => resolve(`${topic} ${payload.toString()}`)))
    void client.subscribeAsync('fixture/t')
    await waitForSubscription(broker, 'fixture-rx')
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'fixture/t', '-m', 'hello'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(await got).toBe('fixture/t hello')
    await client.endAsync()
    expect(broker.log()).toContain('Client fixture-rx disconnected.')
  })

  it('restart() listens again on the same port', async () => {
    await broker.restart()
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'fixture/t', '-m', 'again'])
    expect(r.code).toBe(0)
  })
})
