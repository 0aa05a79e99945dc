/**
 * `mqtx broker` speaks MQTT 5: rr, user properties, no-local through the real process; $share/… is
 * refused in the SUBACK (never silently empty) and mqtx says so; a CONNECT is bounded before login.
 */
import net from 'node:net'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx, startMqtx } from '../helpers/run.js'

let broker: MqtxBroker
beforeAll(async () => {
  broker = await startMqtxBroker()
})
afterAll(async () => {
  await broker?.stop()
})

const rid = () => Math.random().toString(16).slice(2, 10)
const v5 = (clientId: string) => mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5, clientId, reconnectPeriod: 0 })

describe('mqtx broker: MQTT 5 features end to end', () => {
  it('mqtx rr gets its response (response topic and correlation data carried both ways)', async () => {
    const responder = await v5(`responder-${rid()}`)
    try {
      responder.on('message', (_topic, payload, packet) => {
        const p = packet.properties
        if (p?.responseTopic !== undefined) void responder.publishAsync(p.responseTopic, `pong:${payload.toString()}`, { properties: { correlationData: p.correlationData } })
      })
      await responder.subscribeAsync('svc/req')
      const r = await mqtx(['rr', '-p', String(broker.port), '-t', 'svc/req', '-e', 'svc/resp', '-m', 'ping', '-W', '10'])
      expect(r).toMatchObject({ code: 0, stdout: 'pong:ping\n', stderr: '' })
    } finally {
      await responder.endAsync()
    }
  })

  it('user properties reach mqtx sub in order, a repeated name and non-ASCII kept', async () => {
    const id = `up-${rid()}`
    const sub = startMqtx(['sub', '-p', String(broker.port), '-i', id, '-t', 'up/t', '-C', '1', '-F', '%P|%p'])
    await waitForMqtxSubscription(broker, id, 'up/t')
    const r = await mqtx(['pub', '-p', String(broker.port), '-t', 'up/t', '-m', 'x', '--user-property', 'a=1', '--user-property', 'a=2', '--user-property', 'b=ü'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect((await sub.done).stdout).toBe('a:1 a:2 b:ü|x\n')
  })

  it('no-local: a client does not get its own messages back, but gets the others (and -v shows the option)', async () => {
    const id = `nl-${rid()}`
    const self = await v5(id)
    const other = await v5(`nlo-${rid()}`)
    try {
      const got: string[] = []
      self.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`))
      await self.subscribeAsync({ 'nl/t': { qos: 1, nl: true }, 'nl/marker': { qos: 1 } })
      await broker.waitForLog(new RegExp(`client '${id}' subscribed to 'nl/t' \\(QoS 1, no-local\\)`))
      await self.publishAsync('nl/t', 'own', { qos: 1 })
      await other.publishAsync('nl/t', 'other', { qos: 1 })
      // MQTT keeps one publisher's order: the marker comes after 'own' would have
      const marker = new Promise<void>((resolve) => self.on('message', (topic) => topic === 'nl/marker' && resolve()))
      await self.publishAsync('nl/marker', 'end', { qos: 1 })
      await marker
      expect(got.filter((m) => m.startsWith('nl/t '))).toEqual(['nl/t other'])
    } finally {
      await self.endAsync()
      await other.endAsync()
    }
  })

  for (const version of ['5', '311'] as const) {
    it(`$share/… is refused in the SUBACK and mqtx sub says so (MQTT ${version}, exit 1)`, async () => {
      const r = await mqtx(['sub', '-V', version, '-p', String(broker.port), '-t', '$share/g/t', '-C', '1', '-W', '10'])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        `mqtx: the broker refused every subscription: '$share/g/t' (${version === '5' ? 'shared subscriptions not supported' : 'unspecified error'}).\n` +
          'hint: this broker does not offer shared subscriptions ($share/…): subscribe to the topic itself, or use a broker that has them\n',
      )
    })
  }
})

describe('mqtx broker: what an unauthenticated client can make it buffer', () => {
  /** Send `bytes` on a raw connection; resolve when the broker closes it. */
  function rawConnect(bytes: Buffer): Promise<{ port: number; closed: Promise<void> }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(broker.port, '127.0.0.1', () => {
        socket.write(bytes)
        resolve({ port: socket.localPort ?? 0, closed })
      })
      const closed = new Promise<void>((done) => socket.on('close', () => done()))
      socket.on('error', reject)
    })
  }

  it('a CONNECT that announces 256 MiB is refused after its first bytes: connection closed, -v says why', async () => {
    // CONNECT, remaining length 268,435,455 (the MQTT maximum), then a trickle that never finishes
    const { port, closed } = await rawConnect(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x04, 0x4d, 0x51]))
    await closed
    await broker.waitForLog(new RegExp(`refused a connection from 127\\.0\\.0\\.1:${port}: CONNECT of 268435460 bytes is over the 65536-byte limit for unauthenticated clients`))
  })

  it('a CONNECT with a 70 KB will is refused; one with a 60 KB will connects', async () => {
    const connect = (size: number) =>
      mqtt.connectAsync(`mqtt://127.0.0.1:${broker.port}`, { protocolVersion: 5, clientId: `big-${size}`, reconnectPeriod: 0, connectTimeout: 10_000, will: { topic: 'w', payload: Buffer.alloc(size), qos: 0, retain: false } })
    const ok = await connect(60_000)
    await ok.endAsync()
    await expect(connect(70_000)).rejects.toThrow()
    await broker.waitForLog(/CONNECT of 700\d\d bytes is over the 65536-byte limit/)
  })

  it('something that is not MQTT is dropped at once', async () => {
    const { port, closed } = await rawConnect(Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    await closed
    await broker.waitForLog(new RegExp(`refused a connection from 127\\.0\\.0\\.1:${port}: not MQTT`))
  })
})
