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

function fail(type: protobuf.Type, path: string, what: string, value: unknown): never {
  throw new CodecError(`field ${path} of ${type.fullName.replace(/^\./, '')}: ${what}, got ${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`)
}

function checkScalar(owner: protobuf.Type, field: protobuf.Field, v: unknown, path: string): void {
  const t = field.type
  if (field.resolvedType instanceof protobuf.Type) {
    if (!isPlainObject(v)) fail(owner, path, `expected an object (${t})`, v)
    checkJsonAgainst(field.resolvedType, v, `${path}.`)
  } else if (field.resolvedType instanceof protobuf.Enum) {
    const e = field.resolvedType
    if (!(typeof v === 'string' && Object.hasOwn(e.values, v)) && !(typeof v === 'number' && Number.isInteger(v))) {
      fail(owner, path, `expected one of ${Object.keys(e.values).join(', ')}`, v)
    }
  } else if (NUMBER.has(t)) {
    if (typeof v !== 'number' && !(typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)))) fail(owner, path, `expected a number (${t})`, v)
  } else if (INT64.has(t)) {
    if (!(typeof v === 'number' && Number.isInteger(v)) && !(typeof v === 'string' && /^-?\d+$/.test(v))) fail(owner, path, `expected an integer (${t})`, v)
  } else if (t === 'bool') {
    if (typeof v !== 'boolean') fail(owner, path, 'expected true or false', v)
  } else if (t === 'string' || t === 'bytes') {
    if (typeof v !== 'string') fail(owner, path, t === 'bytes' ? 'expected base64 text (bytes)' : 'expected text', v)
  }
}

/** JSON input against a message type, naming the first field that does not fit. */
export function checkJsonAgainst(type: protobuf.Type, value: Record<string, unknown>, prefix: string): void {
  for (const [key, v] of Object.entries(value)) {
    const field = type.fields[key] ?? type.fieldsArray.find((f) => f.name === key || (f as { jsonName?: string }).jsonName === key)
    const path = `${prefix}${key}`
    if (field === undefined) fail(type, path, `no such field (fields: ${type.fieldsArray.map((f) => f.name).join(', ')})`, v)
    if (v === null) continue
    field.resolve()
    if (field.map) {
      if (!isPlainObject(v)) fail(type, path, 'expected an object (a map)', v)
      for (const [k, x] of Object.entries(v)) checkScalar(type, field, x, `${path}.${k}`)
    } else if (field.repeated) {
      if (!Array.isArray(v)) fail(type, path, 'expected an array (repeated)', v)
      v.forEach((x, i) => checkScalar(type, field, x, `${path}[${i}]`))
    } else checkScalar(type, field, v, path)
  }
}
