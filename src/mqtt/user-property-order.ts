/**
 * MQTT.js (mqtt-packet) gives user properties as `{name: value | value[]}`: the order across
 * different names is lost. mosquitto prints them in arrival order (%P, and 2.1's %j list), so this
 * wraps two private methods of mqtt-packet's Parser to keep the pairs in wire order, attached to the
 * `userProperties` object under USER_PROPERTY_ORDER (not enumerable: MQTT.js and JSON never see it).
 * test/unit/user-property-order.test.ts fails loudly when an mqtt-packet upgrade renames them.
 */
import mqttPacket from 'mqtt-packet'

export const USER_PROPERTY_ORDER = Symbol.for('mqtx.userPropertyOrder')
const PAIRS = Symbol('mqtx.pairs')

interface ParserInternals {
  _parseStringPair(): { name: string; value: string } | false
  _parseProperties(): Record<string, unknown> | false
  [PAIRS]?: Array<[string, string]>
}

let patched = false

/** Idempotent; returns false when mqtt-packet's internals are not what this expects. */
export function keepUserPropertyOrder(): boolean {
  if (patched) return true
  const proto = Object.getPrototypeOf(mqttPacket.parser()) as Partial<ParserInternals>
  const parsePair = proto._parseStringPair
  const parseProperties = proto._parseProperties
  if (typeof parsePair !== 'function' || typeof parseProperties !== 'function') return false
  proto._parseStringPair = function (this: ParserInternals) {
    const pair = parsePair.call(this)
    if (pair !== false && pair !== undefined) this[PAIRS]?.push([pair.name, pair.value])
    return pair
  }
  proto._parseProperties = function (this: ParserInternals) {
    const outer = this[PAIRS]
    const pairs: Array<[string, string]> = []
    this[PAIRS] = pairs
    try {
      const result = parseProperties.call(this)
      const user = result === false ? undefined : result.userProperties
      if (typeof user === 'object' && user !== null) Object.defineProperty(user, USER_PROPERTY_ORDER, { value: pairs })
      return result
    } finally {
      this[PAIRS] = outer
    }
  }
  patched = true
  return true
}
