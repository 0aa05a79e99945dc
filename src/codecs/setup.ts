/** From the codec flags to the decoding/encoding state of one run (loaded lazily by sub, rr and pub). */
import { UsageError } from '../errors.js'
import type { RawDecodeOptions, RawEncodeOptions, RawSchemaOptions } from './options.js'
import { loadCodec } from './registry.js'
import { compileExpression } from './select.js'
import { PayloadDecoding } from './session.js'
import { parseCodecSpec, type SchemaOptions } from './spec.js'
import type { Codec } from './types.js'

function schemaOf(o: RawSchemaOptions): SchemaOptions {
  const s: SchemaOptions = {}
  if (o.proto !== undefined) s.proto = o.proto
  if (o.type !== undefined) s.type = o.type
  if (o.schema !== undefined) s.schema = o.schema
  return s
}

/**
 * textOnly: the output prints only the decoded form's compact JSON text (raw mode, no --pretty);
 * formatUsesDecoded: -F has %c (a topic without a codec is then said once).
 */
export async function setupDecoding(o: RawDecodeOptions, warn: (text: string) => void, debug?: (text: string) => void, textOnly = false, formatUsesDecoded = false): Promise<PayloadDecoding> {
  const schema = schemaOf(o)
  const decoding = new PayloadDecoding(
    {
      ...(o.decode === undefined ? {} : { explicit: parseCodecSpec(o.decode, schema, '--decode') }),
      rules: o.codecMap ?? [],
      schema,
      ...(o.select === undefined ? {} : { select: await compileExpression(o.select, '--select') }),
      ...(o.where === undefined ? {} : { where: await compileExpression(o.where, '--where') }),
      defaultJson: o.decode === undefined && (o.select !== undefined || o.where !== undefined),
      textOnly,
      formatUsesDecoded,
    },
    warn,
    debug,
  )
  await decoding.preload()
  return decoding
}

/** --encode: the loaded codec, or undefined. --avro-single needs --encode avro. */
export async function setupEncoding(o: RawEncodeOptions): Promise<Codec | undefined> {
  const spec = o.encode === undefined ? undefined : parseCodecSpec(o.encode, schemaOf(o), '--encode')
  if (o.avroSingle === true) {
    if (spec?.body !== 'avro') throw new UsageError('--avro-single is for --encode avro (with --schema FILE.avsc).')
    spec.singleObject = true
  }
  return spec === undefined ? undefined : loadCodec(spec)
}

/** A codec error on an input (-m, -f, line N) is a usage error naming it. */
export function encodeOrUsage(codec: Codec, text: string, where: string): Buffer {
  try {
    return codec.encode(text)
  } catch (err) {
    if (err instanceof Error && err.name === 'CodecError') throw encodeUsageError(codec.label, where, err.message)
    throw err
  }
}

/** The usage error for an input that does not fit (also for pub -l lines encoded on the worker thread). */
export function encodeUsageError(label: string, where: string, message: string): UsageError {
  return new UsageError(`${where} does not fit --encode ${label}: ${message}`)
}
