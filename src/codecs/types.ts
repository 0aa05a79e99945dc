/** The shape every codec has once loaded (codec libraries are loaded lazily by registry.ts). */
import { jsonNestingExceeds, MAX_JSON_NESTING } from '../output/cjson.js'

export interface Codec {
  /** Bytes -> a JSON-safe value (see json-safe.ts). Throws CodecError naming what did not fit. */
  decode(payload: Buffer, hint?: string): unknown
  /**
   * Optional fast path for raw NDJSON output: exactly escapeJson(JSON.stringify(decode(payload, hint))),
   * written without the intermediate value (json-text.ts). Throws what decode throws.
   */
  decodeText?(payload: Buffer, hint?: string): string
  /** Text from -m/-f/-l (JSON for structured codecs) -> bytes. Throws CodecError. */
  encode(text: string): Buffer
  /** For the human view and --json: 'protobuf sensors.Reading', 'cbor' … */
  label: string
}

/** A payload or an input line that does not fit the codec: a per-message warning, never a crash. */
export class CodecError extends Error {
  override name = 'CodecError'
}

/** Parse JSON input for an encoder, with the position of a syntax error. */
export function parseJsonInput(text: string): unknown {
  // deeper than the encoders (and JSON.stringify) can walk without overflowing the stack
  if (jsonNestingExceeds(text)) throw new CodecError(`the input is nested more than ${MAX_JSON_NESTING} levels deep`)
  let value: unknown
  try {
    value = JSON.parse(text) as unknown
  } catch (err) {
    throw new CodecError(`the input is not JSON: ${(err as Error).message}`)
  }
  checkExactIntegers(text)
  return value
}

const SIXTEEN_DIGITS = /\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d\d/

/**
 * JSON.parse reads every number as a double: an integer literal of 2^53 or more would be sent
 * rounded (9007199254740993 as ...992). Refuse it rather than change it. Only long digit runs outside
 * strings are looked at, so ordinary input costs one regex test.
 */
export function checkExactIntegers(text: string): void {
  // (written out: V8 runs /\d{16}/ ~7x slower, 0.4 µs on a 220-byte line, half a JSON.parse)
  if (!SIXTEEN_DIGITS.test(text)) return
  // strings removed first (their digits are text), then integer literals without fraction or exponent
  const outside = text.replace(/"(?:[^"\\]|\\.)*"/g, '""')
  for (const m of outside.matchAll(/(?<![\d.eE+-])-?\d{16,}(?![.\deE])/g)) {
    const n = BigInt(m[0])
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new CodecError(`the integer ${m[0]} is beyond 2^53: as a JSON number it would be sent rounded to ${String(Number(m[0]))}; give it as a string ("${m[0]}") where the schema takes a 64-bit integer`)
    }
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v)
}
