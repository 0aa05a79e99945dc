/** `mqtx rr`'s own flags, declared once (src/flags/define.ts); output and connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawDecodeOptions, RawEncodeOptions } from '../codecs/options.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import type { RawOutputFlags } from '../output/flags.js'
import { parseCount, parseOnce, parseQos, parseRetainHandling, parseSeconds } from '../mqtt/parsers.js'

const R = 'Request options:'

export const RR_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <topic>', help: 'topic to send the request to (no + or #)', group: R },
  responseTopic: { flags: '-e, --response-topic <topic>', help: 'topic to receive the response on (required; no + or #)', group: R },
  message: { flags: '-m, --message <text>', help: 'request payload', group: R, parse: parseOnce('-m', 'one request per run') },
  file: { flags: '-f, --file <file>', help: 'request payload: the whole file', group: R, parse: parseOnce('-f', 'one request per run') },
  stdinFile: { flags: '-s, --stdin-file', help: 'request payload: all of standard input', group: R },
  nullMessage: { flags: '-n, --null-message', help: 'an empty request', group: R },
  encoding: { flags: '--encoding <encoding>', help: 'how -m is given: utf8, hex or base64', group: R, choices: ['utf8', 'hex', 'base64'] },
  qos: { flags: '-q, --qos <qos>', help: 'QoS of the request and the response subscription (default: 0)', group: R, parse: parseQos },
  count: { flags: '-C, --count <n>', help: 'wait for n responses (default: 1)', group: R, parse: parseCount('-C', 'messages') },
  timeout: { flags: '-W, --timeout <seconds>', help: 'exit 27 ("Timed out") if no response after this long', group: R, parse: parseSeconds('-W', { allowZero: false }) },
  latency: { flags: '--latency', help: 'after each response, print the time since the request was sent on stderr', group: R },
  retainHandling: { flags: '--retain-handling <mode>', help: 'v5: retained messages on the response topic: always, new (only for a new subscription) or never (default: always)', group: R, parse: parseRetainHandling },
})

export type RawRrOptions = RawConnectionOptions & RawOutputFlags & RawDecodeOptions & RawEncodeOptions & OptionsOf<typeof RR_FLAGS>
