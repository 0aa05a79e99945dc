/**
 * The codec flags, declared once: --decode (sub, rr), --encode (pub, rr), the schema flags they
 * share (--proto, --type, --schema) and --select/--where (sub, rr). Light: importing this file loads
 * no codec library (commands import it at start-up).
 */
import { Option, type Command } from 'commander'
import { withValues } from '../flags/define.js'
import { collect } from '../mqtt/parsers.js'
import { CODEC_NAMES } from './spec.js'
import type { CodecRule } from './detect.js'

const G = 'Payload codecs:'

/** Codec names as they are typed; listed for completion (wrappers combine with a body codec: gzip+json). */
const codecName = withValues([...CODEC_NAMES], (value: string) => value)

export interface RawSchemaOptions {
  proto?: string[]
  type?: string
  schema?: string
}

export interface RawDecodeOptions extends RawSchemaOptions {
  decode?: string
  select?: string
  where?: string
  /** The profile's "codecs" map, set by the config loader (src/config/apply.ts), never a flag. */
  codecMap?: CodecRule[]
}

export interface RawEncodeOptions extends RawSchemaOptions {
  encode?: string
  /** --avro-single: Avro's single-object encoding instead of raw binary. */
  avroSingle?: boolean
}

function addSchemaOptions(cmd: Command): Command {
  if (cmd.options.some((o) => o.long === '--proto')) return cmd
  return cmd
    .addOption(new Option('--proto <file>', 'protobuf: a .proto file with the message type (repeatable)').argParser(collect).helpGroup(G))
    .addOption(new Option('--type <name>', 'protobuf: the message type, package.Message (default: the only one, or the content-type\'s)').helpGroup(G))
    .addOption(new Option('--schema <file>', 'avro: the schema file (.avsc)').helpGroup(G))
}

export function addDecodeOptions(cmd: Command): Command {
  cmd
    .addOption(new Option('--decode <codec>', `decode payloads as ${CODEC_NAMES.join(', ')} (wrappers first: gzip+json); default: automatic`).argParser(codecName).helpGroup(G))
    .addOption(new Option('--select <expr>', 'print this part of the decoded payload (JMESPath, e.g. temperature)').helpGroup(G))
    .addOption(new Option('--where <expr>', "only print and count messages where this is true (JMESPath, e.g. 'temperature > `30`')").helpGroup(G))
  return addSchemaOptions(cmd)
}

export function addEncodeOptions(cmd: Command): Command {
  cmd
    .addOption(new Option('--encode <codec>', `encode the message (JSON text for structured codecs) as ${CODEC_NAMES.join(', ')}`).argParser(codecName).helpGroup(G))
    .addOption(new Option('--avro-single', 'avro: write the single-object encoding (C3 01, schema fingerprint, body) instead of raw binary').helpGroup(G))
  return addSchemaOptions(cmd)
}

/** Does this run decode at all? Plain mosquitto output without codec flags never loads the codec layer. */
export function wantsDecoding(o: RawDecodeOptions, mode: 'raw' | 'format' | 'json' | 'human', formatUsesDecoded: boolean): boolean {
  if (o.decode !== undefined || o.select !== undefined || o.where !== undefined || (o.codecMap !== undefined && o.codecMap.length > 0)) return true
  return mode === 'json' || mode === 'human' || (mode === 'format' && formatUsesDecoded)
}
