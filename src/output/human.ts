/**
 * The human view (stdout is a terminal and no output flag, or --human): receive time, the topic in
 * colour, QoS/retain markers, v5 properties, JSON payloads indented and highlighted, binary payloads
 * as a short hex dump. Everything a remote party sent goes through escapeForTerminal (or is JSON-
 * escaped), so no control character or escape sequence reaches the terminal raw.
 */
import { escapeForTerminal, escapeJson } from './escape.js'
import { dateOf, isText, subscriptionIds, userPropertyPairs, type ReceivedMessage } from './message.js'

const HEX_DUMP_BYTES = 64

export interface HumanOptions {
  color: boolean
}

type Paint = (code: string, text: string) => string

function painter(color: boolean): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text
}

function time(msg: ReceivedMessage): string {
  const d = dateOf(msg.timeNs)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

function highlightJson(value: unknown, paint: Paint): string {
  const text = escapeJson(JSON.stringify(value, null, 2))
  return text.replace(/("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m, str: string | undefined, colon: string | undefined, word: string | undefined) => {
    if (str !== undefined) return colon !== undefined ? `${paint('34', str)}${colon}` : paint('32', str)
    if (word !== undefined) return paint('35', word)
    return paint('33', m)
  })
}

function hexDump(buf: Buffer, paint: Paint): string[] {
  const lines: string[] = []
  const shown = buf.subarray(0, HEX_DUMP_BYTES)
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16)
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ')
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${paint('2', off.toString(16).padStart(4, '0'))}  ${hex.padEnd(47)}  ${paint('2', ascii)}`)
  }
  if (buf.length > HEX_DUMP_BYTES) lines.push(paint('2', `… ${buf.length - HEX_DUMP_BYTES} more bytes`))
  return lines
}

function parseJsonPayload(text: string): unknown {
  const t = text.trimStart()
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function propertyLines(msg: ReceivedMessage, paint: Paint): string[] {
  const p = msg.properties
  if (p === undefined) return []
  const lines: string[] = []
  const add = (name: string, value: string) => lines.push(`  ${paint('2', `${name}:`)} ${escapeForTerminal(value)}`)
  if (p.contentType !== undefined) add('content-type', p.contentType)
  if (p.responseTopic !== undefined) add('response-topic', p.responseTopic)
  if (p.correlationData !== undefined) add('correlation-data', isText(p.correlationData) ? p.correlationData.toString('utf8') : `0x${p.correlationData.toString('hex')}`)
  if (p.messageExpiryInterval !== undefined) add('message-expiry', `${p.messageExpiryInterval} s`)
  if (p.payloadFormatIndicator !== undefined) add('payload-format', Number(p.payloadFormatIndicator) === 1 ? 'UTF-8' : 'bytes')
  if (p.topicAlias !== undefined) add('topic-alias', String(p.topicAlias))
  const ids = subscriptionIds(p)
  if (ids.length > 0) add('subscription-id', ids.join(', '))
  for (const [k, v] of userPropertyPairs(p)) add('user', `${k}=${v}`)
  return lines
}

export function renderHuman(msg: ReceivedMessage, options: HumanOptions): string {
  const paint = painter(options.color)
  const markers = [`q${msg.qos}`, ...(msg.retain ? ['retained'] : []), ...(msg.dup ? ['dup'] : [])].join(' ')
  const head = `${paint('2', time(msg))} ${paint('36;1', escapeForTerminal(msg.topic))} ${paint('2', `[${markers}]`)}`
  const body: string[] = []
  let inline = ''
  if (msg.payload.length === 0) {
    inline = paint('2', '(empty)')
  } else if (isText(msg.payload)) {
    const text = msg.payload.toString('utf8')
    const json = parseJsonPayload(text)
    if (json !== undefined) body.push(...highlightJson(json, paint).split('\n').map((l) => `  ${l}`))
    else if (!text.includes('\n') && text.length <= 200) inline = escapeForTerminal(text)
    else body.push(...text.split('\n').map((l) => `  ${escapeForTerminal(l)}`))
  } else {
    inline = paint('2', `(${msg.payload.length} bytes, binary)`)
    body.push(...hexDump(msg.payload, paint).map((l) => `  ${l}`))
  }
  const lines = [inline === '' ? head : `${head} ${inline}`, ...propertyLines(msg, paint), ...body]
  return `${lines.join('\n')}\n`
}
