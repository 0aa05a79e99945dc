/** `mqtx sub`'s own flags, declared once (src/flags/define.ts); output and connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawDecodeOptions } from '../codecs/options.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import type { RawOutputFlags } from '../output/flags.js'
import { collect, parseCount, parseQos, parseRetainHandling, parseSeconds } from '../mqtt/parsers.js'

const S = 'Subscription options:'

export const SUB_FLAGS = defineFlags({
  topic: { flags: '-t, --topic <filter>', help: 'topic filter to subscribe to (repeatable; + and # wildcards, $share/group/filter)', group: S, parse: collect },
  filterOut: { flags: '-T, --filter-out <filter>', help: 'do not print or count messages whose topic matches (repeatable)', group: S, parse: collect },
  qos: { flags: '-q, --qos <qos>', help: 'quality of service of the subscription, 0, 1 or 2 (default: 0)', group: S, parse: parseQos },
  count: { flags: '-C, --count <n>', help: 'exit after printing n messages', group: S, parse: parseCount('-C', 'messages') },
  timeout: { flags: '-W, --timeout <seconds>', help: 'exit 27 ("Timed out") if not done after this long', group: S, parse: parseSeconds('-W', { allowZero: false }) },
  match: { flags: '--match <regex>', help: 'only print and count messages whose payload matches (RE2 syntax: linear time, no backreferences or lookaround)', group: S },
  ignoreRetained: { flags: '-R, --ignore-retained', help: 'do not print retained messages', group: S },
  retainedOnly: { flags: '--retained-only', help: 'print only retained messages; exit once the retained backlog is printed', group: S },
  removeRetained: { flags: '--remove-retained', help: 'clear every retained message received (publish an empty retained message)', group: S },
  exitAfterSubscribe: { flags: '-E, --exit-after-subscribe', help: 'exit once subscribed (with -c: creates the durable session)', group: S },
  unsubscribe: { flags: '-U, --unsubscribe <filter>', help: 'unsubscribe from this filter after connecting (repeatable; with -c)', group: S, parse: collect },
  randomFilter: { flags: '--random-filter <percent>', help: 'print about this percentage of messages, 0.1 to 100', group: S },
  local: { flags: '--no-local', help: 'v5: do not receive own publications', group: S },
  retainAsPublished: { flags: '--retain-as-published', help: 'v5: keep the retain flag as published', group: S },
  watch: { flags: '-w, --watch', help: 'on a terminal: one line per topic, updated in place (with -v, -F)', group: S },
  messageRate: { flags: '--message-rate', help: 'print the number of messages received each second instead of the messages', group: S },
  retainHandling: { flags: '--retain-handling <mode>', help: 'v5: send retained messages always (0), only for a new subscription: new (1), or never (2)', group: S, parse: parseRetainHandling },
})

export type RawSubOptions = RawConnectionOptions & RawOutputFlags & RawDecodeOptions & OptionsOf<typeof SUB_FLAGS>
