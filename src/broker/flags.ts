/** `mqtx broker`'s flags, declared once (src/flags/define.ts). */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import { parsePort } from '../mqtt/parsers.js'

const LISTENER = 'Listener options:'
const TLS = 'TLS options:'
const ACCESS = 'Access options:'
const OUTPUT = 'Output options:'

export const BROKER_FLAGS = defineFlags({
  host: { flags: '-h, --host <address>', help: 'address to listen on (default: 127.0.0.1; 0.0.0.0 or :: for every interface)', group: LISTENER },
  port: { flags: '-p, --port <port>', help: 'MQTT over TCP port (default: 1883; 0 picks a free one)', group: LISTENER, parse: parsePort },
  wsPort: { flags: '--ws-port <port>', help: 'also serve MQTT over WebSocket (ws://) on this port, any path', group: LISTENER, parse: parsePort },
  tlsPort: { flags: '--tls-port <port>', help: 'MQTT over TLS port (default: 8883 when --cert is given)', group: TLS, parse: parsePort },
  cert: { flags: '--cert <file>', help: 'server certificate (PEM, e.g. from mqtx certgen); enables the TLS listener', group: TLS },
  key: { flags: '--key <file>', help: 'private key of --cert (PEM)', group: TLS },
  cafile: { flags: '--cafile <file>', help: 'CA certificate (PEM) that client certificates must be signed by', group: TLS },
  requireClientCert: { flags: '--require-client-cert', help: 'TLS clients must present a certificate signed by --cafile', group: TLS },
  users: { flags: '--users <file>', help: 'require a login: one "username:password" per line (or MQTX_BROKER_USERNAME and MQTX_BROKER_PASSWORD)', group: ACCESS },
  verbose: { flags: '-v, --verbose', help: 'log connects, subscriptions, every PUBLISH in and out (payloads escaped) and disconnects with the reason, on stderr', group: OUTPUT },
  json: { flags: '--json', help: 'print the ready line as JSON on stdout (listeners and ports), for scripts', group: OUTPUT },
  debug: { flags: '-d, --debug', help: 'log broker internals and client errors on stderr', group: OUTPUT },
})

export type RawBrokerOptions = OptionsOf<typeof BROKER_FLAGS>
