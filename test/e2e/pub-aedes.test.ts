/**
 * mqtx pub against the in-process aedes fallback broker: runs everywhere, with or without mosquitto,
 * so the core publish paths are tested even where the mosquitto-based files skip.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAedes, type Broker } from '../helpers/broker.js'
import { mqtx } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  broker = await startAedes()
})
afterAll(async () => {
  await broker?.stop()
})

describe('mqtx pub against aedes (in process)', () => {
  it('-m with -i reaches the broker', async () => {
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'aedes/a', '-m', 'hello', '-i', 'aedes-pub-1', '-q', '1'])
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', ''])
    await broker.waitForLog(/Received PUBLISH from aedes-pub-1 \(q1, r0, 'aedes\/a', \.\.\. \(5 bytes\)\)/)
  })

  it('-l at QoS 1 delivers every line and waits for every PUBACK', async () => {
    const input = `${Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n')}\n`
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'aedes/l', '-l', '-q', '1', '-i', 'aedes-pub-2'], { input })
    expect([r.code, r.stderr]).toEqual([0, ''])
    const count = broker.log().split('\n').filter((l) => l.startsWith("Received PUBLISH from aedes-pub-2 (q1, r0, 'aedes/l'")).length
    expect(count).toBe(2000)
  })
})
