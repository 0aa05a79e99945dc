/** CBOR (RFC 8949) via cbor-x, its pure-JS build (cbor-x/decode: no native extension). */
import { Decoder, Encoder } from 'cbor-x/decode'
import { toJsonSafe } from './json-safe.js'
import { CodecError, parseJsonInput, type Codec } from './types.js'

// mapsAsObjects: CBOR maps with text keys become objects; records off: plain RFC 8949 output
const decoder = new Decoder({ mapsAsObjects: true, useRecords: false })
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true })

export const cborCodec: Codec = {
  label: 'cbor',
  decode(payload) {
    let value: unknown
    try {
      value = decoder.decode(payload)
    } catch (err) {
      throw new CodecError(`not CBOR: ${(err as Error).message}`)
    }
    return toJsonSafe(value)
  },
  encode: (text) => Buffer.from(encoder.encode(parseJsonInput(text))),
}
