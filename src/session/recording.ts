/**
 * The recording format of the record/replay family: the lossless NDJSON of `sub --json`
 * (src/output/json.ts writes it), one message per line, read back here into the message to publish.
 *
 * - Version: a file may start with a header line `{"mqtx":"record","version":1,…}` (`mqtx record`
 *   writes one at the top of each file); a line with an "mqtx" member is a header wherever it is
 *   (files can be concatenated) and is not a message. No header (plain `sub --json` output) means
 *   version 1. A version this mqtx does not know is an error, not a guess.
 * - Members a message line must have: `time` (ISO 8601), `topic`, `payload` (`encoding: "base64"`
 *   for bytes that are not UTF-8). Optional: qos (0), retain (false), properties (v5), payloadLength
 *   (checked when given). Others (dup, mid, codec, decoded…) are ignored.
 * - Every error names `file:line` and is a UsageError (exit 2).
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { lookup } from '../lookup.js'
import type { PublishProperties } from '../mqtt/publish-packet.js'

export const RECORDING_FORMAT_VERSION = 1

/** v5 properties a recorded message carries back to a broker (as MQTT.js names them; user properties as ordered pairs). */
export type RecordedProperties = PublishProperties

export interface RecordedMessage {
  /** Receive time, milliseconds since the epoch. */
  timeMs: number
  topic: string
  qos: 0 | 1 | 2
  retain: boolean
  payload: Buffer
  properties?: RecordedProperties
}

export interface RecordingHeader {
  mqtx: 'record'
  version: number
  started: string
  filters?: string[]
}

/** The first line of every file `mqtx record` writes. */
export function headerLine(started: Date, filters: string[]): string {
  const header: RecordingHeader = { mqtx: 'record', version: RECORDING_FORMAT_VERSION, started: started.toISOString(), filters }
  return `${JSON.stringify(header)}\n`
}

function bad(where: string, what: string): UsageError {
  return new UsageError(`${where}: ${what}`, { hint: 'a recording is NDJSON as `mqtx record` and `mqtx sub --json` write it: one message object per line' })
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A string member, or bytes given as text / base64 (`<name>Encoding: "base64"`). */
function bytesOf(obj: Record<string, unknown>, name: string, where: string): Buffer {
  const value = obj[name]
  if (typeof value !== 'string') throw bad(where, `"${name}" must be a string`)
  const encoding = obj[`${name}Encoding`] ?? (name === 'payload' ? obj.encoding : undefined)
  if (encoding === undefined) return Buffer.from(value, 'utf8')
  if (encoding !== 'base64') throw bad(where, `unknown encoding ${escapeForTerminal(JSON.stringify(encoding))} for "${name}" (only "base64")`)
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) throw bad(where, `"${name}" is not valid base64`)
  return Buffer.from(value, 'base64')
}

function unsigned(value: unknown, max: number, where: string, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) throw bad(where, `"${name}" must be a whole number from 0 to ${max}`)
  return value
}

function propertiesOf(raw: unknown, where: string): RecordedProperties | undefined {
  if (raw === undefined) return undefined
  if (!isObject(raw)) throw bad(where, '"properties" must be an object')
  const p: RecordedProperties = {}
  if (raw.payloadFormatIndicator !== undefined) {
    const v = raw.payloadFormatIndicator
    if (v !== 0 && v !== 1 && v !== true && v !== false) throw bad(where, '"properties.payloadFormatIndicator" must be 0 or 1')
    p.payloadFormatIndicator = v === 1 || v === true
  }
  if (raw.messageExpiryInterval !== undefined) p.messageExpiryInterval = unsigned(raw.messageExpiryInterval, 4294967295, where, 'properties.messageExpiryInterval')
  for (const key of ['contentType', 'responseTopic'] as const) {
    const v = raw[key]
    if (v === undefined) continue
    if (typeof v !== 'string') throw bad(where, `"properties.${key}" must be a string`)
    p[key] = v
  }
  if (raw.correlationData !== undefined) p.correlationData = bytesOf(raw, 'correlationData', where)
  if (raw.userProperties !== undefined) {
    const list = raw.userProperties
    // sub --json writes [key, value] pairs; an object {key: value | [values]} (MQTT.js's shape) is taken too
    const pairs: Array<[string, string]> = []
    if (Array.isArray(list)) {
      for (const pair of list) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') throw bad(where, '"properties.userProperties" must be a list of [key, value] string pairs')
        pairs.push([pair[0], pair[1]])
      }
    } else if (isObject(list)) {
      for (const key of Object.keys(list)) {
        const v = lookup(list, key)
        for (const one of Array.isArray(v) ? v : [v]) {
          if (typeof one !== 'string') throw bad(where, '"properties.userProperties" values must be strings')
          pairs.push([key, one])
        }
      }
    } else throw bad(where, '"properties.userProperties" must be a list of [key, value] pairs')
    if (pairs.length > 0) p.userProperties = pairs
  }
  // topicAlias and subscriptionIdentifiers belong to the connection that received the message: not sent again
  return Object.keys(p).length > 0 ? p : undefined
}

/**
 * One line of a recording: a message, or undefined for a header (or an empty line). `where` is
 * "file:line" for errors.
 */
export function parseRecordLine(text: string, where: string): RecordedMessage | undefined {
  if (text.trim() === '') return undefined
  let obj: unknown
  try {
    obj = JSON.parse(text)
  } catch (err) {
    throw bad(where, `not valid JSON (${(err as Error).message})`)
  }
  if (!isObject(obj)) throw bad(where, 'not a JSON object')
  if (obj.mqtx !== undefined) {
    const version = obj.version
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw bad(where, 'a header line without a valid "version"')
    if (version > RECORDING_FORMAT_VERSION) {
      throw new UsageError(`${where}: recording format version ${version}; this mqtx reads version ${RECORDING_FORMAT_VERSION}.`, { hint: 'a newer mqtx wrote it: update mqtx' })
    }
    return undefined
  }
  if (typeof obj.topic !== 'string' || obj.topic === '') throw bad(where, 'no "topic" (a non-empty string)')
  if (typeof obj.time !== 'string') throw bad(where, 'no "time" (an ISO 8601 date)')
  const timeMs = Date.parse(obj.time)
  if (Number.isNaN(timeMs)) throw bad(where, `"time" ${escapeForTerminal(JSON.stringify(obj.time))} is not a date`)
  if (obj.payload === undefined) throw bad(where, 'no "payload"')
  const payload = bytesOf(obj, 'payload', where)
  if (obj.payloadLength !== undefined && obj.payloadLength !== payload.length) throw bad(where, `"payloadLength" is ${escapeForTerminal(String(obj.payloadLength))} but the payload has ${payload.length} bytes`)
  const qos = obj.qos ?? 0
  if (qos !== 0 && qos !== 1 && qos !== 2) throw bad(where, '"qos" must be 0, 1 or 2')
  const retain = obj.retain ?? false
  if (typeof retain !== 'boolean') throw bad(where, '"retain" must be true or false')
  const msg: RecordedMessage = { timeMs, topic: obj.topic, qos, retain, payload }
  const properties = propertiesOf(obj.properties, where)
  if (properties !== undefined) msg.properties = properties
  return msg
}
