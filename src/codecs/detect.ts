/**
 * Which codec a received message gets, in this order: an explicit --decode; the first entry of the
 * profile's "codecs" map whose topic filter matches; the v5 content-type; the Sparkplug B topic
 * namespace (spBv1.0/<group>/<NBIRTH|NDATA|…>/…). Pure and cheap: runs once per message.
 */
import { topicMatches } from '../mqtt/topic.js'
import type { CodecSpec, SchemaOptions } from './spec.js'

export interface CodecRule {
  filter: string
  spec: CodecSpec
}

export interface DetectOptions {
  explicit?: CodecSpec
  rules: CodecRule[]
  /** --proto/--type/--schema given on the command line: lets a content-type pick protobuf or avro. */
  schema: SchemaOptions
}

export type Reason = 'flag' | 'profile' | 'content-type' | 'sparkplug'

export interface Choice {
  spec: CodecSpec
  reason: Reason
}

const SPARKPLUG_TYPES = new Set(['NBIRTH', 'NDEATH', 'NDATA', 'NCMD', 'DBIRTH', 'DDEATH', 'DDATA', 'DCMD'])

/** spBv1.0/<group>/<TYPE>/<edge node>[/<device>] -> TYPE; undefined elsewhere (spBv1.0/STATE/… is JSON). */
export function sparkplugMessageType(topic: string): string | undefined {
  if (!topic.startsWith('spBv1.0/')) return undefined
  const type = topic.split('/', 4)[2]
  return type !== undefined && SPARKPLUG_TYPES.has(type) ? type : undefined
}

/** A content-type -> a codec (parameters after ';' ignored; +json/+cbor suffixes count). */
export function codecForContentType(contentType: string, schema: SchemaOptions): CodecSpec | undefined {
  const ct = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? ''
  const spec = (body: CodecSpec['body']): CodecSpec => ({ wrappers: [], body, ...schema })
  if (ct === 'application/json' || ct.endsWith('+json') || ct === 'text/json') return spec('json')
  if (ct === 'application/cbor' || ct.endsWith('+cbor')) return spec('cbor')
  if (ct === 'application/msgpack' || ct === 'application/x-msgpack' || ct === 'application/vnd.msgpack' || ct.endsWith('+msgpack')) return spec('msgpack')
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf' || ct === 'application/vnd.google.protobuf' || ct === 'application/x-google-protobuf') {
    return schema.proto !== undefined && schema.proto.length > 0 ? spec('protobuf') : undefined
  }
  if (ct === 'application/avro' || ct === 'avro/binary' || ct === 'application/vnd.apache.avro+binary') return schema.schema !== undefined ? spec('avro') : undefined
  if (ct === 'application/vnd.sparkplug' || ct === 'application/x-sparkplug') return spec('sparkplug')
  if (ct.startsWith('text/')) return spec('text')
  return undefined
}

const SPARKPLUG: Choice = { spec: { wrappers: [], body: 'sparkplug' }, reason: 'sparkplug' }
const MAX_CONTENT_TYPES = 256

/** Choices are reused, one per source, so the codec cache finds them by identity (see registry.ts). */
export function codecChooser(o: DetectOptions): (topic: string, contentType: string | undefined) => Choice | undefined {
  const explicit: Choice | undefined = o.explicit === undefined ? undefined : { spec: o.explicit, reason: 'flag' }
  const rules = o.rules.map((r) => ({ filter: r.filter, choice: { spec: r.spec, reason: 'profile' } as Choice }))
  const byContentType = new Map<string, Choice | undefined>()
  return (topic, contentType) => {
    if (explicit !== undefined) return explicit
    for (const rule of rules) if (topicMatches(rule.filter, topic)) return rule.choice
    if (contentType !== undefined) {
      let choice = byContentType.get(contentType)
      if (choice === undefined && !byContentType.has(contentType)) {
        const spec = codecForContentType(contentType, o.schema)
        choice = spec === undefined ? undefined : { spec, reason: 'content-type' }
        if (byContentType.size < MAX_CONTENT_TYPES) byContentType.set(contentType, choice)
      }
      if (choice !== undefined) return choice
    }
    return sparkplugMessageType(topic) !== undefined ? SPARKPLUG : undefined
  }
}

export function chooseCodec(o: DetectOptions, topic: string, contentType: string | undefined): Choice | undefined {
  return codecChooser(o)(topic, contentType)
}
