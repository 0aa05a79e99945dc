/**
 * Avro via avsc. Schema from a .avsc file (JSON). Decoding takes both the raw binary encoding and
 * Avro's single-object encoding (C3 01 + the schema's CRC-64-AVRO fingerprint + the body; a
 * fingerprint of another schema is an error that says so). Encoding writes raw binary, or the
 * single-object form with --avro-single.
 */
import avro from 'avsc'
import { UsageError } from '../errors.js'
import { readSmallFileOrUsage } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import { toJsonSafe } from './json-safe.js'
import { CodecError, isPlainObject, parseJsonInput, type Codec } from './types.js'

/** CRC-64-AVRO (Rabin) of the schema's parsing canonical form, as the Avro spec defines it. */
function rabin(text: string): Buffer {
  const EMPTY = 0xc15d213aa4d7a795n
  const table: bigint[] = []
  for (let i = 0; i < 256; i++) {
    let fp = BigInt(i)
    for (let j = 0; j < 8; j++) fp = (fp >> 1n) ^ (EMPTY & -(fp & 1n))
    table.push(fp)
  }
  let fp = EMPTY
  for (const b of Buffer.from(text, 'utf8')) fp = (fp >> 8n) ^ (table[Number((fp ^ BigInt(b)) & 0xffn)] as bigint)
  const out = Buffer.alloc(8)
  out.writeBigUInt64LE(BigInt.asUintN(64, fp))
  return out
}

const SINGLE_OBJECT_MARKER = Buffer.from([0xc3, 0x01])

export function avroCodec(schemaFile: string, singleObject = false): Codec {
  let type: avro.Type
  try {
    type = avro.Type.forSchema(JSON.parse(readSmallFileOrUsage(schemaFile, 'Avro schema').toString('utf8')) as avro.Schema)
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`${escapeForTerminal(schemaFile)}: not a valid Avro schema: ${escapeForTerminal((err as Error).message)}`, { cause: err })
  }
  const fingerprint = rabin(JSON.stringify(type.schema()))
  const header = Buffer.concat([SINGLE_OBJECT_MARKER, fingerprint])
  return {
    label: `avro ${type.name ?? type.typeName}`,
    decode(payload) {
      let body = payload
      if (payload.length >= 10 && payload[0] === SINGLE_OBJECT_MARKER[0] && payload[1] === SINGLE_OBJECT_MARKER[1]) {
        if (!payload.subarray(2, 10).equals(fingerprint)) throw new CodecError(`single-object Avro written with another schema (fingerprint ${payload.subarray(2, 10).toString('hex')}, ours ${fingerprint.toString('hex')})`)
        body = payload.subarray(10)
      }
      try {
        return toJsonSafe(type.fromBuffer(body))
      } catch (err) {
        throw new CodecError(`does not fit the Avro schema: ${(err as Error).message}`)
      }
    },
    encode(text) {
      const value = parseJsonInput(text)
      const problems: string[] = []
      // noUndeclaredFields: avsc would drop a field the schema does not have; refuse it, as protobuf does
      const hook = (path: string[], val: unknown, t: avro.Type) => {
        const at = path.join('.')
        const fields = (t as unknown as { fields?: Array<{ name: string }> }).fields
        const extra = t.typeName === 'record' && isPlainObject(val) && fields !== undefined ? Object.keys(val).filter((k) => !fields.some((f) => f.name === k)) : []
        problems.push(extra.length > 0 ? `field ${at === '' ? '' : `${at}.`}${extra[0] ?? ''}: no such field in the Avro record ${t.name ?? ''}`.trim() : `field ${at || '(the value itself)'} does not fit the Avro schema ${type.name ?? ''}`.trim())
      }
      if (!type.isValid(value, { noUndeclaredFields: true, errorHook: hook })) throw new CodecError(problems[0] ?? 'the value does not fit the Avro schema')
      const body = type.toBuffer(value)
      return singleObject ? Buffer.concat([header, body]) : body
    },
  }
}

export const avroFingerprint = rabin
