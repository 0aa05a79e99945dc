/**
 * The ONE definition of the connection options, shared by every command (pub, sub, rr, bench …).
 * Names and meanings follow mosquitto_pub/mosquitto_sub (see README and man page).
 * Defaults are applied in resolve.ts, not here, so that a later layer (config file, environment)
 * can tell "not given" from "given".
 */
import { Option, type Command } from 'commander'
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
  type ProtocolVersion,
} from './parsers.js'

/** What commander hands the action for the shared options. */
export interface RawConnectionOptions {
  host?: string
  port?: number
  url?: string
  id?: string
  idPrefix?: string
  username?: string
  pw?: string
  password?: string
  passwordFile?: string
  keepalive?: number
  protocolVersion?: ProtocolVersion
  disableCleanSession?: boolean
  sessionExpiry?: number
  property?: string[]
  willTopic?: string
  willPayload?: string
  willQos?: 0 | 1 | 2
  willRetain?: boolean
  cafile?: string
  capath?: string
  cert?: string
  key?: string
  insecure?: boolean
  tlsVersion?: string
  tlsAlpn?: string
  ciphers?: string
  tlsUseOsCerts?: boolean
  psk?: string
  pskIdentity?: string
  servername?: string
  nodelay?: boolean
  bindAddress?: string
  unix?: string
  proxy?: string
  wsPath?: string
  maxInflight?: number
  connectTimeout?: number
  quiet?: boolean
  debug?: boolean
  /** Config-file profile (src/config/); applied before the action, so resolve.ts never sees it. */
  profile?: string
}

export const TLS_VERSIONS = ['tlsv1.3', 'tlsv1.2', 'tlsv1.1'] as const

/** Declare the shared connection options on a command. */
export function addConnectionOptions(cmd: Command): Command {
  const groups: Array<[string, Option[]]> = [
    [
      'Connection',
      [
        new Option('-h, --host <host>', 'broker host (default: localhost)').argParser(parseNonEmpty('-h')),
        new Option('-p, --port <port>', 'broker port (default: 1883; 8883 with TLS options)').argParser(parsePort),
        new Option('-L, --url <url>', 'mqtt(s)|ws(s)://[user[:pass]@]host[:port]/topic: host, port, credentials and topic in one'),
        new Option('-i, --id <id>', 'client id (default: assigned by the broker)'),
        new Option('-I, --id-prefix <prefix>', 'client id prefix; the process id is appended'),
        new Option('-k, --keepalive <seconds>', 'keep-alive interval, 5..65535 (default: 60)').argParser(parseKeepalive),
        new Option('-V, --protocol-version <version>', 'MQTT version: 5, 311 or 31 (mqttv5, mqttv311, mqttv31); default: 5, falling back to 3.1.1 when refused').argParser(parseProtocolVersion),
        new Option('-c, --disable-clean-session', 'keep the session on the broker (needs -i); v5: never expires unless -x'),
        new Option('-x, --session-expiry <seconds>', 'v5 session expiry interval (-1: never)').argParser(parseSessionExpiry),
        new Option('-D, --property <command name value>', 'MQTT 5 property, e.g. -D publish content-type text/plain; user-property takes KEY VALUE (repeatable)').argParser(collect),
        new Option('-A, --bind-address <address>', 'local address to connect from').argParser(parseNonEmpty('-A')),
        new Option('--unix <path>', 'connect to a unix domain socket instead of TCP').argParser(parseNonEmpty('--unix')),
        new Option('--proxy <url>', 'connect through a SOCKS5 proxy: socks5h://[user[:pass]@]host[:port]'),
        new Option('--ws-path <path>', 'WebSocket path for ws:// and wss:// URLs (default: /mqtt)').argParser(parseNonEmpty('--ws-path')),
        new Option('--nodelay', 'disable Nagle (TCP_NODELAY); mqtx already does by default, accepted for compatibility'),
        new Option('-M, --max-inflight <count>', 'most QoS 1/2 messages in flight at once (never above the broker\'s Receive Maximum)').argParser(parseIntegerIn('-M', 1, 65535)),
        new Option('--connect-timeout <seconds>', 'give up connecting after this long (default: 10)').argParser(parseSeconds('--connect-timeout', { allowZero: false })),
        new Option('--profile <name>', 'use this profile of the config file (~/.config/mqtx/config.json); env: MQTX_PROFILE'),
      ],
    ],
    [
      'Authentication',
      [
        new Option('-u, --username <username>', 'username'),
        new Option('-P, --pw <password>', 'password (visible in ps: prefer MQTX_PASSWORD or --password-file)'),
        new Option('--password <password>', 'same as -P'),
        new Option('--password-file <file>', 'read the password from the first line of a file'),
      ],
    ],
    [
      'Will',
      [
        new Option('--will-topic <topic>', 'topic of the last-will message'),
        new Option('--will-payload <payload>', 'payload of the last-will message'),
        new Option('--will-qos <qos>', 'QoS of the last-will message').argParser(parseQos),
        new Option('--will-retain', 'retain the last-will message'),
      ],
    ],
    [
      'TLS',
      [
        new Option('--cafile <file>', 'trust this CA certificate (PEM) instead of the bundled roots'),
        new Option('--capath <dir>', 'trust every PEM CA certificate in this directory'),
        new Option('--cert <file>', 'client certificate (PEM); needs --key'),
        new Option('--key <file>', 'client private key (PEM); needs --cert'),
        new Option('--insecure', 'do not check the broker\'s host name against its certificate (the chain is still verified)'),
        new Option('--tls-version <version>', 'lowest TLS version to accept').choices([...TLS_VERSIONS]),
        new Option('--tls-alpn <protocol>', 'ALPN protocol to offer').argParser(parseNonEmpty('--tls-alpn')),
        new Option('--ciphers <list>', 'OpenSSL cipher list (TLS 1.2 and below)').argParser(parseNonEmpty('--ciphers')),
        new Option('--tls-use-os-certs', 'use TLS with the default trusted CAs'),
        new Option('--psk <hex>', 'TLS pre-shared key, in hex (TLS 1.2 PSK; needs --psk-identity)'),
        new Option('--psk-identity <identity>', 'identity for --psk'),
        new Option('--servername <name>', 'TLS server name (SNI) and the name to verify in the certificate').argParser(parseNonEmpty('--servername')),
      ],
    ],
    [
      'Output',
      [
        new Option('--quiet', 'do not print runtime errors (exit codes still tell)'),
        new Option('-d, --debug', 'log packets and decisions on stderr (passwords never shown)'),
      ],
    ],
  ]
  for (const [group, options] of groups) {
    for (const option of options) {
      option.helpGroup(`${group} options:`)
      cmd.addOption(option)
    }
  }
  return cmd
}
