/**
 * Protocol Buffers via protobufjs (the full build: it parses .proto files at run time). Field names
 * are kept as written in the .proto (keepCase). Decoded output follows protobuf's JSON mapping:
 * 64-bit integers as decimal text, enums by name, bytes as base64, unset scalars as their defaults.
 */
import protobuf from 'protobufjs'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { readSmallFileOrUsage } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import { messageWriter } from './json-text.js'
import { checkJsonAgainst, diagnoseDecode, strictView } from './protobuf-check.js'
import { CodecError, isPlainObject, parseJsonInput, type Codec } from './types.js'

export type ProtoType = protobuf.Type

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true, json: true }

/**
 * Load .proto files (and what they import) ourselves: protobufjs would read them through an
 * eval'd require('fs'), which a bundle or a standalone binary may not have. A file that does not
 * parse is a usage error naming file:line; google/protobuf/*.proto imports come from protobufjs.
 */
export function loadProtoRoot(files: string[]): protobuf.Root {
  const root = new protobuf.Root()
  const seen = new Set<string>()
  const searchDirs = [...new Set(files.map((f) => dirname(resolve(f))))]
  const load = (file: string): void => {
    const path = resolve(file)
    if (seen.has(path)) return
    seen.add(path)
    const text = readSmallFileOrUsage(file, '.proto file').toString('utf8')
    let parsed: protobuf.IParserResult
    try {
      parsed = protobuf.parse(text, root, { keepCase: true })
    } catch (err) {
      const message = (err as Error).message
      const at = /^(.*) \((?:.+, )?line (\d+)\)$/.exec(message)
      if (at !== null) throw new UsageError(`${escapeForTerminal(file)}:${at[2]}: ${escapeForTerminal(at[1] ?? '')} (not a valid .proto file)`, { cause: err })
      throw new UsageError(`${escapeForTerminal(file)}: not a valid .proto file: ${escapeForTerminal(message)}`, { cause: err })
    }
    for (const name of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      const common = (protobuf.common as unknown as { get(n: string): protobuf.INamespace | null }).get(name)
      if (common !== null) {
        if (!seen.has(name)) {
          seen.add(name)
          root.addJSON(common.nested ?? {})
        }
        continue
      }
      const found = [dirname(path), ...searchDirs].map((d) => join(d, name)).find((p) => existsSync(p))
      if (found === undefined) throw new UsageError(`${escapeForTerminal(file)}: import "${escapeForTerminal(name)}" not found next to it or the other --proto files`)
      load(found)
    }
  }
  for (const file of files) load(file)
  try {
    root.resolveAll()
  } catch (err) {
    throw new UsageError(`the .proto files ${files.map((f) => escapeForTerminal(f)).join(', ')} do not make a valid schema: ${escapeForTerminal((err as Error).message)}`, { cause: err })
  }
  return root
}

export function messageTypes(ns: protobuf.NamespaceBase, out: protobuf.Type[] = []): protobuf.Type[] {
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested)
    if (nested instanceof protobuf.Namespace || nested instanceof protobuf.Type) messageTypes(nested, out)
  }
  return out
}

const fullName = (t: protobuf.ReflectionObject) => t.fullName.replace(/^\./, '')

/** The message type a content-type or a type URL names: messageType=pkg.Msg, proto=…, type.googleapis.com/pkg.Msg. */
export function typeFromHint(hint: string | undefined): string | undefined {
  if (hint === undefined) return undefined
  const url = /type\.googleapis\.com\/([\w.]+)/.exec(hint)
  if (url !== null) return url[1]
  const param = /(?:^|;)\s*(?:messagetype|proto|type|schema)\s*=\s*"?([\w.]+)"?/i.exec(hint)
  return param?.[1]
}

function findType(root: protobuf.Root, name: string): protobuf.Type | undefined {
  const found = root.lookup(name.replace(/^\./, ''))
  return found instanceof protobuf.Type ? found : undefined
}

export function protobufCodec(files: string[], typeName: string | undefined): Codec {
  const root = loadProtoRoot(files)
  const all = messageTypes(root)
  const names = () => all.map(fullName).join(', ') || '(none)'
  let fixed: protobuf.Type | undefined
  if (typeName !== undefined) {
    fixed = findType(root, typeName)
    if (fixed === undefined) throw new UsageError(`--type ${escapeForTerminal(typeName)}: no such message type in ${files.map((f) => escapeForTerminal(f)).join(', ')} (message types: ${names()})`)
  } else if (all.length === 1) fixed = all[0]
  const typeFor = (hint: string | undefined): protobuf.Type => {
    if (fixed !== undefined) return fixed
    const hinted = typeFromHint(hint)
    const t = hinted === undefined ? undefined : findType(root, hinted)
    if (t !== undefined) return t
    throw new CodecError(hinted === undefined ? `which message type? the schema has several (${names()}): name one with --type` : `the content-type names ${hinted}, which is not in the schema (${names()})`)
  }
  const decodeMessage = (type: protobuf.Type, payload: Buffer): protobuf.Message => {
    try {
      return type.decode(strictView(payload))
    } catch (err) {
      throw new CodecError(diagnoseDecode(type, payload) ?? (err as Error).message)
    }
  }
  return {
    label: fixed === undefined ? 'protobuf' : `protobuf ${fullName(fixed)}`,
    decode(payload, hint) {
      const type = typeFor(hint)
      return type.toObject(decodeMessage(type, payload), TO_OBJECT)
    },
    decodeText(payload, hint) {
      const type = typeFor(hint)
      return messageWriter(type)(decodeMessage(type, payload) as unknown as Record<string, unknown>, 0)
    },
    encode(text) {
      const type = typeFor(undefined)
      const value = parseJsonInput(text)
      if (!isPlainObject(value)) throw new CodecError(`${fullName(type)} is a message: give a JSON object`)
      checkJsonAgainst(type, value, '')
      const bytes = type.encode(type.fromObject(value)).finish()
      return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes)
    },
  }
}
