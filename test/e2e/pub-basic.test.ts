import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, start } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

/** Start mosquitto_sub as the independent receiver and wait until the broker has subscribed it. */
async function receiver(topic: string, count: number, extra: string[] = []) {
  const id = `rx-${Math.random().toString(16).slice(2)}`
  const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', topic, '-C', String(count), ...extra])
  await waitForSubscription(broker, id)
  return sub
}

describe('mqtx pub basics', () => {
  it('publishes -m and mosquitto_sub receives it', async () => {
    const sub = await receiver('home/temperature', 1, ['-v'])
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'home/temperature', '-m', '25.5'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('')
    expect((await sub.done).stdout).toBe('home/temperature 25.5\n')
  })
})
