import mqttPacket from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { keepUserPropertyOrder } from '../../src/mqtt/user-property-order.js'
import { mosquittoJson } from '../../src/output/mosquitto-json.js'
import { userPropertyPairs, type MessageProperties } from '../../src/output/message.js'

/** A v5 PUBLISH with user properties k1=v1, k2=v2, k1=v3 on the wire, parsed by mqtt-packet. */
function parsedProperties(): MessageProperties {
  const frame = mqttPacket.generate({
    cmd: 'publish', topic: 't', payload: Buffer.from('p'), qos: 0, dup: false, retain: false,
    properties: { contentType: 'c', userProperties: { k1: ['v1', 'v3'], k2: 'v2' } },
  }, { protocolVersion: 5 })
  // mqtt-packet writes k1 v1, k1 v3, k2 v2; swap to k1 v1, k2 v2, k1 v3 by building the bytes by hand
  const pair = (k: string, v: string) => Buffer.concat([Buffer.from([0x26, 0, k.length]), Buffer.from(k), Buffer.from([0, v.length]), Buffer.from(v)])
  const props = Buffer.concat([Buffer.from([0x03, 0, 1, 0x63]), pair('k1', 'v1'), pair('k2', 'v2'), pair('k1', 'v3')])
  const variable = Buffer.concat([Buffer.from([0, 1, 0x74, props.length]), props, Buffer.from('p')])
  const packet = Buffer.concat([Buffer.from([0x30, variable.length]), variable])
  expect(frame[0]).toBe(0x30)
  const parser = mqttPacket.parser({ protocolVersion: 5 })
  let got: MessageProperties | undefined
  parser.on('packet', (p) => {
    if ('properties' in p) got = p.properties as MessageProperties
  })
  parser.parse(packet)
  if (got === undefined) throw new Error('no packet parsed')
  return got
}

describe('user properties in arrival order (mqtt-packet internals)', () => {
  it('the patch finds mqtt-packet\'s private parser methods (fails loudly after an upgrade that renames them)', () => {
    expect(keepUserPropertyOrder()).toBe(true)
  })

  it('%P and %j list them as they came: k1 v1, k2 v2, k1 v3', () => {
    keepUserPropertyOrder()
    const props = parsedProperties()
    expect(props.userProperties).toEqual({ k1: ['v1', 'v3'], k2: 'v2' }) // MQTT.js's view is unchanged
    expect(userPropertyPairs(props)).toEqual([['k1', 'v1'], ['k2', 'v2'], ['k1', 'v3']])
    const json = mosquittoJson({ topic: 't', payload: Buffer.from('p'), qos: 0, retain: false, dup: false, mid: 0, timeNs: 0n, properties: props }, false, false)
    expect(json).toBe('{"tst":"1970-01-01T00:00:00.000000Z","topic":"t","qos":0,"retain":0,"payloadlen":1,"properties":{"content-type":"c","user-properties":[{"k1":"v1"},{"k2":"v2"},{"k1":"v3"}]},"payload":"p"}')
  })
})
