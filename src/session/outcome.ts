/** What a publish callback means: undefined for success, or the error to report. */
import { MqtxError } from '../errors.js'

/** v5 reason codes on PUBACK/PUBREC, for messages. */
const PUB_REASONS: Record<number, string> = {
  0x80: 'unspecified error',
  0x83: 'implementation specific error',
  0x87: 'not authorized',
  0x90: 'topic name invalid',
  0x91: 'packet identifier in use',
  0x97: 'quota exceeded',
  0x99: 'payload format invalid',
}

export function reasonText(code: number): string {
  return `${PUB_REASONS[code] ?? 'refused'} (reason code 0x${code.toString(16)})`
}

export function publishOutcome(err: Error | undefined, _packet?: unknown): MqtxError | undefined {
  if (err === undefined || err === null) return undefined
  const code = (err as Error & { code?: unknown }).code
  if (typeof code === 'number') {
    // 0x10 "no matching subscribers" is a success; MQTT.js already treats it so.
    return new MqtxError(`the broker rejected the message: ${reasonText(code)}.`, { cause: err, hint: code === 0x87 ? 'the broker\'s ACL does not allow this client to publish to that topic' : undefined })
  }
  return new MqtxError(`the message was not delivered: ${err.message}`, { cause: err })
}
