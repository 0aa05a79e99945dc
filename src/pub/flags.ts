/** `mqtx pub`'s own flags, declared once (src/flags/define.ts); the connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawEncodeOptions } from '../codecs/options.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { reconnectFlags } from '../session/link.js'
import { collect, parseIntegerIn, parseOnce, parsePositiveInt, parseQos, parseSeconds } from '../mqtt/parsers.js'

const MESSAGE = 'Message options:'
const V5 = 'MQTT 5 publish properties:'
const ONE = 'one message per run (-l sends one per line)'

export const PUB_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <topic>', help: 'topic to publish to (no + or #)', group: MESSAGE },
  message: { flags: '-m, --message <text>', help: 'send this message', group: MESSAGE, parse: parseOnce('-m', ONE) },
  file: { flags: '-f, --file <file>', help: 'send the whole file, byte for byte', group: MESSAGE, parse: parseOnce('-f', ONE) },
  stdinFile: { flags: '-s, --stdin-file', help: 'send all of standard input as one message (empty input: an error)', group: MESSAGE },
  stdinLine: { flags: '-l, --stdin-line', help: 'send each line of standard input as a message (streams; every line delivered)', group: MESSAGE },
  nullMessage: { flags: '-n, --null-message', help: 'send an empty message', group: MESSAGE },
  encoding: { flags: '--encoding <encoding>', help: 'how -m and -l text is given: utf8, hex or base64 (binary from a shell)', group: MESSAGE, choices: ['utf8', 'hex', 'base64'] },
  qos: { flags: '-q, --qos <qos>', help: 'quality of service, 0, 1 or 2 (default: 0)', group: MESSAGE, parse: parseQos },
  retain: { flags: '-r, --retain', help: 'retain the message (an empty retained message clears the topic)', group: MESSAGE },
  repeat: { flags: '--repeat <count>', help: 'publish the message this many times', group: MESSAGE, parse: parsePositiveInt('--repeat') },
  repeatDelay: { flags: '--repeat-delay <seconds>', help: 'wait this long between repeats', group: MESSAGE, parse: parseSeconds('--repeat-delay', { allowZero: true }) },
  ...reconnectFlags(MESSAGE),
  contentType: { flags: '--content-type <type>', help: 'v5 content type (same as -D publish content-type)', group: V5 },
  correlationData: { flags: '--correlation-data <data>', help: 'v5 correlation data', group: V5 },
  messageExpiry: { flags: '--message-expiry <seconds>', help: 'v5 message expiry interval', group: V5, parse: parseIntegerIn('--message-expiry', 0, 4294967295) },
  payloadFormatIndicator: { flags: '--payload-format-indicator', help: 'v5: mark the payload as UTF-8 text', group: V5 },
  responseTopic: { flags: '--response-topic <topic>', help: 'v5 response topic', group: V5 },
  topicAlias: { flags: '--topic-alias <alias>', help: 'v5 topic alias', group: V5, parse: parseIntegerIn('--topic-alias', 1, 65535) },
  userProperty: { flags: '--user-property <key=value>', help: 'v5 user property (repeatable)', group: V5, parse: collect },
})

export type RawPubOptions = RawConnectionOptions & RawEncodeOptions & OptionsOf<typeof PUB_FLAGS>
