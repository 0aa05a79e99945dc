/** CONNACK refusal codes, as text, with a hint where one helps. */
import type { ProtocolVersion } from './parsers.js'

const V3_CONNACK: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorised',
}

const V5_CONNACK: Record<number, string> = {
  0x80: 'unspecified error',
  0x81: 'malformed packet',
  0x82: 'protocol error',
  0x83: 'implementation specific error',
  0x84: 'unsupported protocol version',
  0x85: 'client identifier not valid',
  0x86: 'bad user name or password',
  0x87: 'not authorized',
  0x88: 'server unavailable',
  0x89: 'server busy',
  0x8a: 'banned',
  0x8c: 'bad authentication method',
  0x90: 'topic name invalid',
  0x95: 'packet too large',
  0x97: 'quota exceeded',
  0x99: 'payload format invalid',
  0x9a: 'retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'use another server',
  0x9d: 'server moved',
  0x9f: 'connection rate exceeded',
}

// DISCONNECT from the broker: the codes it may send besides those of CONNACK (MQTT 5 3.14.2.1)
const V5_DISCONNECT: Record<number, string> = {
  0x00: 'normal disconnection',
  0x8b: 'the broker is shutting down',
  0x8d: 'keep alive timeout',
  0x8e: 'session taken over (another client connected with the same client id)',
  0x8f: 'topic filter invalid',
  0x93: 'receive maximum exceeded',
  0x94: 'topic alias invalid',
  0x96: 'message rate too high',
  0x98: 'administrative action',
  0x9e: 'shared subscriptions not supported',
  0xa0: 'maximum connect time',
  0xa1: 'subscription identifiers not supported',
  0xa2: 'wildcard subscriptions not supported',
}

/** "session taken over (…) (code 142)" */
export function disconnectReason(rc: number): string {
  return `${V5_DISCONNECT[rc] ?? V5_CONNACK[rc] ?? 'unknown reason'} (code ${rc})`
}

export function connackMessage(rc: number, version: ProtocolVersion): string {
  const text = (version === 5 ? V5_CONNACK[rc] : undefined) ?? V3_CONNACK[rc] ?? V5_CONNACK[rc] ?? 'unknown reason'
  return `the broker refused the connection: ${text} (CONNACK code ${rc}).`
}

export function connackHint(rc: number): string | undefined {
  if (rc === 4 || rc === 5 || rc === 0x86 || rc === 0x87) return 'check -u and the password (-P, --password-file or MQTX_PASSWORD), and the broker\'s ACLs'
  if (rc === 1 || rc === 0x84) return 'the broker does not speak this MQTT version: try -V 311 (or leave -V out to let mqtx fall back)'
  if (rc === 2 || rc === 0x85) return 'the broker rejected the client id: choose another with -i'
  return undefined
}
