/** `mqtx respond`'s own flags, declared once (src/flags/define.ts); the connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseCount, parseIntegerIn, parseOnce, parseQos, parseSeconds } from '../mqtt/parsers.js'

const R = 'Request options:'
const A = 'Reply options (one of -m, -f, -s, -n, --template, or a command after --):'

export const RESPOND_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <filter>', help: 'topic filter the requests come on (repeatable; + and # wildcards)', group: R, parse: collect },
  responseTopic: { flags: '-e, --response-topic <topic>', help: 'answer here when a request names no response topic (MQTT 3.1.1 requesters, mqtx rr -V 311)', group: R },
  qos: { flags: '-q, --qos <qos>', help: 'QoS of the request subscription and of the replies (default: 0)', group: R, parse: parseQos },
  count: { flags: '-C, --count <n>', help: 'exit after answering n requests', group: R, parse: parseCount('-C', 'requests') },
  timeout: { flags: '-W, --timeout <seconds>', help: 'exit 27 ("Timed out") if not done after this long', group: R, parse: parseSeconds('-W', { allowZero: false }) },
  concurrency: { flags: '--concurrency <n>', help: 'requests answered at once (default: 1); more wait, unread, and the broker holds them back', group: R, parse: parseIntegerIn('--concurrency', 1, 10000) },
  verbose: { flags: '-v, --verbose', help: 'log every request answered on stderr', group: R },

  message: { flags: '-m, --message <text>', help: 'reply with this payload', group: A, parse: parseOnce('-m', 'one fixed reply') },
  file: { flags: '-f, --file <file>', help: 'reply with the contents of this file', group: A, parse: parseOnce('-f', 'one fixed reply') },
  stdinFile: { flags: '-s, --stdin-file', help: 'reply with all of standard input (read once, at start)', group: A },
  nullMessage: { flags: '-n, --null-message', help: 'reply with an empty payload', group: A },
  encoding: { flags: '--encoding <encoding>', help: 'how -m is given: utf8, hex or base64', group: A, choices: ['utf8', 'hex', 'base64'] },
  template: { flags: '--template <text>', help: 'reply with this text, placeholders filled from the request: {{topic}}, {{topic.N}}, {{payload}}, {{payload.FIELD}} (JSON), {{qos}}, {{seq}}, {{time}}; {{… | json}} writes the value as JSON', group: A, kind: 'free' },
  execTimeout: { flags: '--exec-timeout <seconds>', help: 'with a command: stop it (SIGTERM) and send no reply after this long (default: 10)', group: A, parse: parseSeconds('--exec-timeout', { allowZero: false }) },
})

export type RawRespondOptions = RawConnectionOptions & OptionsOf<typeof RESPOND_FLAGS>
