/**
 * What a codec is called and what it needs: `--decode gzip+json`, `--encode protobuf --proto x.proto
 * --type pkg.Msg`, or an entry of a profile's `"codecs"` map. Pure: no library is loaded here.
 *
 * A spec is a chain: zero or more wrappers (gzip, deflate) then one body codec, outermost first
 * (`gzip+cbor`: the payload is gzip; inside it, CBOR). A wrapper alone (`gzip`) has `text` inside.
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

export const BODY_CODECS = ['json', 'text', 'hex', 'base64', 'protobuf', 'sparkplug', 'cbor', 'msgpack', 'avro'] as const
export const WRAPPERS = ['gzip', 'deflate'] as const
export type BodyCodec = (typeof BODY_CODECS)[number]
export type Wrapper = (typeof WRAPPERS)[number]

/** For --help and completion: every name that --decode/--encode take. */
export const CODEC_NAMES: readonly string[] = [...BODY_CODECS, ...WRAPPERS]

export interface CodecSpec {
  wrappers: Wrapper[]
  body: BodyCodec
  /** protobuf: .proto files (absolute or relative to the working directory / config file). */
  proto?: string[]
  /** protobuf: the message type (package.Message); avro: unused. */
  type?: string
  /** avro: the schema file (.avsc, JSON). */
  schema?: string
  /** avro, encoding: the single-object encoding (decoding takes both forms). */
  singleObject?: boolean
}

/** Options shared by --decode/--encode and the profile map. */
export interface SchemaOptions {
  proto?: string[]
  type?: string
  schema?: string
}

const isBody = (s: string): s is BodyCodec => (BODY_CODECS as readonly string[]).includes(s)
const isWrapper = (s: string): s is Wrapper => (WRAPPERS as readonly string[]).includes(s)

/** Parse `gzip+json` (where names the flag or the config entry, for the message). */
export function parseCodecSpec(text: string, schema: SchemaOptions, where: string): CodecSpec {
  const parts = text.trim().toLowerCase().split('+')
  const wrappers: Wrapper[] = []
  let body: BodyCodec | undefined
  for (const [i, part] of parts.entries()) {
    if (isWrapper(part) && body === undefined) wrappers.push(part)
    else if (isBody(part) && body === undefined && i === parts.length - 1) body = part
    else {
      const why = isBody(part) || isWrapper(part) ? 'wrappers (gzip, deflate) come first, one body codec last' : `unknown codec '${escapeForTerminal(part)}'`
      throw new UsageError(`${where} '${escapeForTerminal(text)}': ${why} (codecs: ${CODEC_NAMES.join(', ')}; e.g. gzip+json).`)
    }
  }
  const spec: CodecSpec = { wrappers, body: body ?? 'text' }
  if (schema.proto !== undefined && schema.proto.length > 0) spec.proto = schema.proto
  if (schema.type !== undefined) spec.type = schema.type
  if (schema.schema !== undefined) spec.schema = schema.schema
  if (spec.body === 'protobuf' && spec.proto === undefined) {
    throw new UsageError(`${where} ${text}: protobuf needs the schema: --proto FILE (repeatable) and usually --type package.Message.`)
  }
  if (spec.body === 'avro' && spec.schema === undefined) {
    throw new UsageError(`${where} ${text}: avro needs the schema: --schema FILE.avsc.`)
  }
  return spec
}

/** `protobuf pkg.Msg`, `gzip+cbor` … (for messages and the human view). */
export function describeSpec(spec: CodecSpec): string {
  return [...spec.wrappers, spec.body].join('+')
}

/** One key per distinct schema, so each is loaded once. */
export function specKey(spec: CodecSpec): string {
  return JSON.stringify([spec.wrappers, spec.body, spec.proto ?? [], spec.type ?? '', spec.schema ?? '', spec.singleObject === true])
}
