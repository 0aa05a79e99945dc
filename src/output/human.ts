/**
 * The human view (stdout is a terminal and no output flag, or --human): receive time, the topic in
 * colour, QoS/retain markers, v5 properties, JSON payloads indented and highlighted, binary payloads
 * as a short hex dump. Everything a remote party sent goes through escapeForTerminal (or is JSON-
 * escaped), so no control character or escape sequence reaches the terminal raw.
 */
import { shownValue } from './decoded.js'
import { sparkplugLines } from './human-sparkplug.js'
import { jsonNestingExceeds } from './cjson.js'
import { escapeForTerminal, escapeJson } from './escape.js'
import { dateOf, isText, subscriptionIds, userPropertyPairs, type DecodedPayload, type ReceivedMessage } from './message.js'
import { painter, type Paint } from './terminal.js'
import { grouped } from './numbers.js'

/** What the human view shows of one payload unless --full: a screenful, not a 3,000-line array. */
export const HUMAN_LIMITS = { hexBytes: 64, lines: 40, chars: 4000, lineChars: 1000 }

export interface HumanOptions {
  color: boolean
  /** --full: whole payloads (no line, character or hex-dump limit). */
  full?: boolean
  /** false: the first line without the topic (mqtx watch shows it above). Default true. */
  topic?: boolean
}


function time(msg: ReceivedMessage): string {
  const d = dateOf(msg.timeNs)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** The note after a cut payload. */
const more = (n: number, what: string, paint: Paint) => paint('dim', `… ${grouped(n)} more ${what} (--full shows all)`)

/** Colour one line of pretty-printed JSON (strings never span lines there). */
function highlightJsonLine(line: string, paint: Paint): string {
  return line.replace(/("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (m, str: string | undefined, colon: string | undefined, word: string | undefined) => {
    if (str !== undefined) return colon !== undefined ? `${paint('blue', str)}${colon}` : paint('green', str)
    if (word !== undefined) return paint('magenta', word)
    return paint('yellow', m)
  })
}

/** `text` cut to `max` UTF-16 units without splitting a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text
  return text.slice(0, /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max)
}

/** A JSON payload indented and highlighted; unless --full, at most HUMAN_LIMITS.lines lines of lineChars. */
function jsonLines(value: unknown, paint: Paint, full: boolean): string[] {
  const plain = escapeJson(JSON.stringify(value, null, 2)).split('\n')
  const kept = full ? plain : plain.slice(0, HUMAN_LIMITS.lines)
  const lines = kept.map((l) => {
    const shown = full ? l : cutAt(l, HUMAN_LIMITS.lineChars)
    return `  ${highlightJsonLine(shown, paint)}${shown.length < l.length ? paint('dim', '…') : ''}`
  })
  if (kept.length < plain.length) lines.push(`  ${more(plain.length - kept.length, 'lines', paint)}`)
  return lines
}

/** A text payload's lines, at most HUMAN_LIMITS.lines and .chars of them, the rest counted. */
function capText(text: string, full: boolean, paint: Paint): string[] {
  const all = text.split('\n')
  const kept = full ? all : all.slice(0, HUMAN_LIMITS.lines)
  const shown = full ? kept.join('\n') : cutAt(kept.join('\n'), HUMAN_LIMITS.chars)
  const lines = shown.split('\n').map((l) => `  ${escapeForTerminal(l)}`)
  if (shown.length < kept.join('\n').length) lines.push(`  ${more(text.length - shown.length, 'characters', paint)}`)
  else if (kept.length < all.length) lines.push(`  ${more(all.length - kept.length, 'lines', paint)}`)
  return lines
}

function hexDump(buf: Buffer, paint: Paint, full: boolean): string[] {
  const lines: string[] = []
  const limit = full ? buf.length : HUMAN_LIMITS.hexBytes
  const shown = buf.subarray(0, limit)
  for (let off = 0; off < shown.length; off += 16) {
    const row = shown.subarray(off, off + 16)
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ')
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${paint('dim', off.toString(16).padStart(4, '0'))}  ${hex.padEnd(47)}  ${paint('dim', ascii)}`)
  }
  if (buf.length > limit) lines.push(more(buf.length - limit, 'bytes', paint))
  return lines
}

function parseJsonPayload(text: string): unknown {
  const t = text.trimStart()
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined
  // deeper than JSON.stringify can indent: shown as text
  if (jsonNestingExceeds(text)) return undefined
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
  const add = (name: string, value: string) => lines.push(`  ${paint('dim', `${name}:`)} ${escapeForTerminal(value)}`)
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

/** A payload a codec decoded: Sparkplug as metric lines, anything else as highlighted JSON, the codec named. */
function decodedView(msg: ReceivedMessage, paint: Paint, full: boolean): { inline: string; lines: string[] } {
  const d = msg.decoded as DecodedPayload
  const v = shownValue(d)
  if (d.codec === 'sparkplug' && !('selected' in d) && typeof v === 'object' && v !== null) {
    return sparkplugLines(v as Record<string, unknown>, sparkplugMessageType(msg.topic), paint, full ? Number.MAX_SAFE_INTEGER : HUMAN_LIMITS.lines)
  }
  const label = paint('magenta', `(${escapeForTerminal(d.codec)}${'selected' in d ? ', selected' : ''})`)
  if (typeof v !== 'object' || v === null) {
    const text = typeof v === 'string' ? v : JSON.stringify(v)
    if (!text.includes('\n') && text.length <= 200) return { inline: `${label} ${escapeForTerminal(text)}`, lines: [] }
    return { inline: label, lines: capText(text, full, paint) }
  }
  return { inline: label, lines: jsonLines(v, paint, full) }
}

/** spBv1.0/<group>/<TYPE>/… -> TYPE (the codec layer decides; this only labels). */
function sparkplugMessageType(topic: string): string | undefined {
  return topic.startsWith('spBv1.0/') ? topic.split('/', 4)[2] : undefined
}

export function renderHuman(msg: ReceivedMessage, options: HumanOptions): string {
  const paint = painter(options.color)
  const full = options.full === true
  const markers = [`q${msg.qos}`, ...(msg.retain ? ['retained'] : []), ...(msg.dup ? ['dup'] : [])].join(' ')
  const topic = options.topic === false ? '' : ` ${paint('heading', escapeForTerminal(msg.topic))}`
  const head = `${paint('dim', time(msg))}${topic} ${paint('dim', `[${markers}]`)}`
  const body: string[] = []
  let inline = ''
  if (msg.decoded !== undefined) {
    const d = decodedView(msg, paint, full)
    inline = d.inline
    body.push(...d.lines)
  } else if (msg.payload.length === 0) {
    inline = paint('dim', '(empty)')
  } else if (isText(msg.payload)) {
    const text = msg.payload.toString('utf8')
    const json = parseJsonPayload(text)
    if (json !== undefined) body.push(...jsonLines(json, paint, full))
    else if (!text.includes('\n') && text.length <= 200) inline = escapeForTerminal(text)
    else body.push(...capText(text, full, paint))
  } else {
    inline = paint('dim', `(${msg.payload.length} bytes, binary)`)
    body.push(...hexDump(msg.payload, paint, full).map((l) => `  ${l}`))
  }
  const lines = [inline === '' ? head : `${head} ${inline}`, ...propertyLines(msg, paint), ...body]
  return `${lines.join('\n')}\n`
}
