/** `mqtx record`'s own flags, declared once (src/flags/define.ts); connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseCount, parseDuration, parseQos, parseSeconds, parseSize } from '../mqtt/parsers.js'

const R = 'Recording options:'

export const RECORD_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <filter>', help: 'topic filter to record (repeatable; + and # wildcards, $share/group/filter)', group: R, parse: collect },
  output: { flags: '-o, --output <file>', help: 'write the recording to this file (NDJSON as sub --json; a name ending in .gz is gzip-compressed)', group: R },
  qos: { flags: '-q, --qos <qos>', help: 'quality of service of the subscription, 0, 1 or 2 (default: 0); with -q 1 -c -i ID nothing is lost across reconnects', group: R, parse: parseQos },
  rotateSize: { flags: '--rotate-size <size>', help: 'start a new numbered file (FILE.000001.ndjson …) before one would pass this size (65536, 512k, 100M, 1G)', group: R, parse: parseSize('--rotate-size') },
  rotateEvery: { flags: '--rotate-every <duration>', help: 'start a new numbered file after this long (90, 30s, 15m, 2h, 1d)', group: R, parse: parseDuration('--rotate-every') },
  force: { flags: '--force', help: 'overwrite the output file if it exists (with rotation: remove every numbered file of that name first)', group: R },
  count: { flags: '-C, --count <n>', help: 'exit after recording n messages', group: R, parse: parseCount('-C', 'messages') },
  duration: { flags: '--duration <duration>', help: 'record for this long, then exit 0 (90, 30s, 15m, 2h)', group: R, parse: parseDuration('--duration') },
  timeout: { flags: '-W, --timeout <seconds>', help: 'exit 27 ("Timed out") if -C is not reached after this long', group: R, parse: parseSeconds('-W', { allowZero: false }) },
})

export type RawRecordOptions = RawConnectionOptions & OptionsOf<typeof RECORD_FLAGS>
