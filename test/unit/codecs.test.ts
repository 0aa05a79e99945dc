import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import protobuf from 'protobufjs'
import { encode as cborEncode } from 'cbor-x'
import { pack } from 'msgpackr'
import avro from 'avsc'
import { gzipSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadCodec } from '../../src/codecs/registry.js'
import { parseCodecSpec, type CodecSpec } from '../../src/codecs/spec.js'
import { chooseCodec, codecForContentType, sparkplugMessageType, type DetectOptions } from '../../src/codecs/detect.js'
import { parseCodecMap } from '../../src/codecs/profile-map.js'
import { compileExpression, isTruthy } from '../../src/codecs/select.js'
import { PayloadDecoding, type Decoded } from '../../src/codecs/session.js'
import { SPARKPLUG_DESCRIPTOR } from '../../src/codecs/schema/sparkplug-descriptor.js'
import { avroFingerprint } from '../../src/codecs/avro.js'
import { CodecError } from '../../src/codecs/types.js'
import { UsageError } from '../../src/errors.js'

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/codecs/${name}`, import.meta.url))
const SENSOR = fixture('sensor.proto')
const spec = (text: string, schema = {}): CodecSpec => parseCodecSpec(text, schema, '--decode')

const reading = {
  device_id: 'dev-7',
  timestamp: '1764160000000',
  temperature: 21.5,
  humidity: 40.25,
  pressure: 1013.2,
  battery: -3,
  status: 'OK',
  location: { lat: 52.5, lon: 13.25 },
  tags: ['roof', 'north'],
  door_open: true,
  raw: Buffer.from([1, 2, 3]).toString('base64'),
}

describe('codec spec', () => {
  it('parses wrappers then one body codec', () => {
    expect(spec('gzip+json')).toEqual({ wrappers: ['gzip'], body: 'json' })
    expect(spec('deflate')).toEqual({ wrappers: ['deflate'], body: 'text' })
    expect(spec('CBOR')).toEqual({ wrappers: [], body: 'cbor' })
  })
  it.each([
    ['yaml', /unknown codec 'yaml'/],
    ['json+gzip', /wrappers \(gzip, deflate\) come first/],
    ['json+cbor', /come first/],
    ['protobuf', /protobuf needs the schema: --proto FILE/],
    ['avro', /avro needs the schema: --schema FILE/],
  ])('refuses %s', (text, message) => {
    expect(() => spec(text)).toThrow(UsageError)
    expect(() => spec(text)).toThrow(message)
  })
})

describe('simple codecs and wrappers', () => {
  it('json validates and minifies, and decodes', async () => {
    const c = await loadCodec(spec('json'))
    expect(c.encode('{ "a" : [1, 2] }').toString()).toBe('{"a":[1,2]}')
    expect(c.decode(Buffer.from('{"a":1}'))).toEqual({ a: 1 })
    expect(() => c.decode(Buffer.from('{"a":'))).toThrow(CodecError)
    expect(() => c.encode('nope')).toThrow(/the input is not JSON/)
  })
  it('hex, base64 and text', async () => {
    expect((await loadCodec(spec('hex'))).encode('de ad').toString('hex')).toBe('dead')
    expect((await loadCodec(spec('hex'))).decode(Buffer.from([0xbe, 0xef]))).toBe('beef')
    expect((await loadCodec(spec('base64'))).decode(Buffer.from('hi'))).toBe('aGk=')
    expect((await loadCodec(spec('text'))).decode(Buffer.from('h\u00e9'))).toBe('h\u00e9')
    await expect(loadCodec(spec('text')).then((c) => c.decode(Buffer.from([0xff])))).rejects.toThrow(/not UTF-8/)
    const hex = await loadCodec(spec('hex'))
    expect(() => hex.encode('xyz')).toThrow(/not hex/)
  })
  it('gzip and deflate wrap any codec, both ways', async () => {
    const c = await loadCodec(spec('gzip+json'))
    expect(c.decode(gzipSync('{"t":1}'))).toEqual({ t: 1 })
    expect(c.decode(c.encode('{"t":2}'))).toEqual({ t: 2 })
    const d = await loadCodec(spec('deflate+cbor'))
    expect(d.decode(d.encode('{"x":[1,"y"]}'))).toEqual({ x: [1, 'y'] })
    expect(() => c.decode(Buffer.from('not gzip'))).toThrow(/not gzip data/)
  })
})

describe('cbor and msgpack (against the reference libraries)', () => {
  it('cbor decodes what cbor-x encodes; bytes become base64, big integers text', async () => {
    const c = await loadCodec(spec('cbor'))
    expect(c.decode(Buffer.from(cborEncode({ t: 21.5, ok: true, b: Buffer.from([255]), n: null, big: 2n ** 64n })))).toEqual({ t: 21.5, ok: true, b: '/w==', n: null, big: '18446744073709551616' })
    expect(c.decode(c.encode('{"a":[1,2,{"b":"c"}]}'))).toEqual({ a: [1, 2, { b: 'c' }] })
    expect(() => c.decode(Buffer.from(cborEncode({ long: 'x'.repeat(40) })).subarray(0, 10))).toThrow(/not CBOR/)
  })
  it('msgpack decodes what msgpackr encodes', async () => {
    const c = await loadCodec(spec('msgpack'))
    expect(c.decode(pack({ t: 21.5, list: [1, 'a'] }))).toEqual({ t: 21.5, list: [1, 'a'] })
    expect(c.decode(c.encode('{"x":-1}'))).toEqual({ x: -1 })
    expect(() => c.decode(pack({ s: 'y'.repeat(50) }).subarray(0, 8))).toThrow(/not MessagePack/)
  })
})

describe('protobuf', () => {
  it('round trips a 10-field message and decodes what protobufjs itself encodes', async () => {
    const c = await loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Reading' }))
    expect(c.label).toBe('protobuf sensors.Reading')
    const bytes = c.encode(JSON.stringify(reading))
    expect(c.decode(bytes)).toEqual(reading)
    const root = protobuf.loadSync(SENSOR)
    const T = root.lookupType('sensors.Reading')
    const ref = T.encode(T.fromObject({ deviceId: 'x', temperature: 3.5, status: 2 })).finish()
    expect(c.decode(Buffer.from(ref))).toMatchObject({ device_id: 'x', temperature: 3.5, status: 'FAULT', battery: 0 })
  })
  it('names the field that does not fit when encoding', async () => {
    const c = await loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Reading' }))
    expect(() => c.encode('{"temperature":"hot"}')).toThrow(/field temperature of sensors.Reading: expected a number \(float\), got "hot"/)
    expect(() => c.encode('{"temprature":1}')).toThrow(/field temprature of sensors.Reading: no such field/)
    expect(() => c.encode('{"location":{"lat":"n"}}')).toThrow(/field location.lat of sensors.Location/)
    expect(() => c.encode('{"status":"BROKEN"}')).toThrow(/expected one of UNKNOWN, OK, FAULT/)
  })
  it('names the field and wire type when decoding with the wrong schema, and survives truncation', async () => {
    const c = await loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Reading' }))
    // field 3 (temperature, float = 32-bit) sent as a length-delimited string
    const wrong = Buffer.from([0x1a, 0x02, 0x68, 0x69])
    expect(() => c.decode(wrong)).toThrow(/field temperature \(tag 3, float\) was sent as length-delimited at byte 0, the schema expects 32-bit/)
    const full = c.encode(JSON.stringify(reading))
    expect(() => c.decode(full.subarray(0, full.length - 3))).toThrow(CodecError)
  })
  it('a .proto that does not parse is a usage error naming file:line', async () => {
    const err = await loadCodec(spec('protobuf', { proto: [fixture('bad.proto')] })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as Error).message).toMatch(/bad\.proto:7: illegal token 'float', ';' expected \(not a valid \.proto file\)$/)
    await expect(loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Nope' }))).rejects.toThrow(/no such message type .* \(message types: sensors.Location, sensors.Reading, sensors.Other\)/)
    await expect(loadCodec(spec('protobuf', { proto: ['/nonexistent.proto'] }))).rejects.toThrow(/cannot read .proto file '\/nonexistent.proto': no such file/)
  })
  it('without --type: the content-type names the type, or one type in the schema', async () => {
    const c = await loadCodec(spec('protobuf', { proto: [SENSOR] }))
    const other = c.decode(Buffer.from([0x0a, 0x01, 0x41]), 'application/x-protobuf; messageType=sensors.Other')
    expect(other).toEqual({ name: 'A' })
    expect(c.decode(Buffer.from([0x0a, 0x01, 0x41]), 'type.googleapis.com/sensors.Other')).toEqual({ name: 'A' })
    expect(() => c.decode(Buffer.from([0x0a, 0x01, 0x41]))).toThrow(/which message type\? the schema has several/)
  })
})

describe('sparkplug', () => {
  it('the JSON descriptor matches the Tahu .proto in the repo', () => {
    const fromProto = new protobuf.Root().loadSync(fileURLToPath(new URL('../../src/codecs/schema/sparkplug_b.proto', import.meta.url)), { keepCase: true }).toJSON()
    expect(JSON.parse(JSON.stringify(fromProto))).toEqual(JSON.parse(JSON.stringify(SPARKPLUG_DESCRIPTOR)))
  })
  it('decodes a DDATA payload encoded by protobufjs from the raw schema: names, signed ints, 64-bit, arrays', async () => {
    const T = protobuf.Root.fromJSON(SPARKPLUG_DESCRIPTOR).lookupType('org.eclipse.tahu.protobuf.Payload')
    const raw = T.encode(T.fromObject({
      timestamp: 1764160000000,
      seq: 4,
      metrics: [
        { name: 'Temperature', alias: 1, timestamp: 1764160000001, datatype: 10, double_value: 21.5 },
        { name: 'Offset', datatype: 1, int_value: 0xff },
        { name: 'Counter', datatype: 4, long_value: '18446744073709551615' },
        { name: 'Flags', datatype: 32, bytes_value: Buffer.from([3, 0, 0, 0, 0b10100000]).toString('base64') },
        { name: 'Gone', datatype: 12, is_null: true },
      ],
    })).finish()
    const c = await loadCodec(spec('sparkplug'))
    const decoded = c.decode(Buffer.from(raw)) as { metrics: unknown[] }
    expect(decoded).toMatchObject({ timestamp: 1764160000000, seq: 4 })
    expect(decoded.metrics).toEqual([
      { name: 'Temperature', alias: 1, timestamp: 1764160000001, datatype: 'Double', value: 21.5 },
      { name: 'Offset', datatype: 'Int8', value: -1 },
      { name: 'Counter', datatype: 'Int64', value: -1 },
      { name: 'Flags', datatype: 'BooleanArray', value: [true, false, true] },
      { name: 'Gone', datatype: 'String', value: null },
    ])
  })
  it('DataSets, property sets, metadata and bytes are shown readably', async () => {
    const T = protobuf.Root.fromJSON(SPARKPLUG_DESCRIPTOR).lookupType('org.eclipse.tahu.protobuf.Payload')
    const raw = T.encode(T.fromObject({
      metrics: [
        { name: 'table', datatype: 16, dataset_value: { num_of_columns: 2, columns: ['a', 'b'], types: [3, 12], rows: [{ elements: [{ int_value: 0xfffffffe }, { string_value: 'x' }] }] } },
        { name: 'blob', datatype: 17, bytes_value: Buffer.from([1, 2]).toString('base64'), properties: { keys: ['unit'], values: [{ type: 12, string_value: 'rpm' }] }, metadata: { size: 2, md5: 'm' } },
      ],
      uuid: 'u-1',
      body: Buffer.from('hi').toString('base64'),
    })).finish()
    const c = await loadCodec(spec('sparkplug'))
    expect(c.decode(Buffer.from(raw))).toEqual({
      uuid: 'u-1',
      body: 'aGk=',
      metrics: [
        { name: 'table', datatype: 'DataSet', value: { columns: ['a', 'b'], types: ['Int32', 'String'], rows: [[-2, 'x']] } },
        { name: 'blob', datatype: 'Bytes', value: 'AQI=', properties: { unit: 'rpm' }, metadata: { size: 2, md5: 'm' } },
      ],
    })
  })
  it('round trips from the readable JSON, inferring datatypes', async () => {
    const c = await loadCodec(spec('sparkplug'))
    const input = { timestamp: 5, seq: 1, metrics: [
      { name: 'a', value: 1.5 }, { name: 'b', value: 7 }, { name: 'c', value: true }, { name: 'd', value: 'x' },
      { name: 'e', datatype: 'Int16', value: -2 }, { name: 'f', datatype: 'FloatArray', value: [1.5, -2] },
      { name: 'g', datatype: 'StringArray', value: ['p', 'q'] }, { name: 'h', datatype: 'BooleanArray', value: [true, false, true] },
      { name: 'i', datatype: 'UInt64', value: '18446744073709551615' }, { name: 'j', datatype: 'Int64Array', value: [-1, 2] },
    ] }
    const decoded = c.decode(c.encode(JSON.stringify(input))) as { metrics: Array<Record<string, unknown>> }
    expect(decoded.metrics.map((m) => [m.datatype, m.value])).toEqual([
      ['Double', 1.5], ['Int64', 7], ['Boolean', true], ['String', 'x'], ['Int16', -2], ['FloatArray', [1.5, -2]],
      ['StringArray', ['p', 'q']], ['BooleanArray', [true, false, true]], ['UInt64', '18446744073709551615'], ['Int64Array', [-1, 2]],
    ])
    expect(() => c.encode('{"metrics":[{"name":"x","datatype":"Int32","value":"hot"}]}')).toThrow(/metrics\[0\]\.value: Int32 expects an integer, got "hot"/)
    expect(() => c.encode('{"metrics":[{"nme":"x"}]}')).toThrow(/metrics\[0\]\.nme: no such metric field/)
    expect(() => c.decode(Buffer.from([0x12, 0x20, 0x0a]))).toThrow(/the payload ends inside a field \(byte 2 of 3\): truncated\?/)
  })
  it('the topic namespace', () => {
    expect(sparkplugMessageType('spBv1.0/plant/DDATA/edge1/dev1')).toBe('DDATA')
    expect(sparkplugMessageType('spBv1.0/plant/NBIRTH/edge1')).toBe('NBIRTH')
    expect(sparkplugMessageType('spBv1.0/STATE/host')).toBeUndefined()
    expect(sparkplugMessageType('spAv1.0/plant/DDATA/e')).toBeUndefined()
  })
})

describe('avro', () => {
  it('round trips raw, decodes avsc-encoded raw and single-object encodings, names the field', async () => {
    const c = await loadCodec(spec('avro', { schema: fixture('reading.avsc') }))
    const value = { device_id: 'd', temperature: 1.5, ok: true, tags: ['a'] }
    expect(c.decode(c.encode(JSON.stringify(value)))).toEqual(value)
    const T = avro.Type.forSchema(JSON.parse(readFileSync(fixture('reading.avsc'), 'utf8')) as avro.Schema)
    const body = T.toBuffer(value)
    expect(c.decode(body)).toEqual(value)
    const single = Buffer.concat([Buffer.from([0xc3, 0x01]), avroFingerprint(JSON.stringify(T.schema())), body])
    expect(c.decode(single)).toEqual(value)
    const foreign = Buffer.concat([Buffer.from([0xc3, 0x01]), Buffer.alloc(8, 7), body])
    expect(() => c.decode(foreign)).toThrow(/another schema/)
    expect(() => c.encode('{"device_id":"d","temperature":"x","ok":true,"tags":[]}')).toThrow(/field temperature does not fit/)
    // avsc would drop a field the schema does not have: refused, as protobuf and Sparkplug do
    expect(() => c.encode('{"device_id":"d","temperature":1,"ok":true,"tags":[],"extra":1}')).toThrow(/field extra: no such field in the Avro record sensors.Reading/)
    expect(() => c.decode(body.subarray(0, 3))).toThrow(CodecError)
  })
  it('--avro-single encodes the single-object form: C3 01, the fingerprint, the body avsc writes', async () => {
    const c = await loadCodec({ ...spec('avro', { schema: fixture('reading.avsc') }), singleObject: true })
    const value = { device_id: 'd', temperature: 1.5, ok: true, tags: ['a', 'b'] }
    const T = avro.Type.forSchema(JSON.parse(readFileSync(fixture('reading.avsc'), 'utf8')) as avro.Schema)
    const bytes = c.encode(JSON.stringify(value))
    // the header for reading.avsc, pinned: C3 01 + CRC-64-AVRO of its canonical form, little-endian
    expect(bytes.subarray(0, 10).toString('hex')).toBe(`c301${avroFingerprint(JSON.stringify(T.schema())).toString('hex')}`)
    expect(bytes.subarray(10)).toEqual(T.toBuffer(value))
    expect(c.decode(bytes)).toEqual(value)
    // raw stays the default
    expect((await loadCodec(spec('avro', { schema: fixture('reading.avsc') }))).encode(JSON.stringify(value))).toEqual(T.toBuffer(value))
  })
  it('CRC-64-AVRO matches the Avro specification test vector', () => {
    // from the Avro spec's reference implementation: fingerprint64("\"null\"") = 0x63dd24e7cc258f8a
    expect(avroFingerprint('"null"').readBigUInt64LE().toString(16)).toBe('63dd24e7cc258f8a')
  })
})

describe('detection order', () => {
  const o = (over: Partial<DetectOptions> = {}): DetectOptions => ({ rules: [{ filter: 'sensors/+/pb', spec: spec('cbor') }, { filter: 'spBv1.0/#', spec: spec('json') }], schema: {}, ...over })
  it('flag > profile map > content-type > sparkplug topic', () => {
    expect(chooseCodec(o({ explicit: spec('msgpack') }), 'sensors/1/pb', 'application/json')?.reason).toBe('flag')
    expect(chooseCodec(o(), 'sensors/1/pb', 'application/json')).toEqual({ spec: spec('cbor'), reason: 'profile' })
    expect(chooseCodec(o({ rules: [] }), 'sensors/1/pb', 'application/json')).toEqual({ spec: spec('json'), reason: 'content-type' })
    expect(chooseCodec(o({ rules: [] }), 'spBv1.0/g/DDATA/e', 'application/cbor')?.reason).toBe('content-type')
    expect(chooseCodec(o({ rules: [] }), 'spBv1.0/g/DDATA/e', undefined)).toEqual({ spec: spec('sparkplug'), reason: 'sparkplug' })
    expect(chooseCodec(o({ rules: [] }), 'other', undefined)).toBeUndefined()
  })
  it('content-types', () => {
    expect(codecForContentType('application/vnd.api+json; charset=utf-8', {})?.body).toBe('json')
    expect(codecForContentType('application/x-protobuf', {})).toBeUndefined()
    expect(codecForContentType('application/x-protobuf', { proto: ['a.proto'] })?.body).toBe('protobuf')
    expect(codecForContentType('application/octet-stream', {})).toBeUndefined()
  })
  it('profile maps: names, objects, paths relative to the config file, errors', () => {
    const rules = parseCodecMap({ 'a/#': 'gzip+json', 'b/+': { codec: 'protobuf', proto: 'x.proto', type: 'p.M' } }, '/etc/mqtx', 'config.json')
    expect(rules).toEqual([{ filter: 'a/#', spec: spec('gzip+json') }, { filter: 'b/+', spec: { wrappers: [], body: 'protobuf', proto: ['/etc/mqtx/x.proto'], type: 'p.M' } }])
    expect(() => parseCodecMap({ 'a/#': { codec: 'json', prot: 'x' } }, '/', 'c')).toThrow(/unknown key 'prot'/)
    expect(() => parseCodecMap({ 'a/#x': 'json' }, '/', 'c')).toThrow(/not a valid topic filter/)
    expect(() => parseCodecMap([], '/', 'c')).toThrow(/must be an object/)
  })
})

describe('--select / --where (JMESPath)', () => {
  it('selects fields, filters, and missing fields give null', async () => {
    const sel = await compileExpression('temperature', '--select')
    expect(sel({ temperature: 31 })).toBe(31)
    expect(sel({ other: 1 })).toBeNull()
    const where = await compileExpression('temperature > `30`', '--where')
    expect(isTruthy(where({ temperature: 31 }))).toBe(true)
    expect(isTruthy(where({ temperature: 29 }))).toBe(false)
    expect(isTruthy(where({}))).toBe(false)
    const spb = await compileExpression("metrics[?name=='Temperature'].value | [0]", '--select')
    expect(spb({ metrics: [{ name: 'Temperature', value: 21.5 }] })).toBe(21.5)
    await expect(compileExpression('temperature >', '--where')).rejects.toThrow(/--where 'temperature >' is not a valid JMESPath expression/)
  })
  it('an unknown function is a usage error at start-up; a type error on one payload is warned (once per topic) and skips it', async () => {
    await expect(compileExpression('unknownfn(a)', '--where')).rejects.toThrow(/--where 'unknownfn\(a\)': Unknown function: unknownfn\(\)/)
    const warnings: string[] = []
    const d = new PayloadDecoding({ rules: [], schema: {}, explicit: spec('json'), defaultJson: false, where: await compileExpression('abs(name) > `1`', '--where') }, (w) => warnings.push(w), () => {})
    await d.preload()
    expect(d.decode('a', Buffer.from('{"name":"x"}'), undefined)).toBe('skip')
    expect(d.decode('a', Buffer.from('{"name":5}'), undefined)).toMatchObject({ value: { name: 5 } })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^--where 'abs\(name\) > `1`' failed on this payload: Invalid type: abs\(\) expected argument 1 to be type \(number\)/)
  })
})

describe('PayloadDecoding', () => {
  it('decodes, warns once per topic for bad payloads, applies --where and --select', async () => {
    const warnings: string[] = []
    const debug: string[] = []
    const d = new PayloadDecoding({ rules: [], schema: {}, explicit: spec('json'), defaultJson: false, where: await compileExpression('t > `1`', '--where'), select: await compileExpression('t', '--select') }, (w) => warnings.push(w), (t) => debug.push(t))
    await d.preload()
    expect(d.decode('a', Buffer.from('{"t":2}'), undefined)).toMatchObject({ codec: 'json', value: { t: 2 }, selected: 2, replacesPayload: true })
    expect(d.decode('a', Buffer.from('{"t":0}'), undefined)).toBe('skip')
    expect(d.decode('a', Buffer.from('{'), undefined)).toBe('skip')
    expect(d.decode('a', Buffer.from('{'), undefined)).toBe('skip')
    expect(d.decode('b', Buffer.from('x'), undefined)).toBe('skip')
    expect(warnings).toHaveLength(2)
    expect(debug).toHaveLength(1) // the second bad payload on 'a': --debug only
    expect(warnings[0]).toMatch(/^the payload on 'a' is not json: not JSON/)
  })
  it('auto-detected codecs load on first use and never replace the raw payload', async () => {
    const d = new PayloadDecoding({ rules: [], schema: {}, defaultJson: false }, () => {})
    expect(d.decode('plain/topic', Buffer.from('x'), undefined)).toBeUndefined()
    const first = d.decode('t', Buffer.from('{"a":1}'), 'application/json')
    expect(first).toBeInstanceOf(Promise)
    expect(await first).toEqual({ codec: 'json', value: { a: 1 }, replacesPayload: false } satisfies Decoded)
    expect(d.decode('t', Buffer.from('{"a":2}'), 'application/json')).toEqual({ codec: 'json', value: { a: 2 }, replacesPayload: false })
  })
})

describe('hostile bytes (fast-check)', () => {
  it('every decoder returns JSON-safe values or throws CodecError, and PayloadDecoding never throws', async () => {
    const codecs = await Promise.all(['json', 'text', 'cbor', 'msgpack', 'sparkplug', 'gzip+json', 'deflate+msgpack'].map((n) => loadCodec(spec(n))))
    codecs.push(await loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Reading' })), await loadCodec(spec('avro', { schema: fixture('reading.avsc') })))
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const c of codecs) {
          try {
            JSON.stringify(c.decode(Buffer.from(bytes)))
          } catch (err) {
            if (!(err instanceof CodecError)) throw new Error(`${c.label} threw ${(err as Error).name}: ${(err as Error).message}`)
          }
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    )
  })
})

describe('encoding refuses what it would change (reviewer findings)', () => {
  it('JSON integers beyond 2^53 are refused for every codec, as numbers; strings in int64 fields stay exact', async () => {
    const { checkExactIntegers } = await import('../../src/codecs/types.js')
    expect(() => checkExactIntegers('{"big":9007199254740993}')).toThrow(/the integer 9007199254740993 is beyond 2\^53/)
    expect(() => checkExactIntegers('{"neg":-18446744073709551616}')).toThrow(/beyond 2\^53/)
    expect(() => checkExactIntegers('{"ok":9007199254740991,"s":"9007199254740993123","f":1.12345678901234567,"e":12345678901234567e2}')).not.toThrow()
  })

  it('protobuf: an int32 out of range, a float beyond its range and a negative uint64 are refused, not wrapped', async () => {
    const c = await loadCodec(spec('protobuf', { proto: [SENSOR], type: 'sensors.Reading' }))
    expect(() => c.encode('{"battery":3000000000}')).toThrow(/field battery of sensors.Reading: expected an integer from -2147483648 to 2147483647 \(int32\)/)
    expect(() => c.encode('{"temperature":1e300}')).toThrow(/field temperature of sensors.Reading: too large for a float/)
    expect(() => c.encode('{"timestamp":-1}')).toThrow(/expected an integer from 0 to 18446744073709551615 \(uint64\)/)
    expect(() => c.encode('{"timestamp":"18446744073709551615","battery":-5}')).not.toThrow()
    // 64-bit text: short text goes to protobufjs as a number (same value), long text as text
    expect(() => c.encode('{"timestamp":"-5"}')).toThrow(/expected an integer from 0 to 18446744073709551615 \(uint64\)/)
    for (const t of ['0', '1764160000123', '999999999999999', '9007199254740993', '18446744073709551615']) {
      expect((c.decode(c.encode(`{"timestamp":"${t}","tags":["x"]}`)) as { timestamp: string }).timestamp).toBe(t)
    }
  })

  it('sparkplug: integers outside their datatype and seq outside 0..255 are refused; 64-bit text stays exact', async () => {
    const c = await loadCodec(spec('sparkplug'))
    const m = (datatype: string, value: unknown) => JSON.stringify({ metrics: [{ name: 'x', datatype, value }] })
    expect(() => c.encode(m('Int8', 300))).toThrow(/Int8 expects an integer from -128 to 127/)
    expect(() => c.encode(m('UInt32', 4294967296))).toThrow(/UInt32 expects an integer from 0 to 4294967295/)
    expect(() => c.encode(m('UInt64', '18446744073709551616'))).toThrow(/UInt64 expects an integer from 0 to 18446744073709551615/)
    expect(() => c.encode(JSON.stringify({ seq: 256, metrics: [] }))).toThrow(/seq: Sparkplug sequence numbers run from 0 to 255/)
    const decoded = c.decode(c.encode(m('UInt64', '18446744073709551615'))) as { metrics: Array<{ value: unknown }> }
    expect(String(decoded.metrics[0]?.value)).toBe('18446744073709551615')
    expect((c.decode(c.encode(m('Int8', -128))) as { metrics: Array<{ value: unknown }> }).metrics[0]?.value).toBe(-128)
  })
})
