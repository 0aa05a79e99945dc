import mqttPacket from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { qos0FrameEncoder } from '../../src/pub/qos0-frame.js'

describe('QoS 0 frames equal mqtt-packet\'s own encoding', () => {
  const sizes = [0, 1, 100, 127, 128, 16_383, 16_384, 70_000, 2_097_151, 2_097_152]
  const variants: Array<[string, boolean, Record<string, unknown> | undefined, 3 | 4 | 5]> = [
    ['t', false, undefined, 4],
    ['home/temperature', true, undefined, 3],
    ['ü/€/x', false, undefined, 5],
    ['a/b', true, { contentType: 'text/plain', userProperties: { k: ['1', '2'] }, messageExpiryInterval: 60, payloadFormatIndicator: true }, 5],
  ]
  it.each(variants)('topic %s retain %s props %j v%i', (topic, retain, properties, protocolVersion) => {
    const encode = qos0FrameEncoder(topic, retain, properties, protocolVersion)
    for (const size of sizes) {
      const payload = Buffer.alloc(size, 0xa5)
      const expected = mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 0, retain, dup: false, ...(properties === undefined ? {} : { properties }) } as mqttPacket.IPublishPacket, { protocolVersion })
      expect(encode(payload).equals(expected), `size ${size}`).toBe(true)
    }
  })
})
