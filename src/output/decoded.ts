/** The decoded form of a payload as text: for mosquitto's plain output, -F %c and the human view. */
import { escapeJson } from './escape.js'
import type { DecodedPayload } from './message.js'

/** --select's result when given, else the whole decoded value. */
export function shownValue(d: DecodedPayload): unknown {
  return 'selected' in d ? d.selected : d.value
}

/** Text as-is; anything else as JSON (indented with --pretty). */
export function decodedText(d: DecodedPayload, pretty: boolean): string {
  if (d.text !== undefined && !pretty && !('selected' in d)) return d.text
  const v = shownValue(d)
  if (typeof v === 'string') return v
  return escapeJson(JSON.stringify(v, null, pretty ? 2 : undefined) ?? 'null')
}
