/** mqtx rr against a responder that echoes correlation data (MQTT.js, in the test process). */
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mqtx, run, startMqtx } from '../helpers/run.js'

let broker: Broker
let responder: MqttClient
let v3responder: MqttClient
beforeAll(async () => {
  broker = await startMosquitto()
  responder = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5, clientId: 'responder', reconnectPeriod: 0 })
  responder.on('message', (topic, payload, packet) => {
    const { responseTopic, correlationData } = packet.properties ?? {}
    if (responseTopic === undefined) return
    const times = topic === 'svc/twice' ? 2 : 1
    // a stray message without our correlation data first: rr must ignore it
    if (topic === 'svc/stray') responder.publish(responseTopic, 'stray', { properties: { correlationData: Buffer.from('other') } })
    // a responder written for mosquitto_rr: answers on the response topic without correlation data
    if (topic === 'svc/naive') {
      responder.publish(responseTopic, Buffer.concat([Buffer.from('naive:'), payload]), { qos: 1 })
      return
    }
    if (topic === 'svc/raw') {
      responder.publish(responseTopic, payload, { qos: 1, properties: correlationData === undefined ? {} : { correlationData } })
      return
    }
    for (let i = 0; i < times; i++) {
      responder.publish(responseTopic, Buffer.concat([Buffer.from(`echo${i}:`), payload]), { qos: 1, properties: correlationData === undefined ? {} : { correlationData } })
    }
  })
  await responder.subscribeAsync('svc/#', { qos: 1 })
  // MQTT 3.1.1 has no response topic: this one answers v3svc/NAME on v3reply/NAME
  v3responder = await mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 4, clientId: 'v3responder', reconnectPeriod: 0 })
  v3responder.on('message', (topic, payload) => {
    v3responder.publish(`v3reply/${topic.split('/')[1] ?? ''}`, Buffer.concat([Buffer.from('v3echo:'), payload]), { qos: 1 })
  })
  await v3responder.subscribeAsync('v3svc/+', { qos: 1 })
})
afterAll(async () => {
  await v3responder?.endAsync()
  await responder?.endAsync()
  await broker?.stop()
})

const P = () => ['-p', String(broker.port)]

describe('mqtx rr', () => {
  it('publishes the request with response topic and correlation data and prints the response', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/1', '-m', 'ping', '-W', '20'])
    expect(r).toMatchObject({ code: 0, stdout: 'echo0:ping\n', stderr: '' })
  })

  it('-C 2 waits for two responses; sub output options apply (-v, --json, -F)', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/twice', '-e', 'replies/2', '-m', 'x', '-C', '2', '-v', '-W', '20'])
    expect(r).toMatchObject({ code: 0, stdout: 'replies/2 echo0:x\nreplies/2 echo1:x\n' })
    const j = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/3', '-n', '--json', '-q', '1', '-W', '20'])
    expect(j.code).toBe(0)
    const rec = JSON.parse(j.stdout) as { topic: string; payload: string; properties: { correlationData: string } }
    expect(rec.topic).toBe('replies/3')
    expect(rec.payload).toBe('echo0:')
    expect(rec.properties.correlationData).toMatch(/^[0-9a-f]{16}$/)
    const f = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/4', '-m', 'y', '-F', '%t=%p', '-W', '20'])
    expect(f.stdout).toBe('replies/4=echo0:y\n')
  })

  it('--encode the request, --decode and --select the response', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/raw', '-e', 'replies/codec', '--encode', 'cbor', '-m', '{"a":{"b":[1,2]}}', '--decode', 'cbor', '--select', 'a.b[1]', '-W', '20'])
    expect(r).toMatchObject({ code: 0, stdout: '2\n', stderr: '' })
    const j = await mqtx(['rr', ...P(), '-t', 'svc/raw', '-e', 'replies/codec2', '--encode', 'msgpack', '-m', '[true]', '--decode', 'msgpack', '--json', '-W', '20'])
    expect(JSON.parse(j.stdout)).toMatchObject({ codec: 'msgpack', decoded: [true], encoding: 'base64', payload: Buffer.from([0x91, 0xc3]).toString('base64') })
  })

  it('ignores responses without its correlation data', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/stray', '-e', 'replies/5', '-m', 'z', '-W', '20'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('echo0:z\n')
    expect(r.stderr).toMatch(/ignoring messages on 'replies\/5' that do not carry this request's correlation data/)
  })

  it('a response without any correlation data is taken, as mosquitto_rr takes it (a retained one on -e is not)', async () => {
    const args = [...P(), '-t', 'svc/naive', '-e', 'replies/naive', '-m', 'q', '-v', '-W', '20']
    const ref = await run('mosquitto_rr', args)
    const r = await mqtx(['rr', ...args])
    expect(ref).toMatchObject({ code: 0, stdout: 'replies/naive naive:q\n' })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(ref.stdout)
    expect(r.stderr).toContain("mqtx: warning: the response on 'replies/naive' carries no correlation data")
    // mosquitto_rr would print the retained message; it cannot be the answer to this request
    expect((await mqtx(['pub', ...P(), '-t', 'replies/naive', '-m', 'old', '-r'])).code).toBe(0)
    const retained = await mqtx(['rr', ...args])
    expect(retained).toMatchObject({ code: 0, stdout: 'replies/naive naive:q\n' })
    expect((await mqtx(['pub', ...P(), '-t', 'replies/naive', '-n', '-r'])).code).toBe(0)
  })

  it('the warning and the --debug lines escape a topic that could rewrite the terminal', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/stray', '-e', 'replies/\u202e8', '-m', 'z', '-W', '20', '--debug'])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain("mqtx: warning: ignoring messages on 'replies/\\u{202e}8' that do not carry")
    expect(r.stderr).toContain("received PUBLISH (q0, 'replies/\\u{202e}8', 5 bytes)")
    expect(r.stderr).not.toMatch(/[\u202a-\u202e\u0080-\u009f]/)
  })

  it('-W: exit 27 "Timed out" when nobody answers', async () => {
    const s = startMqtx(['rr', ...P(), '-i', 'rr-timeout', '-t', 'nobody/home', '-e', 'replies/6', '-m', 'x', '-W', '1'])
    await waitForSubscription(broker, 'rr-timeout')
    const r = await s.done
    expect(r.code).toBe(27)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe('mqtx: Timed out')
  })

  it.each([
    ['311', '3.1.1'],
    ['31', '3.1'],
  ])('-V %s (mosquitto 2.1): no properties, the next message on -e is the response, said once', async (v, name) => {
    const r = await mqtx(['rr', ...P(), '-V', v, '-t', `v3svc/${v}`, '-e', `v3reply/${v}`, '-m', 'hi', '-W', '20'])
    expect(r).toMatchObject({ code: 0, stdout: 'v3echo:hi\n' })
    expect(r.stderr).toBe(`mqtx: warning: MQTT ${name} has no response topic or correlation data: the request goes out without them and the next message on 'v3reply/${v}' is taken as the response\n`)
  })

  it('-V 311: a retained message on -e is not taken as the response (it cannot answer this request)', async () => {
    responder.publish('v3reply/stale', 'STALE', { retain: true, qos: 1 })
    await mqtx(['sub', ...P(), '-t', 'v3reply/stale', '-C', '1', '-W', '20']) // the retained message is in place
    const r = await mqtx(['rr', ...P(), '-V', '311', '-t', 'v3svc/stale', '-e', 'v3reply/stale', '-m', 'fresh', '-W', '20'])
    responder.publish('v3reply/stale', '', { retain: true, qos: 1 })
    expect(r).toMatchObject({ code: 0, stdout: 'v3echo:fresh\n' })
    expect(r.stderr).toContain("ignoring a message on 'v3reply/stale' that was retained: it cannot be the response")
  })

  it('--latency prints the time from request to response on stderr', async () => {
    const r = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/lat', '-m', 'x', '--latency', '-W', '20'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('echo0:x\n')
    expect(r.stderr).toMatch(/^mqtx: latency: \d+\.\d{3} ms\n$/)
  })

  it('--retain-handling never: a retained message on the response topic is not delivered', async () => {
    responder.publish('replies/rh', 'old', { retain: true, qos: 1 })
    await mqtx(['sub', ...P(), '-t', 'replies/rh', '-C', '1', '-W', '20']) // the retained message is in place
    const always = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/rh', '-m', 'a', '-W', '20'])
    expect(always.stderr).toContain("ignoring a message on 'replies/rh' that was retained")
    const never = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/rh', '-m', 'b', '--retain-handling', 'never', '-W', '20'])
    expect(never).toMatchObject({ code: 0, stdout: 'echo0:b\n', stderr: '' })
    responder.publish('replies/rh', '', { retain: true, qos: 1 })
  })

  it('-f FILE and -s (stdin) send the whole payload (fixed in mosquitto 2.1)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mqtx-rr-')), 'req')
    writeFileSync(file, 'from\nfile')
    const f = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/f', '-f', file, '-W', '20'])
    expect(f).toMatchObject({ code: 0, stdout: 'echo0:from\nfile\n' })
    const s = await mqtx(['rr', ...P(), '-t', 'svc/echo', '-e', 'replies/s', '-s', '-W', '20'], { input: 'from stdin' })
    expect(s).toMatchObject({ code: 0, stdout: 'echo0:from stdin\n' })
  })
})
