/** The output flags of sub and rr, declared once (src/flags/define.ts), read by render.ts `planOutput`. */
import { defineFlags, type OptionsOf } from '../flags/define.js'

const OUT = 'Output options:'

export const OUTPUT_FLAGS = defineFlags({
  verbose: { flags: '-v, --verbose', help: "print 'topic payload' (mosquitto's -v)", group: OUT },
  eol: { flags: '-N, --no-eol', help: 'no newline after each message', group: OUT },
  format: { flags: '-F, --format <format>', help: 'mosquitto_sub output format: %t topic, %p payload, %j JSON … (man mqtx: OUTPUT FORMAT)', group: OUT },
  pretty: { flags: '--pretty', help: 'indent the JSON of -F %j / %J', group: OUT },
  json: { flags: '--json', help: 'one lossless JSON object per message (payload as text, or base64 when binary)', group: OUT },
  raw: { flags: '--raw', help: "mosquitto's plain output even on a terminal, exact bytes (on a terminal -v, -N and -F escape control characters)", group: OUT },
  human: { flags: '--human', help: 'the human view (time, colour, properties, escaped) even in a pipe', group: OUT },
  full: { flags: '--full', help: 'the human view shows whole payloads (default: 40 lines, 4,000 characters, 64 bytes of binary)', group: OUT },
})

export type RawOutputFlags = OptionsOf<typeof OUTPUT_FLAGS>
