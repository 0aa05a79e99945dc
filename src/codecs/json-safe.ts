/**
 * What a decoded payload becomes before --json, -F %c, --select or the human view see it: plain JSON
 * values only. bytes -> base64 text; 64-bit integers -> a number when exact, else decimal text;
 * Map -> object; Date -> ISO text; a CBOR tag -> {"tag": n, "value": …}; NaN/±Infinity -> text.
 */
export function toJsonSafe(v: unknown, depth = 0): unknown {
  if (depth > 200) return '(nested too deep)'
  if (v === null || v === undefined) return null
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v
    case 'number':
      return Number.isFinite(v) ? v : String(v)
    case 'bigint':
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
    case 'object':
      break
    default:
      return String(v)
  }
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')
  if (Array.isArray(v)) return v.map((x) => toJsonSafe(x, depth + 1))
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString()
  if (v instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of v) out[typeof k === 'string' ? k : JSON.stringify(toJsonSafe(k, depth + 1))] = toJsonSafe(x, depth + 1)
    return out
  }
  if (v instanceof Set) return [...v].map((x) => toJsonSafe(x, depth + 1))
  const obj = v as Record<string, unknown>
  // CBOR tags (cbor-x's Tag: {tag, value}) keep their number
  if (obj.constructor !== undefined && obj.constructor.name === 'Tag' && 'tag' in obj) return { tag: obj.tag, value: toJsonSafe(obj.value, depth + 1) }
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function' && !(Object.getPrototypeOf(obj) === Object.prototype)) {
    return toJsonSafe((obj as { toJSON: () => unknown }).toJSON(), depth + 1)
  }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj)) out[key] = toJsonSafe(obj[key], depth + 1)
  return out
}
