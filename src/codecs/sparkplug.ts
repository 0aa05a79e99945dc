/**
 * Sparkplug B (Eclipse Tahu schema in schema/sparkplug_b.proto, decoded by protobufjs) in a readable
 * shape: datatypes by name, the metric's value in `value` (signed ints, 64-bit as numbers when exact,
 * arrays unpacked, DataSets as columns + rows), aliases and timestamps as numbers. `pub --encode
 * sparkplug` takes the same shape (datatype optional: inferred from the JSON value).
 */
import protobuf from 'protobufjs'
import { SPARKPLUG_DESCRIPTOR } from './schema/sparkplug-descriptor.js'
import { jsonText } from './json-text.js'
import { diagnoseDecode, strictView } from './protobuf-check.js'
import { DATATYPES, datatypeName, datatypeNumber, isArrayType, readArray, signedInt, writeArray } from './sparkplug-values.js'
import { CodecError, isPlainObject, parseJsonInput, type Codec } from './types.js'

type Obj = Record<string, unknown>

let payloadType: protobuf.Type | undefined
function schema(): protobuf.Type {
  payloadType ??= protobuf.Root.fromJSON(SPARKPLUG_DESCRIPTOR).lookupType('org.eclipse.tahu.protobuf.Payload')
  return payloadType
}

/**
 * The readable shape is built straight from protobufjs' decoded message objects (no toObject copy:
 * half the garbage per message). Unset proto2 fields are not own properties (the prototype holds
 * defaults), so fields are read with own(); `value` is protobufjs' oneof getter (the set field's
 * name); 64-bit fields are protobufjs Long objects, made numbers by longOut() (text above 2^53).
 */
const own = (o: Obj, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined)
const list = (o: Obj, key: string): Obj[] => (own(o, key) as Obj[] | undefined) ?? []

interface LongLike {
  high: number
  low: number
  unsigned: boolean
  toNumber(): number
  toString(): string
  toSigned(): LongLike
  toUnsigned(): LongLike
}

function longOut(v: unknown, signed = false): unknown {
  if (typeof v !== 'object' || v === null || !('high' in v)) return v
  const l = v as LongLike
  const x = signed ? (l.unsigned ? l.toSigned() : l) : l.unsigned ? l : l.toUnsigned()
  const exact = signed ? x.high >= -0x200000 && x.high < 0x200000 : x.high >>> 0 < 0x200000
  return exact ? x.toNumber() : x.toString()
}

function valueOf(m: Obj, type: string | undefined): unknown {
  return valueIn(m, own(m, 'is_null') === true, m.value as string | undefined, type)
}

/** The value of oneof member `field` (undefined: none set), read as `type`. */
function valueIn(m: Obj, isNull: boolean, field: string | undefined, type: string | undefined): unknown {
  if (isNull) return null
  if (field === undefined) return undefined
  const v = m[field]
  if (field === 'bytes_value') {
    const bytes = Buffer.from(v as Uint8Array)
    return type !== undefined && isArrayType(type) ? readArray(type, bytes) : bytes.toString('base64')
  }
  if (field === 'int_value') return signedInt(type ?? '', v as number)
  if (field === 'long_value') return longOut(v, type === 'Int64')
  if (field === 'dataset_value') return dataSet(v as Obj)
  if (field === 'template_value') return template(v as Obj)
  if (field === 'propertyset_value') return propertySet(v as Obj)
  if (field === 'propertysets_value') return list(v as Obj, 'propertyset').map(propertySet)
  if (field === 'extension_value') return {}
  return v
}

function dataSet(d: Obj): Obj {
  const types = ((own(d, 'types') as number[] | undefined) ?? []).map((t) => datatypeName(t))
  const rows = list(d, 'rows').map((r) => list(r, 'elements').map((e, i) => valueOf(e, types[i])))
  return { columns: own(d, 'columns') ?? [], types, rows }
}

function propertySet(p: Obj): Obj {
  const out: Obj = {}
  const keys = (own(p, 'keys') as string[] | undefined) ?? []
  const values = list(p, 'values')
  keys.forEach((k, i) => {
    const v = values[i] ?? {}
    out[k] = valueOf(v, datatypeName(own(v, 'type') as number | undefined))
  })
  return out
}

function template(t: Obj): Obj {
  const out: Obj = {}
  for (const key of ['version', 'template_ref', 'is_definition']) if (own(t, key) !== undefined) out[key] = own(t, key)
  out.metrics = list(t, 'metrics').map(metric)
  out.parameters = list(t, 'parameters').map((p) => ({ name: own(p, 'name'), type: datatypeName(own(p, 'type') as number | undefined), value: valueOf(p, datatypeName(own(p, 'type') as number | undefined)) }))
  return out
}

function metric(m: Obj): Obj {
  const type = datatypeName(own(m, 'datatype') as number | undefined)
  const out: Obj = {}
  if (Object.hasOwn(m, 'name')) out.name = m.name
  if (Object.hasOwn(m, 'alias')) out.alias = longOut(m.alias)
  if (Object.hasOwn(m, 'timestamp')) out.timestamp = longOut(m.timestamp)
  if (type !== undefined) out.datatype = type
  const value = valueOf(m, type)
  if (value !== undefined) out.value = value
  if (own(m, 'is_historical') === true) out.isHistorical = true
  if (own(m, 'is_transient') === true) out.isTransient = true
  if (Object.hasOwn(m, 'properties')) out.properties = propertySet(m.properties as Obj)
  if (Object.hasOwn(m, 'metadata')) out.metadata = Object.fromEntries(Object.keys(m.metadata as Obj).map((k) => [k, longOut((m.metadata as Obj)[k])]))
  return out
}

function decodeRaw(payload: Buffer): Obj {
  const type = schema()
  try {
    return type.decode(strictView(payload)) as unknown as Obj
  } catch (err) {
    throw new CodecError(diagnoseDecode(type, payload) ?? (err as Error).message)
  }
}

/** Metric's `value` oneof members: protobufjs' getter gives the last own one that is set. */
let valueFields: Set<string> | undefined
const DATATYPE_TEXT: string[] = DATATYPES.map((d) => `"${d}"`)

/**
 * escapeJson(JSON.stringify(metric(m))), written directly (json-text.ts) from ONE pass over the
 * metric's own keys (instead of a hasOwn per field and the oneof getter's Object.keys); datatype
 * names as ready JSON text; no closure per metric (together ~25 % less than before).
 */
function metricText(m: Obj): string {
  valueFields ??= new Set(schema().lookupType('.org.eclipse.tahu.protobuf.Payload.Metric').oneofs?.value?.oneof ?? [])
  let has = 0 // 1 name, 2 alias, 4 timestamp, 8 is_historical, 16 is_transient, 32 is_null, 64 properties/metadata
  let datatype: number | undefined
  let field: string | undefined
  const keys = Object.keys(m)
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    switch (k) {
      case 'name': has |= 1; break
      case 'alias': has |= 2; break
      case 'timestamp': has |= 4; break
      case 'datatype': datatype = m.datatype as number | undefined; break
      case 'is_historical': if (m.is_historical === true) has |= 8; break
      case 'is_transient': if (m.is_transient === true) has |= 16; break
      case 'is_null': if (m.is_null === true) has |= 32; break
      case 'properties':
      case 'metadata': has |= 64; break
      default: if (m[k] !== undefined && m[k] !== null && valueFields.has(k)) field = k
    }
  }
  const type = datatypeName(datatype)
  let out = (has & 1) !== 0 ? `{"name":${jsonText(m.name)}` : '{'
  if ((has & 2) !== 0) out += `${out.length > 1 ? ',' : ''}"alias":${jsonText(longOut(m.alias))}`
  if ((has & 4) !== 0) out += `${out.length > 1 ? ',' : ''}"timestamp":${jsonText(longOut(m.timestamp))}`
  if (type !== undefined) out += `${out.length > 1 ? ',' : ''}"datatype":${DATATYPE_TEXT[datatype as number] ?? jsonText(type)}`
  const value = valueIn(m, (has & 32) !== 0, field, type)
  if (value !== undefined) out += `${out.length > 1 ? ',' : ''}"value":${jsonText(value)}`
  if ((has & 8) !== 0) out += `${out.length > 1 ? ',' : ''}"isHistorical":true`
  if ((has & 16) !== 0) out += `${out.length > 1 ? ',' : ''}"isTransient":true`
  if ((has & 64) !== 0) {
    const rest = metric(m)
    if (rest.properties !== undefined) out += `${out.length > 1 ? ',' : ''}"properties":${jsonText(rest.properties)}`
    if (rest.metadata !== undefined) out += `${out.length > 1 ? ',' : ''}"metadata":${jsonText(rest.metadata)}`
  }
  return `${out}}`
}

/** escapeJson(JSON.stringify(decodeSparkplug(payload))) without the intermediate objects. */
export function decodeSparkplugText(payload: Buffer): string {
  const raw = decodeRaw(payload)
  let out = '{'
  if (Object.hasOwn(raw, 'timestamp')) out += `"timestamp":${jsonText(longOut(raw.timestamp))},`
  if (Object.hasOwn(raw, 'seq')) out += `"seq":${jsonText(longOut(raw.seq))},`
  if (Object.hasOwn(raw, 'uuid')) out += `"uuid":${jsonText(raw.uuid)},`
  const metrics = list(raw, 'metrics')
  out += '"metrics":['
  for (let i = 0; i < metrics.length; i++) out += (i === 0 ? '' : ',') + metricText(metrics[i] as Obj)
  out += ']'
  if (Object.hasOwn(raw, 'body')) out += `,"body":"${Buffer.from(raw.body as Uint8Array).toString('base64')}"`
  return `${out}}`
}

export function decodeSparkplug(payload: Buffer): Obj {
  const raw = decodeRaw(payload)
  const out: Obj = {}
  if (Object.hasOwn(raw, 'timestamp')) out.timestamp = longOut(raw.timestamp)
  if (Object.hasOwn(raw, 'seq')) out.seq = longOut(raw.seq)
  if (Object.hasOwn(raw, 'uuid')) out.uuid = raw.uuid
  out.metrics = list(raw, 'metrics').map(metric)
  if (Object.hasOwn(raw, 'body')) out.body = Buffer.from(raw.body as Uint8Array).toString('base64')
  return out
}

function inferType(v: unknown): string {
  if (typeof v === 'boolean') return 'Boolean'
  if (typeof v === 'number') return Number.isInteger(v) ? 'Int64' : 'Double'
  if (typeof v === 'string') return 'String'
  return 'Unknown'
}

const INT32 = new Set(['Int8', 'Int16', 'Int32', 'UInt8', 'UInt16', 'UInt32'])
const INT64 = new Set(['Int64', 'UInt64', 'DateTime'])
/** Sparkplug B's integer datatypes; a value outside is refused, not wrapped (300 as Int8 was 44). */
const INT_RANGE: Record<string, [bigint, bigint] | undefined> = {
  Int8: [-128n, 127n], Int16: [-32768n, 32767n], Int32: [-(2n ** 31n), 2n ** 31n - 1n],
  UInt8: [0n, 255n], UInt16: [0n, 65535n], UInt32: [0n, 2n ** 32n - 1n],
  Int64: [-(2n ** 63n), 2n ** 63n - 1n], UInt64: [0n, 2n ** 64n - 1n], DateTime: [0n, 2n ** 64n - 1n],
}

function rawValue(type: string, v: unknown, where: string): Obj {
  const bad = (what: string): never => {
    throw new CodecError(`${where}: ${type} expects ${what}, got ${JSON.stringify(v)?.slice(0, 60)}`)
  }
  if (v === null) return { is_null: true }
  if (INT32.has(type) || INT64.has(type)) {
    if (!(typeof v === 'number' && Number.isInteger(v)) && !(typeof v === 'string' && /^-?\d+$/.test(v))) bad('an integer')
    const n = BigInt(v as string | number)
    const [lo, hi] = INT_RANGE[type] ?? [0n, 0n]
    if (n < lo || n > hi) bad(`an integer from ${lo} to ${hi}`)
    // Sparkplug carries signed values as their two's complement in the unsigned field
    return INT32.has(type) ? { int_value: Number(BigInt.asUintN(32, n)) } : { long_value: BigInt.asUintN(64, n).toString() }
  }
  if (type === 'Float' || type === 'Double') return typeof v === 'number' ? { [type === 'Float' ? 'float_value' : 'double_value']: v } : bad('a number')
  if (type === 'Boolean') return typeof v === 'boolean' ? { boolean_value: v } : bad('true or false')
  if (type === 'String' || type === 'Text' || type === 'UUID') return typeof v === 'string' ? { string_value: v } : bad('text')
  if (type === 'Bytes' || type === 'File') return typeof v === 'string' ? { bytes_value: v } : bad('base64 text')
  if (isArrayType(type)) return { bytes_value: writeArray(type, v, where).toString('base64') }
  throw new CodecError(`${where}: encoding ${type} values is not supported (use a scalar or array datatype)`)
}

function rawMetric(m: unknown, i: number): Obj {
  const where = `metrics[${i}]`
  if (!isPlainObject(m)) throw new CodecError(`${where}: expected an object {name, datatype, value}`)
  const known = new Set(['name', 'alias', 'timestamp', 'datatype', 'value', 'isHistorical', 'isTransient', 'properties', 'metadata'])
  for (const k of Object.keys(m)) if (!known.has(k)) throw new CodecError(`${where}.${k}: no such metric field (${[...known].join(', ')})`)
  const type = m.datatype === undefined ? inferType(m.value) : (datatypeName(datatypeNumber(m.datatype, `${where}.datatype`)) as string)
  const out: Obj = { datatype: datatypeNumber(type, `${where}.datatype`) }
  if (m.name !== undefined) out.name = m.name
  if (m.alias !== undefined) out.alias = m.alias
  out.timestamp = m.timestamp ?? Date.now()
  if (m.isHistorical === true) out.is_historical = true
  if (m.isTransient === true) out.is_transient = true
  if (m.value !== undefined) Object.assign(out, rawValue(type, m.value, `${where}.value`))
  return out
}

export function encodeSparkplug(value: unknown): Buffer {
  if (!isPlainObject(value)) throw new CodecError('a Sparkplug B payload is an object: {"metrics":[{"name":…,"datatype":…,"value":…}]}')
  for (const k of Object.keys(value)) if (!['timestamp', 'seq', 'uuid', 'body', 'metrics'].includes(k)) throw new CodecError(`${k}: no such payload field (timestamp, seq, uuid, body, metrics)`)
  if (value.metrics !== undefined && !Array.isArray(value.metrics)) throw new CodecError('metrics: expected an array')
  const raw: Obj = { timestamp: value.timestamp ?? Date.now(), metrics: ((value.metrics as unknown[] | undefined) ?? []).map(rawMetric) }
  const seq = value.seq
  if (seq !== undefined && !(typeof seq === 'number' && Number.isInteger(seq) && seq >= 0 && seq <= 255)) {
    throw new CodecError(`seq: Sparkplug sequence numbers run from 0 to 255, got ${JSON.stringify(seq)?.slice(0, 30)}`)
  }
  for (const k of ['seq', 'uuid', 'body'] as const) if (value[k] !== undefined) raw[k] = value[k]
  const type = schema()
  const problem = type.verify(type.fromObject(raw))
  if (problem !== null) throw new CodecError(problem)
  return Buffer.from(type.encode(type.fromObject(raw)).finish())
}

export const sparkplugCodec: Codec = {
  label: 'sparkplug',
  decode: (payload) => decodeSparkplug(payload),
  decodeText: (payload) => decodeSparkplugText(payload),
  encode: (text) => encodeSparkplug(parseJsonInput(text)),
}
