/** Pick the renderer for sub/rr output: mosquitto's default, -F, --json or the human view. */
import { parseFormat, renderFormat, type Format, type FormatWarn } from './format.js'
import { decodedText } from './decoded.js'
import { escapeRawForTerminal } from './escape.js'
import { renderHuman } from './human.js'
import { jsonLine } from './json.js'
import type { ReceivedMessage } from './message.js'
import type { RawOutputFlags } from './flags.js'

export type OutputMode = 'raw' | 'format' | 'json' | 'human'

export interface OutputPlan {
  mode: OutputMode
  verbose: boolean
  eol: boolean
  pretty: boolean
  format?: Format
  color: boolean
  /** --full: the human view shows whole payloads. */
  full: boolean
  /**
   * Plain output (-v, -N, -F) on a terminal: what the broker sent (topic, payload, -F fields) is
   * escaped as escapeRawForTerminal does; --raw (and a pipe or a file) keeps the exact bytes.
   */
  escape: boolean
}

/** Decide the mode once at start-up (a bad -F or conflicting flags throw UsageError via callers). */
export function planOutput(o: RawOutputFlags, stdoutIsTTY: boolean, color: boolean): OutputPlan | string {
  const chosen = [o.format !== undefined ? '-F' : '', o.json ? '--json' : '', o.raw ? '--raw' : '', o.human ? '--human' : ''].filter((x) => x !== '')
  if (chosen.length > 1) return `${chosen.join(' and ')} cannot be used together.`
  if (o.human && (o.verbose || o.eol === false)) return '--human cannot be used with -v or -N.'
  if (o.json && o.verbose) return '--json cannot be used with -v (the record has the topic).'
  const base = { verbose: o.verbose === true, eol: o.eol !== false, pretty: o.pretty === true, color, full: o.full === true, escape: stdoutIsTTY && o.raw !== true }
  if (o.format !== undefined) return { ...base, mode: 'format', format: parseFormat(o.format) }
  if (o.json) return { ...base, mode: 'json' }
  if (o.human) return { ...base, mode: 'human' }
  const anyOutputFlag = o.raw || o.verbose || o.eol === false
  return { ...base, mode: stdoutIsTTY && !anyOutputFlag ? 'human' : 'raw' }
}

const NEWLINE = Buffer.from('\n')
const NULL_TEXT = Buffer.from(' (null)')

/**
 * Bytes (or text, which the writer encodes once per flush) for one message; undefined when nothing
 * is printed. Throws FormatError for a %J payload that is not JSON.
 */
export function renderMessage(plan: OutputPlan, msg: ReceivedMessage, warn?: FormatWarn): Buffer | string | undefined {
  switch (plan.mode) {
    case 'raw': {
      if (msg.decoded?.replacesPayload === true && !plan.verbose && plan.eol) {
        const text = decodedText(msg.decoded, plan.pretty)
        return `${plan.escape ? (escapeRawForTerminal(text) as string) : text}\n`
      }
      const exact = msg.decoded?.replacesPayload === true ? Buffer.from(decodedText(msg.decoded, plan.pretty), 'utf8') : msg.payload
      const payload = plan.escape ? (escapeRawForTerminal(exact) as Buffer) : exact
      if (!plan.verbose) {
        if (payload.length === 0) return undefined
        return plan.eol ? Buffer.concat([payload, NEWLINE]) : payload
      }
      // mosquitto 2.0.11: with -N an empty payload prints nothing, not even the topic
      if (payload.length === 0 && !plan.eol) return undefined
      const parts = [Buffer.from(plan.escape ? (escapeRawForTerminal(msg.topic) as string) : msg.topic, 'utf8'), payload.length === 0 ? NULL_TEXT : Buffer.concat([Buffer.from(' '), payload])]
      if (plan.eol) parts.push(NEWLINE)
      return Buffer.concat(parts)
    }
    case 'format':
      return renderFormat(plan.format as Format, msg, { pretty: plan.pretty, eol: plan.eol, warn, escape: plan.escape })
    case 'json':
      return Buffer.from(jsonLine(msg), 'utf8')
    case 'human':
      return Buffer.from(renderHuman(msg, { color: plan.color, full: plan.full }), 'utf8')
  }
}
