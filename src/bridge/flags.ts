/**
 * `mqtx bridge`'s flags, declared once (src/flags/define.ts). Two brokers, so the connection flags
 * are not added wholesale: each side is a URL (host, port, scheme = TCP/TLS/WebSocket, user and
 * password) plus the few settings that differ per side as --from-… and --to-… flags; -k,
 * --connect-timeout, --quiet and -d apply to both (the same declarations as every command's).
 * Why not profiles per side: NOTES.md "bridge".
 */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import { CONNECTION_FLAGS } from '../mqtt/options.js'
import { collect, parseCount, parseProtocolVersion, parseQos, parseRewrite } from '../mqtt/parsers.js'

const B = 'Bridge options:'
const F = 'Upstream (--from) options:'
const T = 'Downstream (--to) options:'
const C = 'Both connections:'

export const BRIDGE_FLAGS = defineFlags({
  from: { flags: '--from <url>', help: 'the broker to copy from: mqtt|mqtts|ws|wss://[user[:pass]@]host[:port][/filter]', group: B },
  to: { flags: '--to <url>', help: 'the broker to copy to: mqtt|mqtts|ws|wss://[user[:pass]@]host[:port]', group: B },
  topic: { flags: '-t, --topic <filter>', help: 'topic filter to copy (repeatable; + and # wildcards)', group: B, parse: collect },
  qos: { flags: '-q, --qos <qos>', help: 'QoS of the upstream subscription, the highest a message keeps; messages are forwarded with the QoS they arrive with (default: 1)', group: B, parse: parseQos },
  toQos: { flags: '--to-qos <qos>', help: 'forward every message with this QoS instead of the one it arrived with', group: B, parse: parseQos },
  rewrite: { flags: '--rewrite <from> <to>', help: "rewrite topics: a regular expression (RE2) and its replacement ($1 … for groups), e.g. --rewrite '^site1/(.*)' 'mirror/$1' (repeatable, applied in order, as replay's)", group: B, parse: parseRewrite },
  prefix: { flags: '--prefix <prefix>', help: 'put this in front of every forwarded topic (after --rewrite)', group: B, kind: 'free' },
  bridgeId: { flags: '--bridge-id <name>', help: 'loop marker: MQTT 5 messages are forwarded with the user property mqtx-bridge=NAME, and messages that carry it already are dropped (default: made from the two broker addresses, the same in both directions)', group: B },
  count: { flags: '-C, --count <n>', help: 'exit after forwarding n messages', group: B, parse: parseCount('-C', 'messages') },
  verbose: { flags: '-v, --verbose', help: 'log every forwarded message on stderr', group: B },

  id: { flags: '-i, --id <id>', help: 'client id on both brokers (needed by -c; --to-id gives the downstream another)', group: C },
  disableCleanSession: { flags: '-c, --disable-clean-session', help: 'persistent sessions (needs -i): the upstream broker keeps what arrives while the bridge is away or restarting, and sends unacknowledged messages again', group: C },
  keepalive: { ...CONNECTION_FLAGS.keepalive, group: C },
  connectTimeout: { ...CONNECTION_FLAGS.connectTimeout, group: C },

  fromProtocolVersion: { flags: '--from-protocol-version <version>', help: 'MQTT version upstream: 5, 311 or 31 (default: 5, falling back to 3.1.1 when refused)', group: F, parse: parseProtocolVersion },
  fromUsername: { flags: '--from-username <username>', help: 'username upstream (or in the --from URL)', group: F },
  fromPasswordFile: { flags: '--from-password-file <file>', help: 'upstream password: the first line of this file (not visible in ps, unlike the URL)', group: F },
  fromCafile: { flags: '--from-cafile <file>', help: 'trust this CA certificate (PEM) upstream', group: F },
  fromCert: { flags: '--from-cert <file>', help: 'client certificate (PEM) upstream; needs --from-key', group: F },
  fromKey: { flags: '--from-key <file>', help: 'client private key (PEM) upstream; needs --from-cert', group: F },
  fromInsecure: { flags: '--from-insecure', help: "do not check the upstream broker's certificate at all", group: F },

  toProtocolVersion: { flags: '--to-protocol-version <version>', help: 'MQTT version downstream: 5, 311 or 31 (default: 5, falling back to 3.1.1 when refused)', group: T, parse: parseProtocolVersion },
  toId: { flags: '--to-id <id>', help: 'client id downstream (default: -i)', group: T },
  toUsername: { flags: '--to-username <username>', help: 'username downstream (or in the --to URL)', group: T },
  toPasswordFile: { flags: '--to-password-file <file>', help: 'downstream password: the first line of this file', group: T },
  toCafile: { flags: '--to-cafile <file>', help: 'trust this CA certificate (PEM) downstream', group: T },
  toCert: { flags: '--to-cert <file>', help: 'client certificate (PEM) downstream; needs --to-key', group: T },
  toKey: { flags: '--to-key <file>', help: 'client private key (PEM) downstream; needs --to-cert', group: T },
  toInsecure: { flags: '--to-insecure', help: "do not check the downstream broker's certificate at all", group: T },

  quiet: CONNECTION_FLAGS.quiet,
  debug: CONNECTION_FLAGS.debug,
})

export type RawBridgeOptions = OptionsOf<typeof BRIDGE_FLAGS>
