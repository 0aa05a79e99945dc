import mqttPacket from 'mqtt-packet'
import { describe, expect, it } from 'vitest'
import { plainPublishSize, publishFrameEncoder } from '../../src/mqtt/publish-frame.js'
import { publishTemplate } from '../../src/bench/wire.js'

describe("PUBLISH frames equal mqtt-packet's own encoding", () => {
  const sizes = [0, 1, 100, 127, 128, 16_383, 16_384, 70_000, 2_097_151, 2_097_152]
  const props = { contentType: 'text/plain', userProperties: { k: ['1', '2'] }, messageExpiryInterval: 60, payloadFormatIndicator: true }
  const variants: Array<[string, 0 | 1 | 2, boolean, Record<string, unknown> | undefined, 3 | 4 | 5]> = [
    ['t', 0, false, undefined, 4],
    ['home/temperature', 0, true, undefined, 3],
    ['ü/€/x', 1, false, undefined, 5],
    ['a/b', 0, true, props, 5],
    ['a/b', 1, false, props, 5],
    ['q/2', 2, true, undefined, 4],
    ['q/2/v5', 2, false, props, 5],
  ]
  it.each(variants)('topic %s qos %i retain %s props %j v%i', (topic, qos, retain, properties, protocolVersion) => {
    const encode = publishFrameEncoder(topic, qos, retain, properties, protocolVersion)
    for (const size of sizes) {
      for (const messageId of qos > 0 ? [1, 0x1234, 65535] : [0]) {
        const payload = Buffer.alloc(size, 0xa5)
        const expected = mqttPacket.generate(
          { cmd: 'publish', topic, payload, qos, retain, dup: false, ...(qos > 0 ? { messageId } : {}), ...(properties === undefined ? {} : { properties }) } as mqttPacket.IPublishPacket,
          { protocolVersion },
        )
        expect(encode.frame(payload, messageId).equals(expected), `size ${size} id ${messageId}`).toBe(true)
        expect(encode.size(size)).toBe(expected.length)
        // in place, from a slice of a bigger input, after other bytes
        const input = Buffer.concat([Buffer.from('xyz'), payload, Buffer.from('\n')])
        const out = Buffer.alloc(expected.length + 10, 0xee)
        expect(encode.writeInto(out, 7, input, 3, 3 + size, messageId)).toBe(7 + expected.length)
        expect(out.subarray(7, 7 + expected.length).equals(expected), `in place: size ${size} id ${messageId}`).toBe(true)
        expect(out.subarray(0, 7).equals(Buffer.alloc(7, 0xee))).toBe(true)
      }
    }
  })
})

describe('maxPayload: the longest payload whose packet fits', () => {
  it.each([
    ['t', 0 as const, undefined, 4 as const],
    ['a/b', 1 as const, { contentType: 'text/plain' }, 5 as const],
  ])('topic %s qos %i', (topic, qos, properties, version) => {
    const encode = publishFrameEncoder(topic, qos, false, properties, version)
    // MQTT's own limit: a remaining length of 268,435,455
    const most = encode.maxPayload()
    expect(encode.size(most)).toBe(1 + 4 + 268_435_455)
    // across the variable-length boundaries of the remaining length
    for (const limit of [10, 127, 128, 129, 130, 1000, 16_383, 16_384, 16_386, 2_097_155, 268_435_460]) {
      const fit = encode.maxPayload(limit)
      if (fit >= 0) expect(encode.size(fit)).toBeLessThanOrEqual(limit)
      expect(encode.size(fit + 1) > limit || fit === most).toBe(true)
    }
    expect(encode.maxPayload(encode.size(0) - 1)).toBe(-1)
  })
})

describe("bench's PUBLISH templates come from the same encoder", () => {
  it.each([[0, false], [1, true], [2, false], [2, true]] as const)('qos %i v5 %s: the bytes, the packet id and the payload where the template says', (qos, v5) => {
    const t = publishTemplate('bench/%t', 64, qos, true, v5, 9)
    const payload = Buffer.from(t.bytes.subarray(t.payloadOffset))
    expect(payload.length).toBe(64)
    expect(payload.readUInt32BE(0)).toBe(9)
    const messageId = 0x2a2b
    if (qos > 0) t.bytes.writeUInt16BE(messageId, t.idOffset)
    else expect(t.idOffset).toBe(-1)
    const expected = mqttPacket.generate(
      { cmd: 'publish', topic: 'bench/%t', payload, qos, retain: true, dup: false, ...(qos > 0 ? { messageId } : {}) } as mqttPacket.IPublishPacket,
      { protocolVersion: v5 ? 5 : 4 },
    )
    expect(t.bytes.equals(expected)).toBe(true)
  })
})

describe("plainPublishSize: a publish() without properties, as mqtt-packet encodes it", () => {
  it.each([
    ['a', 0, 0 as const, 4 as const],
    ['mps/1', 300, 1 as const, 5 as const],
    ['tö/ü', 127, 2 as const, 5 as const],
    ['t', 16_380, 0 as const, 4 as const],
    ['x'.repeat(200), 2_100_000, 1 as const, 5 as const],
  ])('topic %j, %i bytes, QoS %i, v%i', (topic, length, qos, version) => {
    const packet = { cmd: 'publish' as const, topic, payload: Buffer.alloc(length), qos, retain: false, dup: false, ...(qos > 0 ? { messageId: 1 } : {}) }
    const bytes = mqttPacket.generate(packet, { protocolVersion: version }).length
    expect(plainPublishSize(Buffer.byteLength(topic), length, qos, version === 5)).toBe(bytes)
  })
})
