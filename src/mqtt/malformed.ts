/**
 * A packet mqtt-packet cannot parse (a broken or hostile broker, or not MQTT at all) is reported by
 * MQTT.js as an 'error' on the client and NOTHING else: the connection stays open with the parser out
 * of step, every later packet is garbage or lost, and a command waits forever (MQTT 5 4.13: the
 * receiver of a malformed packet must close the connection). This wraps mqtt-packet's private
 * `Parser._emitError` to tag its errors, so connect.ts can close the connection and say why.
 * test/unit/malformed-packet.test.ts fails loudly when an mqtt-packet upgrade renames it.
 */
import mqttPacket from 'mqtt-packet'
import { escapeForTerminal } from '../output/escape.js'
import { disconnectReason } from './connack.js'

const MALFORMED = Symbol.for('mqtx.malformedPacket')

interface ParserInternals {
  _emitError(err: Error): void
}

let patched = false

/** Idempotent; returns false when mqtt-packet's internals are not what this expects. */
export function tagMalformedPackets(): boolean {
  if (patched) return true
  const proto = Object.getPrototypeOf(mqttPacket.parser()) as Partial<ParserInternals>
  const emitError = proto._emitError
  if (typeof emitError !== 'function') return false
  proto._emitError = function (this: ParserInternals, err: Error) {
    if (typeof err === 'object' && err !== null) Object.defineProperty(err, MALFORMED, { value: true })
    emitError.call(this, err)
  }
  patched = true
  return true
}

/** Did mqtt-packet's parser report this error (a packet it could not parse)? */
export function isMalformedPacket(err: Error | undefined): boolean {
  return typeof err === 'object' && err !== null && (err as { [MALFORMED]?: boolean })[MALFORMED] === true
}

/** "the broker sent a malformed packet (Cannot parse topic)" */
export function describeMalformed(err: Error): string {
  return `the broker sent a malformed packet (${err.message})`
}

/** MQTT.js's error when no PINGRESP came within 1.5 keep-alive periods (it then closes the socket). */
const KEEPALIVE_TIMEOUT = 'Keepalive timeout'

/** MQTT.js gave up on a dead link: no answer to its keep-alive ping (a loss, not an error of ours). */
export function isKeepaliveTimeout(err: Error | undefined): boolean {
  return err !== undefined && (err as { code?: unknown }).code === undefined && err.message === KEEPALIVE_TIMEOUT
}

/**
 * Why a connection ended, when that is known: the broker's DISCONNECT (MQTT 5: reason code and reason
 * string, escaped), a malformed packet from it, or no answer to the keep-alive ping; undefined for a
 * plain loss (reset, closed).
 */
export function lossReason(err: Error | undefined, disconnect: { reasonCode?: number; properties?: { reasonString?: string } } | undefined): string | undefined {
  if (disconnect !== undefined) {
    const said = disconnect.properties?.reasonString
    return `the broker disconnected: ${disconnectReason(disconnect.reasonCode ?? 0)}${said === undefined || said === '' ? '' : `, '${escapeForTerminal(said)}'`}`
  }
  if (err !== undefined && isMalformedPacket(err)) return describeMalformed(err)
  if (isKeepaliveTimeout(err)) return 'no answer from the broker to the keep-alive ping within 1.5 x -k seconds'
  return undefined
}
