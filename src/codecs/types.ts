/** The shape every codec has once loaded (codec libraries are loaded lazily by registry.ts). */

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
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new CodecError(`the input is not JSON: ${(err as Error).message}`)
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v)
}
