import mqttPacket from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { isKeepaliveTimeout, isMalformedPacket, tagMalformedPackets } from '../../src/mqtt/malformed.js'

describe('malformed packets are told apart (mqtt-packet internals)', () => {
  it('finds the parser\'s private _emitError (fails loudly after an upgrade that renames it)', () => {
    expect(tagMalformedPackets()).toBe(true)
  })

  it('tags what the parser refuses, and nothing else', () => {
    tagMalformedPackets()
    const parser = mqttPacket.parser({ protocolVersion: 5 })
    const errors: Error[] = []
    parser.on('error', (e: Error) => errors.push(e))
    parser.parse(Buffer.from([0x30, 0x05, 0x00, 0x09, 0x61, 0x62, 0x63]))
    expect(errors.map((e) => [e.message, isMalformedPacket(e)])).toEqual([['Cannot parse topic', true]])
    expect(isMalformedPacket(new Error('Cannot parse topic'))).toBe(false)
    expect(isMalformedPacket(undefined)).toBe(false)
  })
})

describe('MQTT.js keep-alive timeout (internals)', () => {
  it('is told apart by its message: what MQTT.js emits when no PINGRESP came', async () => {
    const { MqttClientClass } = await import('../../src/mqtt/internals.js')
    const { PassThrough } = await import('node:stream')
    const client = new MqttClientClass(() => new PassThrough(), { manualConnect: true, reconnectPeriod: 0 })
    const errors: Error[] = []
    client.on('error', (e: Error) => errors.push(e))
    client.connect()
    ;(client as unknown as { onKeepaliveTimeout(): void }).onKeepaliveTimeout()
    client.end(true)
    expect(errors.map((e) => [e.message, isKeepaliveTimeout(e)])).toEqual([['Keepalive timeout', true]])
    expect(isKeepaliveTimeout(Object.assign(new Error('Keepalive timeout'), { code: 'X' }))).toBe(false)
  })
})
