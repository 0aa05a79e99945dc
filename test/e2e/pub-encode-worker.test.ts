/**
 * pub -l --encode with the encoding on a worker thread (src/pub/encode-pool.ts): every line once and
 * in order (also across the switch from encoding on the main thread), the first line that does not
 * fit named by its number with the lines before it sent, and Ctrl-C's summary. MQTX_ENCODE_WORKER=on
 * uses the worker from the first line, so these tests do not depend on timing.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, ROOT, start, startMqtx } from '../helpers/run.js'

const PROTO = ['--proto', join(ROOT, 'test', 'fixtures', 'codecs', 'sensor.proto'), '--type', 'sensors.Reading']
const ON = { MQTX_ENCODE_WORKER: 'on' }

let broker: Broker
let port: string
beforeAll(async () => {
  if (!mosquittoReady) return
  // the broker must not drop what a slow subscriber has not taken yet
  broker = await startMosquitto({ global: ['max_queued_messages 0'] })
  port = String(broker.port)
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`
/** `{ "n": 1 }` … with spaces: --encode json sends each minified, so what arrives was encoded */
const jsonLines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `{ "n": ${from + i} }\n`).join('')
const minified = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `{"n":${from + i}}\n`).join('')

async function receiver(topic: string, count: number, qos: number) {
  const id = `ewrx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', port, '-i', id, '-t', topic, '-q', String(qos), '-C', String(count), '-W', '60'], { timeoutMs: 90_000 })
  await waitForSubscription(broker, id)
  return sub
}

describe.skipIf(!mosquittoReady)('pub -l --encode on a worker thread', () => {
  it.each([
    ['QoS 0, worker from the first line', 0, ON],
    ['QoS 1, worker from the first line', 1, ON],
    // ENCODE_WORKER_AFTER (10,000) lines encoded here, the rest on the worker once it is up (or here, if it is slow to start)
    ['QoS 1, switching to the worker on the way', 1, {}],
    // --debug: MQTT.js's publish path (a copy of each payload), not the frame writer
    ['QoS 1, --debug', 1, ON],
  ])('every line once and in order: %s', async (name, qos, env) => {
    const n = name.includes('switching') ? 15_000 : 5000
    const topic = uniq('ew/order')
    const sub = await receiver(topic, n, qos)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', String(qos), '--encode', 'json', ...(name.includes('debug') ? ['--debug'] : [])], { input: jsonLines(n), env })
    expect(r.code).toBe(0)
    if (name.includes('debug')) expect(r.stderr).toContain('-l --encode: encoding on a worker thread')
    else expect(r.stderr).toBe('')
    expect((await sub.done).stdout === minified(n)).toBe(true)
  })

  it('protobuf: the payloads decode to the lines sent', async () => {
    const topic = uniq('ew/pb')
    const n = 3000
    const id = `ewpb-${process.pid}`
    const sub = startMqtx(['sub', '-p', port, '-i', id, '-t', topic, '-q', '1', '-C', String(n), '--decode', 'protobuf', ...PROTO, '--select', 'device_id'])
    await waitForSubscription(broker, id)
    const input = Array.from({ length: n }, (_, i) => `{"device_id":"d${i + 1}","timestamp":"${1764160000000 + i}","battery":${i % 100}}\n`).join('')
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1', '--encode', 'protobuf', ...PROTO], { input, env: ON })
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect((await sub.done).stdout === Array.from({ length: n }, (_, i) => `d${i + 1}\n`).join('')).toBe(true)
  })

  it.each([
    ['a line the schema does not take', '{"device_id":"x","battery":"full"}', 'line 2500 does not fit --encode protobuf sensors.Reading: field battery of sensors.Reading: expected a number (int32), got "full"'],
    ['a line that is not JSON', '{"device_id":', 'line 2500 does not fit --encode protobuf sensors.Reading: the input is not JSON: '],
  ])('%s: exit 2 naming its line number; the lines before it are sent, none after', async (_name, badLine, message) => {
    const topic = uniq('ew/bad')
    const good = (from: number, n: number) => Array.from({ length: n }, (_, i) => `{"device_id":"d${from + i}"}\n`).join('')
    const input = `${good(1, 2499)}${badLine}\n${good(2501, 500)}`
    const id = `ewbad-${process.pid}-${++seq}`
    const sub = startMqtx(['sub', '-p', port, '-i', id, '-t', topic, '-q', '1', '--decode', 'protobuf', ...PROTO, '--select', 'device_id', '-C', '2500'])
    await waitForSubscription(broker, id)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1', '--encode', 'protobuf', ...PROTO], { input, env: ON })
    expect(r.code).toBe(2)
    expect(r.stderr.startsWith(`mqtx: ${message}`)).toBe(true)
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1)
    // a marker sent afterwards is the 2,500th message: nothing after the bad line was sent
    const marker = await mqtx(['pub', '-p', port, '-t', topic, '-q', '1', '--encode', 'protobuf', ...PROTO, '-m', '{"device_id":"end"}'])
    expect(marker.code).toBe(0)
    expect((await sub.done).stdout === `${Array.from({ length: 2499 }, (_, i) => `d${i + 1}\n`).join('')}end\n`).toBe(true)
  })

  it('Ctrl-C: the summary counts what was sent; the worker does not keep the process alive', async () => {
    const topic = uniq('ew/int')
    const sub = await receiver(topic, 1500, 1)
    const p = startMqtx(['pub', '-p', port, '-t', topic, '-l', '-q', '1', '--encode', 'json'], { env: ON })
    p.child.stdin?.write(jsonLines(1500))
    await sub.done // all arrived: the stream is open and idle
    p.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/^mqtx: interrupted: 1500 messages sent and acknowledged, 0 unacknowledged, 0 read but not sent/m)
  })
})
