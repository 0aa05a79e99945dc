/**
 * Compact JSON text written straight from decoded messages, for the raw NDJSON output of `sub`/`rr`
 * (the fast path: no intermediate object, no JSON.stringify of a whole tree, no escaping pass over
 * the whole line). Each writer gives exactly escapeJson(JSON.stringify(value)) for the value the
 * codec's decode() returns; test/unit/codec-text.test.ts compares both.
 */
import protobuf from 'protobufjs'
import { escapeJson } from '../output/escape.js'

/** Printable ASCII without '"' and '\\': JSON.stringify only adds the quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/

/** escapeJson(JSON.stringify(v)) for one value (undefined -> 'null', as inside an array). */
export function jsonText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return PLAIN.test(v) ? `"${v}"` : escapeJson(JSON.stringify(v))
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null'
    case 'boolean':
      return v ? 'true' : 'false'
    default:
      return escapeJson(JSON.stringify(v) ?? 'null')
  }
}

type Msg = Record<string, unknown>
type ValueWriter = (v: unknown, depth: number) => string
export type MessageWriter = (m: Msg, depth: number) => string

interface LongCtor {
  prototype: { toString(this: unknown): string }
}

interface LongBits {
  high: number
  low: number
  unsigned: boolean
}

/** Long.prototype.toString without its divisions when the value is below 2^53 (timestamps, counters). */
function longText(Long: LongCtor, v: LongBits): string {
  const high = v.unsigned ? v.high >>> 0 : v.high
  if (high < 0x200000 && high >= -0x200000) return String(high * 4294967296 + (v.low >>> 0))
  return Long.prototype.toString.call(v)
}

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, json: true }
const writers = new WeakMap<protobuf.Type, MessageWriter>()

function scalarWriter(field: protobuf.Field): ValueWriter {
  switch (field.type) {
    case 'double':
    case 'float':
      // toObject with json: true writes NaN/±Infinity as text
      return (v) => (Number.isFinite(v) ? String(v) : jsonText(String(v)))
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64': {
      // toObject with longs: String (protobufjs gives a Long, or a number without the long package)
      const Long = protobuf.util.Long as unknown as LongCtor | null
      return (v) => `"${typeof v === 'number' || Long === null ? String(v) : longText(Long, v as LongBits)}"`
    }
    case 'bytes':
      return (v) => `"${protobuf.util.base64.encode(v as Uint8Array, 0, (v as Uint8Array).length)}"`
    default:
      return jsonText
  }
}

function valueWriter(field: protobuf.Field): ValueWriter {
  const resolved = field.resolvedType
  if (resolved instanceof protobuf.Enum) {
    const names = resolved.values as unknown as Record<number, string | undefined>
    return (v) => jsonText(names[v as number] ?? v)
  }
  if (resolved instanceof protobuf.Type) {
    const nested = messageWriter(resolved)
    return (v, depth) => nested(v as Msg, depth + 1)
  }
  return scalarWriter(field)
}

/**
 * A writer giving escapeJson(JSON.stringify(type.toObject(m, TO_OBJECT))), compiled once per type from its
 * reflection. Types protobufjs converts with a custom wrapper (google.protobuf.Any …) keep toObject.
 */
export function messageWriter(type: protobuf.Type): MessageWriter {
  const known = writers.get(type)
  if (known !== undefined) return known
  const viaObject: MessageWriter = (m) => jsonText(type.toObject(m as unknown as protobuf.Message, TO_OBJECT))
  if (Object.hasOwn(protobuf.wrappers, type.fullName)) {
    writers.set(type, viaObject)
    return viaObject
  }
  // recursive types: the writer refers to itself through this slot until compiled
  let compiled: MessageWriter | undefined
  writers.set(type, (m, depth) => (compiled ?? viaObject)(m, depth))
  compiled = compile(type) ?? viaObject
  writers.set(type, compiled)
  return compiled
}

type Part = (m: Msg, depth: number) => string | undefined

function compile(type: protobuf.Type): MessageWriter | undefined {
  const fields = type.fieldsArray.slice().sort((a, b) => a.id - b.id)
  if (fields.some((f) => f.name === '__proto__')) return undefined
  // toObject's own key order and defaults: what it gives for a message with no field set
  const defaults = type.toObject({} as protobuf.Message, TO_OBJECT)
  const parts: Array<{ key: string; part: Part }> = []
  for (const name of Object.keys(defaults)) {
    const field = fields.find((f) => f.name === name)
    if (field === undefined) return undefined
    parts.push({ key: `${jsonText(name)}:`, part: fieldPart(field, jsonText(defaults[name])) })
  }
  // oneof members (no default): after the others, in field-number order, when set
  for (const field of fields) {
    if (field.partOf === null || Object.hasOwn(defaults, field.name)) continue
    parts.push({ key: `${jsonText(field.name)}:`, part: fieldPart(field, undefined) })
  }
  const limit = protobuf.util.recursionLimit
  return (m, depth) => {
    if (depth > limit) throw new Error('max depth exceeded')
    let out = '{'
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as { key: string; part: Part }
      const text = p.part(m, depth)
      if (text === undefined) continue
      out += out.length === 1 ? p.key + text : `,${p.key}${text}`
    }
    return `${out}}`
  }
}

function fieldPart(field: protobuf.Field, dflt: string | undefined): Part {
  const name = field.name
  const value = valueWriter(field)
  if (field.map) {
    return (m, depth) => {
      const map = m[name] as Msg | undefined
      const keys = map ? Object.keys(map) : []
      if (keys.length === 0) return dflt
      let out = '{'
      for (let j = 0; j < keys.length; j++) out += `${j === 0 ? '' : ','}${jsonText(keys[j])}:${value((map as Msg)[keys[j] as string], depth)}`
      return `${out}}`
    }
  }
  if (field.repeated) {
    return (m, depth) => {
      const list = m[name] as unknown[] | undefined
      if (!list || list.length === 0) return dflt
      let out = '['
      for (let j = 0; j < list.length; j++) out += (j === 0 ? '' : ',') + value(list[j], depth)
      return `${out}]`
    }
  }
  return (m, depth) => (Object.hasOwn(m, name) && m[name] != null ? value(m[name], depth) : dflt)
}
