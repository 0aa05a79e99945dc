/** json, text, hex and base64: no library needed. */
import { isUtf8 } from 'node:buffer'
import { jsonNestingExceeds, MAX_JSON_NESTING } from '../output/cjson.js'
import { CodecError, parseJsonInput, type Codec } from './types.js'

export const jsonCodec: Codec = {
  label: 'json',
  decode(payload) {
    if (!isUtf8(payload)) throw new CodecError('not JSON: the payload is not UTF-8 text')
    const text = payload.toString('utf8')
    if (jsonNestingExceeds(text)) throw new CodecError(`nested more than ${MAX_JSON_NESTING} levels deep`)
    try {
      return JSON.parse(text) as unknown
    } catch (err) {
      throw new CodecError(`not JSON: ${(err as Error).message}`)
    }
  },
  // validate and minify
  encode: (text) => Buffer.from(JSON.stringify(parseJsonInput(text)), 'utf8'),
}

export const textCodec: Codec = {
  label: 'text',
  decode(payload) {
    if (!isUtf8(payload)) throw new CodecError('not UTF-8 text')
    return payload.toString('utf8')
  },
  encode: (text) => Buffer.from(text, 'utf8'),
}

export const hexCodec: Codec = {
  label: 'hex',
  decode: (payload) => payload.toString('hex'),
  encode(text) {
    const clean = text.replace(/\s+/g, '')
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new CodecError('the input is not hex (pairs of 0-9a-f)')
    return Buffer.from(clean, 'hex')
  },
}

export const base64Codec: Codec = {
  label: 'base64',
  decode: (payload) => payload.toString('base64'),
  encode(text) {
    const clean = text.replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) throw new CodecError('the input is not base64')
    return Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64')
  },
}
