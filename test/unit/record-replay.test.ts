/** The pure parts of record/replay: PUBLISH frames per message, the line parser, file names, the timeline, parsers. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqttPacket from 'mqtt-packet'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { publishFrame, type OutgoingPublish } from '../../src/mqtt/publish-packet.js'
import { keepUserPropertyOrder, USER_PROPERTY_ORDER } from '../../src/mqtt/user-property-order.js'
import { durationSeconds, parseSize } from '../../src/mqtt/parsers.js'
import { parseRecordLine } from '../../src/session/recording.js'
import { jsonLine } from '../../src/output/json.js'
import { RecordFile, rotatedName } from '../../src/record/file.js'
import { timeline } from '../../src/replay/timeline.js'
import type { ReplayMessage } from '../../src/replay/load.js'

keepUserPropertyOrder()

function parse(frame: Buffer, protocolVersion: 4 | 5): mqttPacket.IPublishPacket {
  const parser = mqttPacket.parser({ protocolVersion })
  const packets: mqttPacket.Packet[] = []
  parser.on('packet', (p) => packets.push(p))
  parser.on('error', (e) => {
    throw e
  })
  expect(parser.parse(frame)).toBe(0)
  expect(packets).toHaveLength(1)
  return packets[0] as mqttPacket.IPublishPacket
}

describe('publishFrame: one message, its own topic, flags and properties', () => {
  // in the order publishFrame writes them (mqtt-packet writes an object's keys in their order)
  const props = { payloadFormatIndicator: true, messageExpiryInterval: 60, contentType: 'text/x', responseTopic: 'r/é', correlationData: Buffer.from([0, 1, 255]) }
  const cases: Array<[string, OutgoingPublish]> = [
    ['qos 0, no props', { topic: 'a/b', payload: Buffer.from('hi'), qos: 0, retain: false }],
    ['qos 1 retained, empty', { topic: 'ü/€', payload: Buffer.alloc(0), qos: 1, retain: true }],
    ['qos 2, all properties', { topic: 'x', payload: Buffer.alloc(300, 7), qos: 2, retain: false, properties: { ...props, userProperties: [['k', '1'], ['k', '2']] } }],
    ['big payload', { topic: 'big', payload: Buffer.alloc(2_097_152, 1), qos: 1, retain: false, properties: { contentType: 'c' } }],
  ]
  it.each(cases)("%s: equals mqtt-packet's encoding (v5 and 3.1.1)", (_name, msg) => {
    for (const protocolVersion of [5, 4] as const) {
      const v5 = protocolVersion === 5
      const userProperties: Record<string, string[]> = {}
      for (const [k, v] of msg.properties?.userProperties ?? []) (userProperties[k] ??= []).push(v)
      const properties = v5 && msg.properties !== undefined ? { ...msg.properties, ...(msg.properties.userProperties === undefined ? {} : { userProperties }) } : undefined
      const expected = mqttPacket.generate({ cmd: 'publish', topic: msg.topic, payload: msg.payload, qos: msg.qos, retain: msg.retain, dup: false, ...(msg.qos > 0 ? { messageId: 4242 } : {}), ...(properties === undefined ? {} : { properties }) } as mqttPacket.IPublishPacket, { protocolVersion })
      const frame = publishFrame(msg, v5)
      expect(frame.size).toBe(expected.length)
      const out = Buffer.alloc(frame.size + 4, 0xee)
      expect(frame.writeInto(out, 2, 4242)).toBe(2 + frame.size)
      expect(out.subarray(2, 2 + frame.size).equals(expected)).toBe(true)
    }
  })

  it('user properties keep their order across keys (mqtt-packet would group them by key)', () => {
    const pairs: Array<[string, string]> = [['b', '1'], ['a', '2'], ['b', '3'], ['', ''], ['ключ', 'значение']]
    const frame = publishFrame({ topic: 't', payload: Buffer.from('p'), qos: 1, retain: false, properties: { userProperties: pairs } }, true)
    const out = Buffer.alloc(frame.size)
    frame.writeInto(out, 0, 9)
    const packet = parse(out, 5)
    expect((packet.properties?.userProperties as unknown as Record<symbol, unknown>)[USER_PROPERTY_ORDER]).toEqual(pairs)
    expect(packet.messageId).toBe(9)
  })
})

describe('parseRecordLine: sub --json lines back to the message', () => {
  it('round-trips what jsonLine writes: binary, empty, properties, QoS, retain', () => {
    const userProperties = Object.create(null) as Record<string, string | string[]>
    userProperties.b = ['1', '3']
    userProperties.a = '2'
    Object.defineProperty(userProperties, USER_PROPERTY_ORDER, { value: [['b', '1'], ['a', '2'], ['b', '3']] })
    const cases = [
      { topic: 'bin', payload: Buffer.from([0, 0xff, 0xc3, 0x28]), qos: 1 as const, retain: true, dup: false, mid: 3, timeNs: 1_700_000_000_123_000_000n },
      { topic: 'empty', payload: Buffer.alloc(0), qos: 0 as const, retain: false, dup: false, mid: 0, timeNs: 1_700_000_000_000_000_000n },
      { topic: 'p', payload: Buffer.from('\u202e\u0085ok'), qos: 2 as const, retain: false, dup: true, mid: 1, timeNs: 1n, properties: { contentType: 'c', correlationData: Buffer.from([0xff]), responseTopic: 'r', messageExpiryInterval: 5, payloadFormatIndicator: true, userProperties, topicAlias: 3, subscriptionIdentifier: [1, 2] } },
    ]
    for (const msg of cases) {
      const back = parseRecordLine(jsonLine(msg).trimEnd(), 'f:1')
      expect(back?.payload.equals(msg.payload)).toBe(true)
      expect(back).toMatchObject({ topic: msg.topic, qos: msg.qos, retain: msg.retain, timeMs: Number(msg.timeNs / 1_000_000n) })
      if (msg.properties !== undefined) {
        expect(back?.properties).toEqual({ contentType: 'c', correlationData: Buffer.from([0xff]), responseTopic: 'r', messageExpiryInterval: 5, payloadFormatIndicator: true, userProperties: [['b', '1'], ['a', '2'], ['b', '3']] })
      }
    }
  })

  it('headers and empty lines are not messages', () => {
    expect(parseRecordLine('{"mqtx":"record","version":1,"started":"x"}', 'f:1')).toBeUndefined()
    expect(parseRecordLine('   ', 'f:2')).toBeUndefined()
  })
})

describe('record file names and rotation', () => {
  it.each([
    ['rec.ndjson', 'rec.000001.ndjson'],
    ['rec.ndjson.gz', 'rec.000001.ndjson.gz'],
    ['rec', 'rec.000001'],
    ['dir.x/rec.ndjson', join('dir.x', 'rec.000001.ndjson')],
    ['.hidden.ndjson', '.hidden.000001.ndjson'],
    ['/abs/r.json', '/abs/r.000001.json'],
  ])('%s -> %s', (path, numbered) => {
    expect(rotatedName(path, 1)).toBe(numbered)
  })

  afterEach(() => {
    vi.useRealTimers()
  })
  it('--rotate-every: a new file once the period since the file was opened has passed', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z'), toFake: ['Date'] })
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-rotate-'))
    const file = new RecordFile({ path: join(dir, 'r.ndjson'), rotateMs: 60_000, force: false, filters: ['#'], onError: () => {} })
    file.open()
    file.add('{"n":1}\n', true)
    vi.advanceTimersByTime(59_999)
    file.add('{"n":2}\n', true)
    vi.advanceTimersByTime(1)
    file.add('{"n":3}\n', true)
    file.close()
    expect(readdirSync(dir).sort()).toEqual(['r.000001.ndjson', 'r.000002.ndjson'])
    expect(readFileSync(join(dir, 'r.000002.ndjson'), 'utf8')).toMatch(/^\{"mqtx":"record","version":1,"started":"2026-01-01T00:01:00.000Z","filters":\["#"\]\}\n\{"n":3\}\n$/)
  })
})

describe('record --force with rotation', () => {
  it('overwrites the whole numbered set: the parts of a longer earlier recording do not stay behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-force-'))
    for (const n of ['r.000001.ndjson', 'r.000002.ndjson', 'r.000003.ndjson', 'r.000001.ndjson.gz', 'other.000002.ndjson']) writeFileSync(join(dir, n), 'old\n')
    const file = new RecordFile({ path: join(dir, 'r.ndjson'), rotateBytes: 1 << 20, force: true, filters: ['#'], onError: () => {} })
    file.open()
    file.add('{"n":1}\n', true)
    file.close()
    expect(readdirSync(dir).sort()).toEqual(['other.000002.ndjson', 'r.000001.ndjson', 'r.000001.ndjson.gz'])
    expect(readFileSync(join(dir, 'r.000001.ndjson'), 'utf8')).toMatch(/\{"n":1\}\n$/)
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('timeline: due times against the start, clamped, looped', () => {
  const at = (ms: number[]) => ms.map((timeMs) => ({ timeMs, topic: 't', payload: Buffer.alloc(0), qos: 0, retain: false }) as ReplayMessage)
  it('offsets from the first message, divided by the speed; loop k starts k periods later', () => {
    const t = timeline(at([1000, 1100, 1050, 1300]), 2)
    expect([0, 1, 2, 3].map((i) => t.due(0, i))).toEqual([0, 50, 50, 150])
    expect(t.due(1, 0)).toBe(150)
    expect(timeline(at([5, 9]), Number.POSITIVE_INFINITY).due(3, 1)).toBe(0)
  })
})

describe('duration and size parsers', () => {
  it.each([['90', 90], ['30s', 30], ['1.5m', 90], ['2h', 7200], ['1d', 86400], ['250ms', 0.25], ['x', undefined], ['-1', undefined]])('%s', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds)
  })
  it.each([['65536', 65536], ['512k', 524288], ['100M', 104857600], ['1G', 1073741824], ['1.5k', 1536]])('%s', (text, bytes) => {
    expect(parseSize('--rotate-size')(text)).toBe(bytes)
  })
})
