/**
 * The ONE definition of the connection options, shared by every command (pub, sub, rr, bench …).
 * Names and meanings follow mosquitto_pub/mosquitto_sub (see README and man page). Each flag is
 * declared once here (src/flags/define.ts): its environment variable, value kind and class are part
 * of the declaration, and the env table, completion, config keys and `RawConnectionOptions` derive
 * from it. Adding a connection flag is an entry here (and its use in resolve.ts).
 * Defaults are applied in resolve.ts, not here, so that a later layer (config file, environment)
 * can tell "not given" from "given".
 */
import type { Command } from 'commander'
import { addFlags, defineFlags, type OptionsOf } from '../flags/define.js'
import {
  collect,
  parseIntegerIn,
  parseNonEmpty,
  parseKeepalive,
  parsePort,
  parseProtocolVersion,
  parseQos,
  parseSeconds,
  parseSessionExpiry,
} from './parsers.js'

export const TLS_VERSIONS = ['tlsv1.3', 'tlsv1.2', 'tlsv1.1'] as const

const CONNECTION = 'Connection options:'
const AUTH = 'Authentication options:'
const WILL = 'Will options:'
const TLS = 'TLS options:'
const OUTPUT = 'Output options:'

/** Read by resolve.ts itself (it applies only with a username), not filled in as -P. */
export const PASSWORD_ENV = 'MQTX_PASSWORD'

export const CONNECTION_FLAGS = defineFlags({
  host: { flags: '-h, --host <host>', help: 'broker host (default: localhost)', group: CONNECTION, parse: parseNonEmpty('-h'), class: 'endpoint', env: { name: 'MQTX_HOST', description: 'broker host' } },
  port: { flags: '-p, --port <port>', help: 'broker port (default: 1883; 8883 with TLS options); 8883 turns TLS on unless --no-tls', group: CONNECTION, parse: parsePort, class: 'endpoint', env: { name: 'MQTX_PORT', description: 'broker port' } },
  url: { flags: '-L, --url <url>', help: 'mqtt(s)|ws(s)://[user[:pass]@]host[:port]/topic: host, port, credentials and topic in one', group: CONNECTION },
  id: { flags: '-i, --id <id>', help: 'client id (default: assigned by the broker)', group: CONNECTION },
  idPrefix: { flags: '-I, --id-prefix <prefix>', help: 'client id prefix; the process id is appended', group: CONNECTION },
  keepalive: { flags: '-k, --keepalive <seconds>', help: 'keep-alive interval, 5..65535 (default: 60)', group: CONNECTION, parse: parseKeepalive },
  protocolVersion: {
    flags: '-V, --protocol-version <version>',
    help: 'MQTT version: 5, 311 or 31 (mqttv5, mqttv311, mqttv31); default: 5, falling back to 3.1.1 when refused',
    group: CONNECTION,
    parse: parseProtocolVersion,
    env: { name: 'MQTX_PROTOCOL_VERSION', description: 'MQTT version: 5, 311 or 31' },
  },
  disableCleanSession: { flags: '-c, --disable-clean-session', help: 'keep the session on the broker (needs -i); v5: never expires unless -x', group: CONNECTION },
  sessionExpiry: { flags: '-x, --session-expiry <seconds>', help: 'v5 session expiry interval (-1: never)', group: CONNECTION, parse: parseSessionExpiry },
  property: { flags: '-D, --property <command name value>', help: 'MQTT 5 property, e.g. -D publish content-type text/plain; user-property takes KEY VALUE (repeatable)', group: CONNECTION, parse: collect },
  bindAddress: { flags: '-A, --bind-address <address>', help: 'local address to connect from', group: CONNECTION, parse: parseNonEmpty('-A') },
  unix: { flags: '--unix <path>', help: 'connect to a unix domain socket instead of TCP', group: CONNECTION, parse: parseNonEmpty('--unix'), kind: 'file' },
  proxy: { flags: '--proxy <url>', help: 'connect through a SOCKS5 proxy: socks5h://[user[:pass]@]host[:port]', group: CONNECTION, class: 'endpoint' },
  ws: { flags: '--ws', help: 'connect over WebSocket to -h/-p (ws://, wss:// with TLS; path: --ws-path)', group: CONNECTION },
  wsPath: { flags: '--ws-path <path>', help: 'WebSocket path for --ws and ws:// / wss:// URLs (default: /mqtt)', group: CONNECTION, parse: parseNonEmpty('--ws-path'), kind: 'free' },
  nodelay: { flags: '--nodelay', help: 'disable Nagle (TCP_NODELAY); mqtx already does by default, accepted for compatibility', group: CONNECTION },
  maxInflight: { flags: '-M, --max-inflight <count>', help: 'most QoS 1/2 messages in flight at once (never above the broker\'s Receive Maximum)', group: CONNECTION, parse: parseIntegerIn('-M', 1, 65535) },
  connectTimeout: { flags: '--connect-timeout <seconds>', help: 'give up connecting after this long (default: 10)', group: CONNECTION, parse: parseSeconds('--connect-timeout', { allowZero: false }) },
  optionsFile: { flags: '-o, --options-file <file>', help: "read options from this file: one per line, its value the rest of the line (mosquitto's options-file format; ranks as ~/.config/mosquitto_pub|sub|rr)", group: CONNECTION },
  profile: { flags: '--profile <name>', help: 'use this profile of the config file (~/.config/mqtx/config.json); env: MQTX_PROFILE', group: CONNECTION, env: { name: 'MQTX_PROFILE', description: 'profile to use from the config file', fills: false } },

  username: { flags: '-u, --username <username>', help: 'username', group: AUTH, env: { name: 'MQTX_USERNAME', description: 'username' } },
  pw: {
    flags: '-P, --pw <password>',
    help: 'password (visible in ps: prefer MQTX_PASSWORD or --password-file)',
    group: AUTH,
    class: 'password',
    env: { name: PASSWORD_ENV, description: 'password for the username when no -P or --password-file is given; unlike -P, not visible in ps', fills: false },
  },
  password: { flags: '--password <password>', help: 'same as -P', group: AUTH, class: 'password' },
  passwordFile: { flags: '--password-file <file>', help: 'read the password from the first line of a file', group: AUTH, class: 'password', env: { name: 'MQTX_PASSWORD_FILE', description: 'file whose first line is the password' } },

  willTopic: { flags: '--will-topic <topic>', help: 'topic of the last-will message', group: WILL },
  willPayload: { flags: '--will-payload <payload>', help: 'payload of the last-will message', group: WILL },
  willQos: { flags: '--will-qos <qos>', help: 'QoS of the last-will message', group: WILL, parse: parseQos },
  willRetain: { flags: '--will-retain', help: 'retain the last-will message', group: WILL },

  cafile: { flags: '--cafile <file>', help: 'trust this CA certificate (PEM) instead of the bundled roots', group: TLS, class: 'tls', env: { name: 'MQTX_CAFILE', description: 'CA certificate to trust (PEM)' } },
  capath: { flags: '--capath <dir>', help: 'trust every PEM CA certificate in this directory', group: TLS, class: 'tls', env: { name: 'MQTX_CAPATH', description: 'directory of CA certificates to trust' } },
  cert: { flags: '--cert <file>', help: 'client certificate (PEM); needs --key', group: TLS, class: 'tls', env: { name: 'MQTX_CERT', description: 'client certificate (PEM)' } },
  key: { flags: '--key <file>', help: 'client private key (PEM); needs --cert', group: TLS, class: 'tls', env: { name: 'MQTX_KEY', description: 'client private key (PEM)' } },
  // not class 'tls': --no-tls hides the TLS class from the lower layers, not itself
  tls: { flags: '--no-tls', help: 'no TLS: ignore TLS settings from the environment, a profile or an options file, and do not turn TLS on for port 8883', group: TLS },
  insecure: { flags: '--insecure', help: 'do not check the broker\'s certificate at all (neither its chain nor its host name; mosquitto 2.1)', group: TLS, class: 'tls' },
  tlsKeylog: { flags: '--tls-keylog <file>', help: 'append the TLS session keys to this file (NSS key log format, mode 0600) so Wireshark can decrypt a capture', group: TLS, class: 'tls', parse: parseNonEmpty('--tls-keylog') },
  tlsVersion: { flags: '--tls-version <version>', help: 'lowest TLS version to accept', group: TLS, class: 'tls', choices: TLS_VERSIONS },
  tlsAlpn: { flags: '--tls-alpn <protocol>', help: 'ALPN protocol to offer', group: TLS, class: 'tls', parse: parseNonEmpty('--tls-alpn') },
  ciphers: { flags: '--ciphers <list>', help: 'OpenSSL cipher list (TLS 1.2 and below)', group: TLS, class: 'tls', parse: parseNonEmpty('--ciphers') },
  tlsUseOsCerts: { flags: '--tls-use-os-certs', help: 'use TLS with the default trusted CAs', group: TLS, class: 'tls' },
  psk: { flags: '--psk <hex>', help: 'TLS pre-shared key, in hex (TLS 1.2 PSK; needs --psk-identity)', group: TLS, class: 'tls' },
  pskIdentity: { flags: '--psk-identity <identity>', help: 'identity for --psk', group: TLS, class: 'tls' },
  servername: { flags: '--servername <name>', help: 'TLS server name (SNI) and the name to verify in the certificate', group: TLS, class: 'tls', parse: parseNonEmpty('--servername') },

  quiet: { flags: '--quiet', help: 'do not print runtime errors (exit codes still tell)', group: OUTPUT },
  debug: { flags: '-d, --debug', help: 'log packets and decisions on stderr (passwords never shown)', group: OUTPUT },
})

/** What commander hands the action for the shared options (derived from the table above). */
export type RawConnectionOptions = OptionsOf<typeof CONNECTION_FLAGS>

/**
 * Declare the shared connection options on a command. `longOnly: ['-o']` leaves a short flag to the
 * command's own option (record's `-o FILE` is its output; the options file stays `--options-file`).
 */
export function addConnectionOptions(cmd: Command, { longOnly = [] }: { longOnly?: string[] } = {}): Command {
  if (longOnly.length === 0) return addFlags(cmd, CONNECTION_FLAGS)
  const table = Object.fromEntries(
    Object.entries(CONNECTION_FLAGS).map(([key, decl]) => {
      const short = /^(-\w), /.exec(decl.flags)?.[1]
      return [key, short !== undefined && longOnly.includes(short) ? { ...decl, flags: decl.flags.slice(short.length + 2) } : decl]
    }),
  )
  return addFlags(cmd, table)
}
