/**
 * A profile's "codecs" map: {"sensors/+/pb": {"codec": "protobuf", "proto": "schemas/s.proto",
 * "type": "pkg.Reading"}, "plant/#": "gzip+json"}. Relative paths are relative to the config file.
 */
import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { validateFilter } from '../mqtt/topic.js'
import type { CodecRule } from './detect.js'
import { parseCodecSpec } from './spec.js'
import { isPlainObject } from './types.js'

const KEYS = new Set(['codec', 'proto', 'type', 'schema'])

export function parseCodecMap(map: unknown, baseDir: string, where: string): CodecRule[] {
  if (!isPlainObject(map)) throw new UsageError(`${where}: "codecs" must be an object of topic filter -> codec`)
  const rules: CodecRule[] = []
  const path = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p))
  for (const [filter, entry] of Object.entries(map)) {
    const at = `${where} "codecs" entry '${filter}'`
    try {
      validateFilter(filter)
    } catch (err) {
      throw new UsageError(`${at}: not a valid topic filter`, { cause: err })
    }
    if (typeof entry === 'string') {
      rules.push({ filter, spec: parseCodecSpec(entry, {}, at) })
      continue
    }
    if (!isPlainObject(entry) || typeof entry.codec !== 'string') throw new UsageError(`${at}: give a codec name or {"codec": …, "proto": …, "type": …, "schema": …}`)
    for (const k of Object.keys(entry)) if (!KEYS.has(k)) throw new UsageError(`${at}: unknown key '${k}' (codec, proto, type, schema)`)
    const proto = entry.proto === undefined ? undefined : Array.isArray(entry.proto) ? entry.proto : [entry.proto]
    if (proto !== undefined && !proto.every((p): p is string => typeof p === 'string')) throw new UsageError(`${at}: "proto" is a file name or a list of them`)
    if ((entry.type !== undefined && typeof entry.type !== 'string') || (entry.schema !== undefined && typeof entry.schema !== 'string')) {
      throw new UsageError(`${at}: "type" and "schema" are text`)
    }
    const schema = entry.schema === undefined ? undefined : path(entry.schema as string)
    rules.push({ filter, spec: parseCodecSpec(entry.codec, { proto: proto?.map(path), type: entry.type as string | undefined, schema }, at) })
  }
  return rules
}
