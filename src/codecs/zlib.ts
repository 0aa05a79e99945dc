/** gzip / deflate around any body codec (Node's zlib; loaded only when a spec has a wrapper). */
import { deflateSync, gunzipSync, gzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import type { Wrapper } from './spec.js'
import { CodecError } from './types.js'

/** A decompressed payload larger than this is refused (a small "zip bomb" must not fill memory). */
export const MAX_INFLATED = 64 * 1024 * 1024

export function unwrap(kind: Wrapper, payload: Buffer): Buffer {
  try {
    if (kind === 'gzip') return gunzipSync(payload, { maxOutputLength: MAX_INFLATED })
    // "deflate" as HTTP means it (zlib-wrapped); raw deflate streams are accepted too
    try {
      return inflateSync(payload, { maxOutputLength: MAX_INFLATED })
    } catch {
      return inflateRawSync(payload, { maxOutputLength: MAX_INFLATED })
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new CodecError(`${kind}: inflates to more than ${MAX_INFLATED / 1024 / 1024} MiB`)
    throw new CodecError(`not ${kind} data: ${e.message}`)
  }
}

export function wrap(kind: Wrapper, payload: Buffer): Buffer {
  return kind === 'gzip' ? gzipSync(payload) : deflateSync(payload)
}
