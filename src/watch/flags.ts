/** `mqtx watch`'s own flags, declared once (src/flags/define.ts); codec and connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawDecodeOptions } from '../codecs/options.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseIntegerIn, parseQos } from '../mqtt/parsers.js'

const W = 'Watch options:'

export const WATCH_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <filter>', help: "topic filter to watch (repeatable; default '#')", group: W, parse: collect },
  sys: { flags: '--sys', help: "watch the broker's $SYS/# topics too", group: W },
  qos: { flags: '-q, --qos <qos>', help: 'quality of service of the subscription, 0, 1 or 2 (default: 0)', group: W, parse: parseQos },
  history: { flags: '--history <n>', help: 'messages kept per topic for the history and chart, 1 to 10000', group: W, parse: parseIntegerIn('--history', 1, 10_000), default: 100 },
})

export type RawWatchOptions = RawConnectionOptions & RawDecodeOptions & OptionsOf<typeof WATCH_FLAGS>
