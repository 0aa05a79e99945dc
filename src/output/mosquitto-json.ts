/**
 * mosquitto_sub's `-F %j` / `%J` record, byte-for-byte as 2.0.11 except its defects, with 2.1's
 * `properties` (user-properties as a list of one-key objects in arrival order):
 * - `tst` is valid ISO 8601 (UTC, microseconds, `Z`), not `…Z+0000`;
 * - a payload that is not UTF-8 is never cut at a NUL: it is written as base64 with
 *   `"encoding":"base64"` before `"payload"` (UTF-8 payloads, NULs included, stay strings).
 */
import { lookup } from '../lookup.js'
import { jnull, jnum, jstr, parseJson, printJson, type JsonNode } from './cjson.js'
import { dateOf, hasProperties, isText, nanosOf, userPropertyPairs, type MessageProperties, type ReceivedMessage } from './message.js'

const PROPERTY_NAMES: Record<string, string> = {
  payloadFormatIndicator: 'payload-format-indicator',
  messageExpiryInterval: 'message-expiry-interval',
  contentType: 'content-type',
  responseTopic: 'response-topic',
  correlationData: 'correlation-data',
  subscriptionIdentifier: 'subscription-identifier',
  topicAlias: 'topic-alias',
}

export function isoMicros(timeNs: bigint): string {
  const iso = dateOf(timeNs).toISOString() // …T19:47:59.468Z
  return `${iso.slice(0, 19)}.${String(Math.floor(nanosOf(timeNs) / 1000)).padStart(6, '0')}Z`
}

function propertiesNode(props: MessageProperties): JsonNode {
  const entries: Array<[string, JsonNode]> = []
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue
    if (key === 'userProperties') {
      // mosquitto 2.1: a list of one-key objects in arrival order (2.0.11 had one object with duplicate keys)
      const list: JsonNode[] = userPropertyPairs(props).map(([k, v]) => ({ t: 'obj', v: [[k, jstr(v)]] }))
      entries.push(['user-properties', { t: 'arr', v: list }])
      continue
    }
    const name = lookup(PROPERTY_NAMES, key) ?? key
    if (Buffer.isBuffer(value)) {
      if (isText(value)) entries.push([name, jstr(value.toString('utf8'))])
      else entries.push([name, jstr(value.toString('base64'))], [`${name}-encoding`, jstr('base64')])
    } else if (Array.isArray(value)) {
      for (const v of value) entries.push([name, jnum(Number(v))])
    } else if (typeof value === 'boolean') {
      entries.push([name, jnum(value ? 1 : 0)])
    } else if (typeof value === 'number') {
      entries.push([name, jnum(value)])
    } else {
      entries.push([name, jstr(String(value))])
    }
  }
  return { t: 'obj', v: entries }
}

/**
 * The record as text. `embed` (%J) parses the payload as JSON and embeds it; returns undefined when
 * the payload is not valid JSON.
 */
export function mosquittoJson(msg: ReceivedMessage, embed: boolean, pretty: boolean): string | undefined {
  const entries: Array<[string, JsonNode]> = [
    ['tst', jstr(isoMicros(msg.timeNs))],
    ['topic', jstr(msg.topic)],
    ['qos', jnum(msg.qos)],
    ['retain', jnum(msg.retain ? 1 : 0)],
    ['payloadlen', jnum(msg.payload.length)],
  ]
  if (msg.qos > 0) entries.push(['mid', jnum(msg.mid)])
  if (hasProperties(msg.properties)) entries.push(['properties', propertiesNode(msg.properties)])
  if (msg.payload.length === 0) {
    entries.push(['payload', jnull])
  } else if (embed) {
    if (!isText(msg.payload)) return undefined
    const node = parseJson(msg.payload.toString('utf8'))
    if (node === undefined) return undefined
    entries.push(['payload', node])
  } else if (isText(msg.payload)) {
    entries.push(['payload', jstr(msg.payload.toString('utf8'))])
  } else {
    entries.push(['encoding', jstr('base64')], ['payload', jstr(msg.payload.toString('base64'))])
  }
  return printJson({ t: 'obj', v: entries }, pretty)
}
