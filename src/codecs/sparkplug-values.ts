/**
 * Sparkplug B metric values: which oneof field a datatype uses, signed widths, and the packed array
 * datatypes (Sparkplug 3.0 §6.4.17: little-endian elements in bytes_value; BooleanArray = a 4-byte
 * element count + bits, most significant first; StringArray = NUL-terminated UTF-8 strings).
 */
import { CodecError } from './types.js'

export const DATATYPES = [
  'Unknown', 'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'Float', 'Double', 'Boolean', 'String',
  'DateTime', 'Text', 'UUID', 'DataSet', 'Bytes', 'File', 'Template', 'PropertySet', 'PropertySetList', 'Int8Array', 'Int16Array',
  'Int32Array', 'Int64Array', 'UInt8Array', 'UInt16Array', 'UInt32Array', 'UInt64Array', 'FloatArray', 'DoubleArray',
  'BooleanArray', 'StringArray', 'DateTimeArray',
] as const

export function datatypeName(n: number | undefined): string | undefined {
  return n === undefined ? undefined : (DATATYPES[n] ?? String(n))
}

export function datatypeNumber(v: unknown, where: string): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v
  const i = typeof v === 'string' ? DATATYPES.findIndex((d) => d.toLowerCase() === v.toLowerCase()) : -1
  if (i < 0) throw new CodecError(`${where}: unknown datatype ${JSON.stringify(v)} (${DATATYPES.slice(1, 22).join(', ')}, …Array)`)
  return i
}

/** uint64 text from protobufjs -> number when exact, else decimal text; signed for Int64. */
export function longValue(text: string, signed: boolean): number | string {
  const b = signed ? BigInt.asIntN(64, BigInt(text)) : BigInt(text)
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b.toString()
}

const INT_BITS: Record<string, number> = { Int8: 8, Int16: 16, Int32: 32 }

export function signedInt(type: string, v: number): number {
  const bits = INT_BITS[type]
  return bits === undefined ? v : (v << (32 - bits)) >> (32 - bits)
}

type ArrayCodec = { size: number; read: (b: Buffer, o: number) => number | bigint; write: (b: Buffer, v: never, o: number) => unknown }
const ARRAYS: Record<string, ArrayCodec> = {
  Int8Array: { size: 1, read: (b, o) => b.readInt8(o), write: (b, v, o) => b.writeInt8(v, o) },
  Int16Array: { size: 2, read: (b, o) => b.readInt16LE(o), write: (b, v, o) => b.writeInt16LE(v, o) },
  Int32Array: { size: 4, read: (b, o) => b.readInt32LE(o), write: (b, v, o) => b.writeInt32LE(v, o) },
  Int64Array: { size: 8, read: (b, o) => b.readBigInt64LE(o), write: (b, v, o) => b.writeBigInt64LE(v, o) },
  UInt8Array: { size: 1, read: (b, o) => b.readUInt8(o), write: (b, v, o) => b.writeUInt8(v, o) },
  UInt16Array: { size: 2, read: (b, o) => b.readUInt16LE(o), write: (b, v, o) => b.writeUInt16LE(v, o) },
  UInt32Array: { size: 4, read: (b, o) => b.readUInt32LE(o), write: (b, v, o) => b.writeUInt32LE(v, o) },
  UInt64Array: { size: 8, read: (b, o) => b.readBigUInt64LE(o), write: (b, v, o) => b.writeBigUInt64LE(v, o) },
  FloatArray: { size: 4, read: (b, o) => b.readFloatLE(o), write: (b, v, o) => b.writeFloatLE(v, o) },
  DoubleArray: { size: 8, read: (b, o) => b.readDoubleLE(o), write: (b, v, o) => b.writeDoubleLE(v, o) },
  DateTimeArray: { size: 8, read: (b, o) => b.readBigUInt64LE(o), write: (b, v, o) => b.writeBigUInt64LE(v, o) },
}

const exact = (v: number | bigint) => (typeof v === 'bigint' ? longValue(v.toString(), false) : v)

export function isArrayType(type: string): boolean {
  return type.endsWith('Array')
}

export function readArray(type: string, bytes: Buffer): unknown[] {
  if (type === 'StringArray') {
    const parts = bytes.toString('utf8').split('\0')
    if (parts.at(-1) === '') parts.pop()
    return parts
  }
  if (type === 'BooleanArray') {
    if (bytes.length < 4) throw new CodecError('BooleanArray shorter than its 4-byte count')
    const count = bytes.readUInt32LE(0)
    if (bytes.length < 4 + Math.ceil(count / 8)) throw new CodecError(`BooleanArray of ${count} needs ${Math.ceil(count / 8)} bytes of bits`)
    return Array.from({ length: count }, (_, i) => ((bytes[4 + (i >> 3)] as number) & (0x80 >> (i & 7))) !== 0)
  }
  const c = ARRAYS[type]
  if (c === undefined) throw new CodecError(`unknown array datatype ${type}`)
  if (bytes.length % c.size !== 0) throw new CodecError(`${type}: ${bytes.length} bytes is not a whole number of ${c.size}-byte elements`)
  const out: unknown[] = []
  for (let o = 0; o < bytes.length; o += c.size) {
    const v = c.read(bytes, o)
    out.push(type === 'Int64Array' ? longValue(String(v), true) : exact(v))
  }
  return out
}

export function writeArray(type: string, values: unknown, where: string): Buffer {
  if (!Array.isArray(values)) throw new CodecError(`${where}: ${type} expects an array, got ${JSON.stringify(values)}`)
  if (type === 'StringArray') {
    if (!values.every((v) => typeof v === 'string')) throw new CodecError(`${where}: StringArray expects strings`)
    return Buffer.from(values.map((v) => `${v as string}\0`).join(''), 'utf8')
  }
  if (type === 'BooleanArray') {
    const out = Buffer.alloc(4 + Math.ceil(values.length / 8))
    out.writeUInt32LE(values.length, 0)
    values.forEach((v, i) => {
      if (typeof v !== 'boolean') throw new CodecError(`${where}[${i}]: BooleanArray expects true/false, got ${JSON.stringify(v)}`)
      if (v) out[4 + (i >> 3)] = (out[4 + (i >> 3)] as number) | (0x80 >> (i & 7))
    })
    return out
  }
  const c = ARRAYS[type]
  if (c === undefined) throw new CodecError(`${where}: unknown array datatype ${type}`)
  const out = Buffer.alloc(values.length * c.size)
  values.forEach((v, i) => {
    const big = c.size === 8 && type !== 'DoubleArray'
    try {
      if (big) (c.write as (b: Buffer, v: bigint, o: number) => unknown)(out, BigInt(v as string | number), i * c.size)
      else if (typeof v !== 'number') throw new TypeError('not a number')
      else (c.write as (b: Buffer, v: number, o: number) => unknown)(out, v, i * c.size)
    } catch (err) {
      throw new CodecError(`${where}[${i}]: ${JSON.stringify(v)} does not fit ${type} (${(err as Error).message})`)
    }
  })
  return out
}
