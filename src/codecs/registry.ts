/**
 * spec -> a ready codec. Each library is imported only when a spec needs it (its own bundle chunk),
 * so `mqtx pub -m x` and a plain `mqtx sub` never load protobufjs, cbor-x, msgpackr or avsc.
 */
import { describeSpec, specKey, type CodecSpec } from './spec.js'
import type { Codec } from './types.js'

async function bodyCodec(spec: CodecSpec): Promise<Codec> {
  switch (spec.body) {
    case 'json':
    case 'text':
    case 'hex':
    case 'base64': {
      const m = await import('./simple.js')
      return { json: m.jsonCodec, text: m.textCodec, hex: m.hexCodec, base64: m.base64Codec }[spec.body]
    }
    case 'protobuf':
      return (await import('./protobuf.js')).protobufCodec(spec.proto ?? [], spec.type)
    case 'sparkplug':
      return (await import('./sparkplug.js')).sparkplugCodec
    case 'cbor':
      return (await import('./cbor.js')).cborCodec
    case 'msgpack':
      return (await import('./msgpack.js')).msgpackCodec
    case 'avro':
      return (await import('./avro.js')).avroCodec(spec.schema ?? '', spec.singleObject === true)
  }
}

/** A codec with its wrappers applied (gzip+cbor: gunzip, then CBOR). */
export async function loadCodec(spec: CodecSpec): Promise<Codec> {
  const body = await bodyCodec(spec)
  if (spec.wrappers.length === 0) return body
  const { unwrap, wrap } = await import('./zlib.js')
  const label = [...spec.wrappers, body.label].join('+')
  return {
    label,
    decode(payload, hint) {
      let inner = payload
      for (const w of spec.wrappers) inner = unwrap(w, inner)
      return body.decode(inner, hint)
    },
    encode(text) {
      let out = body.encode(text)
      for (const w of [...spec.wrappers].reverse()) out = wrap(w, out)
      return out
    },
  }
}

/** Load each distinct spec once (sub may meet the same profile entry on many topics). */
export class CodecCache {
  private readonly loaded = new Map<string, Codec>()
  private readonly loading = new Map<string, Promise<Codec>>()
  /** Per message the same spec objects come back (flag, profile rules): find them without a key. */
  private readonly bySpec = new WeakMap<CodecSpec, Codec>()

  get(spec: CodecSpec): Codec | undefined {
    const hit = this.bySpec.get(spec)
    if (hit !== undefined) return hit
    const codec = this.loaded.get(specKey(spec))
    if (codec !== undefined) this.bySpec.set(spec, codec)
    return codec
  }

  async load(spec: CodecSpec): Promise<Codec> {
    const key = specKey(spec)
    const done = this.loaded.get(key)
    if (done !== undefined) return done
    let p = this.loading.get(key)
    if (p === undefined) {
      p = loadCodec(spec).then((c) => {
        this.loaded.set(key, c)
        return c
      })
      this.loading.set(key, p)
    }
    return p
  }
}

export { describeSpec }
