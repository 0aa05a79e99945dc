/** MessagePack via msgpackr, its pure-JS build (msgpackr/unpack: no native extension). */
import { Unpackr } from 'msgpackr/unpack'
import { Packr } from 'msgpackr/pack'
import { toJsonSafe } from './json-safe.js'
import { CodecError, parseJsonInput, type Codec } from './types.js'

const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'bigint' })
const packr = new Packr({ useRecords: false })

export const msgpackCodec: Codec = {
  label: 'msgpack',
  decode(payload) {
    let value: unknown
    try {
      value = unpackr.unpack(payload)
    } catch (err) {
      throw new CodecError(`not MessagePack: ${(err as Error).message}`)
    }
    return toJsonSafe(value)
  },
  encode: (text) => Buffer.from(packr.pack(parseJsonInput(text))),
}
