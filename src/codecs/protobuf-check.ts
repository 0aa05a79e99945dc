/**
 * Say WHICH field did not fit: protobufjs itself reports "invalid wire type 2 at offset 5" on decode
 * and silently coerces on encode. Both checks read the schema (protobufjs reflection) and use its
 * Reader; they run only when something is wrong (decode) or once per input (encode).
 */
import protobuf from 'protobufjs'
import { CodecError, isPlainObject } from './types.js'

const WIRE = ['varint', '64-bit', 'length-delimited', 'start-group', 'end-group', '32-bit']
const wireName = (wt: number) => WIRE[wt] ?? `invalid (${wt})`

function expectedWire(field: protobuf.Field): number {
  const basic = (protobuf.types.basic as Record<string, number | undefined>)[field.type]
  if (basic !== undefined) return basic
  return field.resolvedType instanceof protobuf.Enum ? 0 : 2
}

/**
 * protobufjs reads a Buffer with its BufferReader, whose string() clamps a length that runs past the
 * end: a truncated payload decoded "fine". This reader keeps the fast native UTF-8 slice and checks
 * the bound like the base Reader does for bytes.
 */
class StrictBufferReader extends protobuf.BufferReader {
  override string(): string {
    const len = this.uint32()
    const start = this.pos
    if (start + len > this.len) throw new RangeError(`index out of range: ${start} + ${len} > ${this.len}`)
    this.pos = start + len
    return (this.buf as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(start, this.pos)
  }
}

type Read64 = (this: protobuf.Reader) => unknown
const READ64 = ['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'] as const

/**
 * protobufjs' own 64-bit readers as it configures them without long.js: they give numbers (inexact
 * past 2^53). Captured once by configuring its Reader without util.Long and then back as it was.
 */
function numberReaders(): Record<(typeof READ64)[number], Read64> {
  const proto = protobuf.Reader.prototype as unknown as Record<string, Read64>
  const reader = protobuf.Reader as unknown as { _configure(b: typeof protobuf.BufferReader): void }
  const util = protobuf.util as { Long: unknown }
  const Long = util.Long
  util.Long = null
  try {
    reader._configure(protobuf.BufferReader)
    return Object.fromEntries(READ64.map((name) => [name, proto[name] as Read64])) as Record<(typeof READ64)[number], Read64>
  } finally {
    util.Long = Long
    reader._configure(protobuf.BufferReader)
  }
}

/**
 * 64-bit fields as plain numbers when exact (|value| <= 2^53 - 1: timestamps, counters, aliases),
 * else the Long protobufjs gives today: no Long object per field (Sparkplug has 12 per DDATA). Every
 * consumer (toObject, json-text.ts, Sparkplug's longOut) takes both.
 */
{
  const asNumber = numberReaders()
  const proto = StrictBufferReader.prototype as unknown as Record<string, Read64>
  for (const name of READ64) {
    const number = asNumber[name]
    const long = protobuf.Reader.prototype[name] as unknown as Read64
    proto[name] = function read64(this: protobuf.Reader): unknown {
      const at = this.pos
      const n = number.call(this) as number
      if (n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER) return n
      this.pos = at
      return long.call(this)
    }
  }
}

export function strictView(payload: Buffer): protobuf.Reader {
  return new StrictBufferReader(payload)
}

/** Walk the payload's tags against `type`; the first mismatch in words, or undefined. */
export function diagnoseDecode(type: protobuf.Type, payload: Uint8Array, path = ''): string | undefined {
  const reader = protobuf.Reader.create(payload)
  try {
    while (reader.pos < reader.len) {
      const at = reader.pos
      const tag = reader.uint32()
      const id = tag >>> 3
      const wt = tag & 7
      if (wt > 5 || id === 0) return `byte ${at}: tag ${id} with wire type ${wt} is not valid protobuf (truncated, or not protobuf at all)`
      const field = type.fieldsById[id]
      if (field !== undefined) {
        const want = expectedWire(field)
        const packable = field.repeated && want !== 2 && wt === 2
        if (wt !== want && !packable) {
          return `field ${path}${field.name} (tag ${id}, ${field.type}) was sent as ${wireName(wt)} at byte ${at}, the schema expects ${wireName(want)}: is this the right message type?`
        }
        if (wt === 2 && field.resolvedType instanceof protobuf.Type) {
          const inner = reader.bytes()
          const deeper = diagnoseDecode(field.resolvedType, inner, `${path}${field.name}.`)
          if (deeper !== undefined) return deeper
          continue
        }
      }
      reader.skipType(wt)
    }
  } catch {
    return `the payload ends inside a field (byte ${reader.pos} of ${payload.length}): truncated?`
  }
  return undefined
}

const INT64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'])
const NUMBER = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32'])
/** protobufjs would wrap an out-of-range value silently (3000000000 as int32 is -1294967296). */
const INT32_RANGE: Record<string, [number, number] | undefined> = {
  int32: [-2147483648, 2147483647], sint32: [-2147483648, 2147483647], sfixed32: [-2147483648, 2147483647],
  uint32: [0, 4294967295], fixed32: [0, 4294967295],
}

function fail(type: protobuf.Type, path: string, what: string, value: unknown): never {
  throw new CodecError(`field ${path} of ${type.fullName.replace(/^\./, '')}: ${what}, got ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`)
}

/** Throws naming the field, or returns the value for fromObject (`v`, or a cheaper equal form). */
type Check = (v: unknown, path: string) => unknown

/** One checker per field kind, built once per message type (pub -l checks every line). */
function scalarCheck(owner: protobuf.Type, field: protobuf.Field): Check {
  field.resolve()
  const t = field.type
  const rt = field.resolvedType
  if (rt instanceof protobuf.Type) {
    return (v, path) => {
      if (!isPlainObject(v)) fail(owner, path, `expected an object (${t})`, v)
      checkJsonAgainst(rt, v, `${path}.`)
      return v
    }
  }
  if (rt instanceof protobuf.Enum) {
    return (v, path) => {
      if (!(typeof v === 'string' && Object.hasOwn(rt.values, v)) && !(typeof v === 'number' && Number.isInteger(v))) fail(owner, path, `expected one of ${Object.keys(rt.values).join(', ')}`, v)
      return v
    }
  }
  if (NUMBER.has(t)) {
    const range = INT32_RANGE[t]
    return (v, path) => {
      if (typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))) fail(owner, path, `expected a number (${t})`, v)
      const n = Number(v)
      if (range !== undefined && (!Number.isInteger(n) || n < range[0] || n > range[1])) fail(owner, path, `expected an integer from ${range[0]} to ${range[1]} (${t})`, v)
      if (t === 'float' && Number.isFinite(n) && Math.abs(n) > 3.4028234663852886e38) fail(owner, path, 'too large for a float (at most 3.4028235e38)', v)
      return v
    }
  }
  if (INT64.has(t)) {
    const [lo, hi] = t === 'uint64' || t === 'fixed64' ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n]
    return (v, path) => {
      if (!(typeof v === 'number' && Number.isInteger(v)) && !(typeof v === 'string' && /^-?\d+$/.test(v))) fail(owner, path, `expected an integer (${t})`, v)
      if (typeof v === 'string' && v.length < 16) {
        // (protobuf's JSON form: 64-bit integers as text) below 2^53 as a number: fromObject's
        // Long.fromString costs ~0.25 µs, Long.fromNumber a few ns
        const n = Number(v)
        if (n < Number(lo) || n > Number(hi)) fail(owner, path, `expected an integer from ${lo} to ${hi} (${t})`, v)
        return n
      }
      const n = BigInt(v as number | string)
      if (n < lo || n > hi) fail(owner, path, `expected an integer from ${lo} to ${hi} (${t})`, v)
      return v
    }
  }
  if (t === 'bool') {
    return (v, path) => {
      if (typeof v !== 'boolean') fail(owner, path, 'expected true or false', v)
      return v
    }
  }
  const what = t === 'bytes' ? 'expected base64 text (bytes)' : 'expected text'
  return (v, path) => {
    if (typeof v !== 'string') fail(owner, path, what, v)
    return v
  }
}

function fieldCheck(owner: protobuf.Type, field: protobuf.Field): Check {
  const one = scalarCheck(owner, field)
  if (field.map) {
    return (v, path) => {
      if (!isPlainObject(v)) fail(owner, path, 'expected an object (a map)', v)
      for (const k of Object.keys(v)) v[k] = one(v[k], `${path}.${k}`)
      return v
    }
  }
  if (field.repeated) {
    return (v, path) => {
      if (!Array.isArray(v)) fail(owner, path, 'expected an array (repeated)', v)
      for (let i = 0; i < v.length; i++) v[i] = one(v[i], `${path}[${i}]`)
      return v
    }
  }
  return one
}

const checkers = new WeakMap<protobuf.Type, Map<string, Check>>()

function checkersOf(type: protobuf.Type): Map<string, Check> {
  let map = checkers.get(type)
  if (map === undefined) {
    map = new Map()
    for (const f of type.fieldsArray) {
      const check = fieldCheck(type, f)
      map.set(f.name, check)
      const json = (f as { jsonName?: string }).jsonName
      if (json !== undefined && json !== f.name) map.set(json, check)
    }
    checkers.set(type, map)
  }
  return map
}

/**
 * JSON input against a message type, naming the first field that does not fit. The input is made
 * ready for fromObject on the way (64-bit integers given as short text become numbers: same value).
 */
export function checkJsonAgainst(type: protobuf.Type, value: Record<string, unknown>, prefix: string): void {
  const map = checkersOf(type)
  for (const key in value) {
    const v = value[key]
    const check = map.get(key)
    if (check === undefined) fail(type, `${prefix}${key}`, `no such field (fields: ${type.fieldsArray.map((f) => f.name).join(', ')})`, v)
    if (v === null) continue
    const ready = check(v, prefix === '' ? key : `${prefix}${key}`)
    if (ready !== v) value[key] = ready
  }
}
