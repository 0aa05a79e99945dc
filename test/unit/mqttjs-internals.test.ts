/**
 * mqtx relies on a few MQTT.js internals (src/mqtt/internals.ts). If an upgrade of MQTT.js removes or
 * renames one, this fails and names it, instead of sub losing back-pressure or bench its data path.
 */
import net from 'node:net'
import { Duplex } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientSocket, holdAcks, MqttClientClass, reconnectPeriod, replaceHandleMessage, replaceSocketWrite, setReconnectPeriod, stopKeepalive, type AckPacket } from '../../src/mqtt/internals.js'

// answers CONNECT with a 3.1.1 CONNACK, and holds the connection
let server: net.Server
let port = 0
beforeAll(async () => {
  server = net.createServer((s) => {
    s.once('data', () => s.write(Buffer.from([0x20, 0x02, 0x00, 0x00])))
    s.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
})
afterAll(() => server.close())

describe('MQTT.js internals mqtx uses', () => {
  it("'mqtt/lib/client' still exports the client class as its default", () => {
    expect(typeof MqttClientClass).toBe('function')
    expect(typeof MqttClientClass.prototype.handleMessage, 'MqttClient.prototype.handleMessage (sub back-pressure)').toBe('function')
    expect(typeof (MqttClientClass.prototype as unknown as Record<string, unknown>)._destroyKeepaliveManager, 'MqttClient.prototype._destroyKeepaliveManager (bench)').toBe('function')
  })

  it('a connected client exposes its socket as `stream`, calls handleMessage, reads options.reconnectPeriod', async () => {
    const client = new MqttClientClass(() => net.connect(port, '127.0.0.1'), { protocolVersion: 4, reconnectPeriod: 0, keepalive: 60 })
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve())
        client.once('error', reject)
      })
      const socket = clientSocket(client)
      expect(socket, 'client.stream').toBeInstanceOf(Duplex)
      setReconnectPeriod(client, 1234)
      expect(reconnectPeriod(client), 'client.options.reconnectPeriod').toBe(1234)
      let handled = false
      replaceHandleMessage(client, (_packet, callback) => {
        handled = true
        callback()
      })
      // MQTT.js routes an incoming PUBLISH through handleMessage
      socket?.emit('data', Buffer.from([0x30, 0x05, 0x00, 0x01, 0x74, 0x68, 0x69]))
      await new Promise((resolve) => setImmediate(resolve))
      expect(handled, 'client.handleMessage is what MQTT.js calls for a PUBLISH').toBe(true)
      // bridge: the PUBACK of a QoS 1 message goes through client._sendPacket, where holdAcks keeps it
      const held: AckPacket[] = []
      const send = holdAcks(client, (a) => {
        held.push(a)
        return true
      })
      // PUBLISH QoS 1, topic 't', packet id 7, payload 'x'
      socket?.emit('data', Buffer.from([0x32, 0x06, 0x00, 0x01, 0x74, 0x00, 0x07, 0x78]))
      await new Promise((resolve) => setImmediate(resolve))
      expect(held, 'client._sendPacket carries the PUBACK (bridge holds it there)').toMatchObject([{ cmd: 'puback', messageId: 7 }])
      expect(typeof send).toBe('function')
      stopKeepalive(client)
      const original = replaceSocketWrite(socket as Duplex, (() => true) as Duplex['write'])
      expect(typeof original).toBe('function')
    } finally {
      setReconnectPeriod(client, 0)
      client.end(true)
    }
  })
})
