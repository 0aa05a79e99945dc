/**
 * The codec flags, declared once: --decode (sub, rr), --encode (pub, rr), the schema flags they
 * share (--proto, --type, --schema) and --select/--where (sub, rr). Light: importing this file loads
 * no codec library (commands import it at start-up).
 */
import type { Command } from 'commander'
import { addFlags, defineFlags, withValues, type OptionsOf } from '../flags/define.js'
import { collect } from '../mqtt/parsers.js'
import { UsageError } from '../errors.js'
import { CODEC_NAMES } from './spec.js'
import type { CodecRule } from './detect.js'

const G = 'Payload codecs:'

/** Codec names as they are typed; listed for completion (wrappers combine with a body codec: gzip+json). */
const codecName = withValues([...CODEC_NAMES], (value: string) => value)

export const SCHEMA_FLAGS = defineFlags({
  proto: { flags: '--proto <file>', help: 'protobuf: a .proto file with the message type (repeatable)', group: G, parse: collect },
  type: { flags: '--type <name>', help: 'protobuf: the message type, package.Message (default: the only one, or the content-type\'s)', group: G },
  schema: { flags: '--schema <file>', help: 'avro: the schema file (.avsc)', group: G },
})

export const DECODE_FLAGS = defineFlags({
  decode: { flags: '--decode <codec>', help: `decode payloads as ${CODEC_NAMES.join(', ')} (wrappers first: gzip+json); default: automatic`, group: G, parse: codecName },
  select: { flags: '--select <expr>', help: 'print this part of the decoded payload (JMESPath, e.g. temperature)', group: G },
  where: { flags: '--where <expr>', help: "only print and count messages where this is true (JMESPath, e.g. 'temperature > `30`')", group: G },
})

export const ENCODE_FLAGS = defineFlags({
  encode: { flags: '--encode <codec>', help: `encode the message (JSON text for structured codecs) as ${CODEC_NAMES.join(', ')}`, group: G, parse: codecName },
  avroSingle: { flags: '--avro-single', help: 'avro: write the single-object encoding (C3 01, schema fingerprint, body) instead of raw binary', group: G },
})

export type RawSchemaOptions = OptionsOf<typeof SCHEMA_FLAGS>

export type RawDecodeOptions = RawSchemaOptions & OptionsOf<typeof DECODE_FLAGS> & {
  /** The profile's "codecs" map, set by the config loader (src/config/apply.ts), never a flag. */
  codecMap?: CodecRule[]
}

export type RawEncodeOptions = RawSchemaOptions & OptionsOf<typeof ENCODE_FLAGS>

/** rr has both --decode and --encode: the schema flags they share come once. */
function addSchemaOptions(cmd: Command): Command {
  return cmd.options.some((o) => o.long === '--proto') ? cmd : addFlags(cmd, SCHEMA_FLAGS)
}

export function addDecodeOptions(cmd: Command): Command {
  return addSchemaOptions(addFlags(cmd, DECODE_FLAGS))
}

export function addEncodeOptions(cmd: Command): Command {
  return addSchemaOptions(addFlags(cmd, ENCODE_FLAGS))
}

/** Does this run decode at all? Plain mosquitto output without codec flags never loads the codec layer. */
export function wantsDecoding(o: RawDecodeOptions, mode: 'raw' | 'format' | 'json' | 'human', formatUsesDecoded: boolean): boolean {
  if (o.decode !== undefined || o.select !== undefined || o.where !== undefined || (o.codecMap !== undefined && o.codecMap.length > 0)) return true
  return mode === 'json' || mode === 'human' || (mode === 'format' && formatUsesDecoded)
}

/** --proto/--type/--schema describe --encode's schema: given alone they would be ignored (pub, simulate). */
export function requireEncodeForSchema(o: RawEncodeOptions, example: string): void {
  if (o.encode === undefined && (o.proto !== undefined || o.type !== undefined || o.schema !== undefined)) {
    throw new UsageError('--proto, --type and --schema describe the schema for --encode: give --encode too.', { hint: `e.g. ${example}` })
  }
}
