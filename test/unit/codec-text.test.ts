/** The direct JSON writers (src/codecs/json-text.ts) give exactly escapeJson(JSON.stringify(decode(payload))). */
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { loadProtoRoot } from '../../src/codecs/protobuf.js'
import { loadCodec } from '../../src/codecs/registry.js'
import { parseCodecSpec } from '../../src/codecs/spec.js'
import { SPARKPLUG_DESCRIPTOR } from '../../src/codecs/schema/sparkplug-descriptor.js'
import type { Codec } from '../../src/codecs/types.js'
import { escapeJson } from '../../src/output/escape.js'
import { readFileSync } from 'node:fs'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/codecs/${name}`, import.meta.url))
const KITCHEN = fixture('kitchen.proto')

/** Both throw the same error, or the text is JSON.stringify of the value. */
function same(c: Codec, payload: Buffer): void {
  let value: unknown
  let error: unknown
  try {
    value = c.decode(payload)
  } catch (err) {
    error = err
  }
  if (error !== undefined) {
    expect(() => c.decodeText?.(payload)).toThrow((error as Error).message)
    return
  }
  expect(c.decodeText?.(payload)).toBe(escapeJson(JSON.stringify(value)))
}

describe('protobuf: decodeText = escapeJson(JSON.stringify(decode))', () => {
  const Sink = loadProtoRoot([KITCHEN]).lookupType('kitchen.Sink')
  const Any = Sink.lookupType('google.protobuf.Any')
  const node = (label: string, depth: number): object => ({ label, children: depth === 0 ? [] : [node(`${label}.0`, depth - 1), node(`${label}.1`, depth - 1)] })
  const messages: object[] = [
    {},
    { d: 1.5, f: 0.1, i32: -7, i64: '-9007199254740993', u32: 4294967295, u64: '18446744073709551615', s32: -1, s64: '-2', f32: 3, f64: '4', sf32: -5, sf64: '-6', flag: true, text: 'a "q" \\ \n \u0001 \u2028 \u202e \u0085 \u007f é 😀 \ud800', blob: Buffer.from([0, 255, 7]) },
    { d: Number.NaN, f: Number.POSITIVE_INFINITY, doubles: [Number.NEGATIVE_INFINITY, -0, 1e300, 5e-324], colour: 2, colours: [0, 1, 2, 7], longs: ['1', '-1', '9223372036854775807'] },
    { colour: 99, nodes: { a: node('a', 2), 'k"ey\u202e': {}, '': { label: 'empty' }, '7': { label: 'seven' } }, names: { 3: 'three', '-1': 'minus' } },
    { word: 'w', maybe: 0, root: node('r', 3), blobs: [Buffer.from('x'), Buffer.alloc(0)] },
    { tree: node('t', 1), at: { seconds: '1764160000', nanos: 5 } },
    { big: '12345678901234567890', any: Any.create({ type_url: 'type.googleapis.com/kitchen.Node', value: Sink.lookupType('kitchen.Node').encode({ label: 'in any' }).finish() }) },
  ]
  it.each(messages.map((m, i) => [i, m]))('message %i', async (_i, m) => {
    const c = await loadCodec(parseCodecSpec('protobuf', { proto: [KITCHEN], type: 'kitchen.Sink' }, '--decode'))
    same(c, Buffer.from(Sink.encode(Sink.fromObject(m)).finish()))
  })
  it('the sensor reading, and hostile bytes (both throw or both agree)', async () => {
    const kitchen = await loadCodec(parseCodecSpec('protobuf', { proto: [KITCHEN], type: 'kitchen.Sink' }, '--decode'))
    const sensor = await loadCodec(parseCodecSpec('protobuf', { proto: [fixture('sensor.proto')], type: 'sensors.Reading' }, '--decode'))
    same(sensor, readFileSync(fixture('reading.pb')))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        same(kitchen, Buffer.from(bytes))
        same(sensor, Buffer.from(bytes))
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    )
  })
  it('a message nested deeper than protobufjs allows fails the same way', async () => {
    const c = await loadCodec(parseCodecSpec('protobuf', { proto: [KITCHEN], type: 'kitchen.Sink' }, '--decode'))
    // Node.children (field 2) nested 120 deep, as Sink.root (field 28); built by hand: fromObject stops at 100
    const w = protobuf.Writer.create()
    let node = Buffer.from(w.uint32(10).string('leaf').finish())
    for (let i = 0; i < 120; i++) node = Buffer.from(protobuf.Writer.create().uint32(18).bytes(node).finish())
    same(c, Buffer.from(protobuf.Writer.create().uint32((28 << 3) | 2).bytes(node).finish()))
  })
})

describe('sparkplug: decodeText = escapeJson(JSON.stringify(decode))', () => {
  const T = protobuf.Root.fromJSON(SPARKPLUG_DESCRIPTOR).lookupType('org.eclipse.tahu.protobuf.Payload')
  const payloads = [
    {},
    { timestamp: 1764160000000, seq: 4, uuid: 'u-"1"', body: Buffer.from('hi').toString('base64'), metrics: [
      { name: 'Temperature', alias: 1, timestamp: 1764160000001, datatype: 10, double_value: 21.5 },
      { name: 'NaN', datatype: 9, float_value: Number.NaN },
      { name: 'Offset', datatype: 1, int_value: 0xff },
      { name: 'Counter', datatype: 4, long_value: '18446744073709551615' },
      { name: 'Big', datatype: 8, long_value: '9007199254740993' },
      { name: 'Flags', datatype: 32, bytes_value: Buffer.from([3, 0, 0, 0, 0b10100000]).toString('base64') },
      { name: 'Gone', datatype: 12, is_null: true },
      { name: 'Hist', datatype: 11, boolean_value: false, is_historical: true, is_transient: true },
      { alias: 9, datatype: 99, string_value: 'unknown type \u0007 \u009b \u2066' },
      { name: 'Pump/\u202eevil', datatype: 12, string_value: 'x', properties: { keys: ['k\u202d'], values: [{ type: 12, string_value: 'v\u0080' }] } },
      { name: 'nothing' },
    ] },
    { metrics: [
      { name: 'table', datatype: 16, dataset_value: { num_of_columns: 2, columns: ['a', 'b'], types: [3, 12], rows: [{ elements: [{ int_value: 0xfffffffe }, { string_value: 'x' }] }] } },
      { name: 'blob', datatype: 17, bytes_value: Buffer.from([1, 2]).toString('base64'), properties: { keys: ['unit'], values: [{ type: 12, string_value: 'rpm' }] }, metadata: { size: 2, md5: 'm' } },
      { name: 'tpl', datatype: 19, template_value: { version: 'v1', is_definition: true, metrics: [{ name: 'in', datatype: 3, int_value: 1 }], parameters: [{ name: 'p', type: 12, string_value: 's' }] } },
    ] },
  ]
  it('fixtures and hostile bytes', async () => {
    const c = await loadCodec(parseCodecSpec('sparkplug', {}, '--decode'))
    for (const p of payloads) same(c, Buffer.from(T.encode(T.fromObject(p)).finish()))
    same(c, readFileSync(fixture('ddata.spb')))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => same(c, Buffer.from(bytes))), { numRuns: Number(process.env.FC_RUNS ?? 500) })
  })
})

describe('64-bit integers as text', () => {
  it('agrees with Long.prototype.toString on both sides of 2^53, signed and unsigned', async () => {
    const c = await loadCodec(parseCodecSpec('protobuf', { proto: [KITCHEN], type: 'kitchen.Sink' }, '--decode'))
    const Sink = loadProtoRoot([KITCHEN]).lookupType('kitchen.Sink')
    const edges = ['0', '1', '4294967295', '4294967296', '9007199254740991', '9007199254740992', '9007199254740993', '9223372036854775807']
    for (const e of edges) {
      for (const m of [{ u64: e, f64: e, longs: [e] }, { i64: `-${e}`, s64: `-${e}`, sf64: e, longs: [`-${e}`] }]) same(c, Buffer.from(Sink.encode(Sink.fromObject(m)).finish()))
    }
    // exact against the text put in (the reader gives numbers up to 2^53 - 1 and Longs beyond)
    for (const e of edges) {
      const neg = e === '0' ? '0' : `-${e}`
      const m = { u64: e, f64: e, sf64: e, i64: neg, s64: neg, longs: [e, neg] }
      expect(c.decode(Buffer.from(Sink.encode(Sink.fromObject(m)).finish()))).toMatchObject(m)
    }
    const spb = await loadCodec(parseCodecSpec('sparkplug', {}, '--decode'))
    const T = protobuf.Root.fromJSON(SPARKPLUG_DESCRIPTOR).lookupType('org.eclipse.tahu.protobuf.Payload')
    const metric = (v: string, datatype: number) => ({ name: 'm', alias: v, datatype, long_value: v })
    const ddata = Buffer.from(T.encode(T.fromObject({ seq: 1, metrics: [metric('9007199254740991', 8), metric('9007199254740992', 8), metric('18446744073709551615', 4)] })).finish())
    expect(spb.decode(ddata)).toEqual({ seq: 1, metrics: [
      { name: 'm', alias: 9007199254740991, datatype: 'UInt64', value: 9007199254740991 },
      { name: 'm', alias: '9007199254740992', datatype: 'UInt64', value: '9007199254740992' },
      { name: 'm', alias: '18446744073709551615', datatype: 'Int64', value: -1 },
    ] })
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), (b) => {
      const m = b < 0n ? { i64: b.toString(), s64: b.toString() } : { u64: b.toString(), f64: b.toString(), ...(b < 2n ** 63n ? { i64: b.toString() } : {}) }
      same(c, Buffer.from(Sink.encode(Sink.fromObject(m)).finish()))
    }), { numRuns: Number(process.env.FC_RUNS ?? 500) })
  })
})
