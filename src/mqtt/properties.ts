/**
 * MQTT 5 properties given as mosquitto's `-D CMD NAME VALUE` (user-property takes KEY VALUE),
 * validated per packet and converted to MQTT.js's camelCase property objects.
 */
import { UsageError } from '../errors.js'
import { lookup } from '../lookup.js'
import { escapeForTerminal } from '../output/escape.js'
import { validatePublishTopic } from './topic.js'

export type PropertyCommand = 'connect' | 'publish' | 'subscribe' | 'unsubscribe' | 'disconnect' | 'will'

type Kind = 'byte01' | 'u16' | 'u16nz' | 'u32' | 'u32nz' | 'varint' | 'utf8' | 'binary' | 'pair'

interface PropertySpec {
  key: string
  kind: Kind
}

const SPECS: Record<string, PropertySpec> = {
  'authentication-data': { key: 'authenticationData', kind: 'binary' },
  'authentication-method': { key: 'authenticationMethod', kind: 'utf8' },
  'content-type': { key: 'contentType', kind: 'utf8' },
  'correlation-data': { key: 'correlationData', kind: 'binary' },
  'maximum-packet-size': { key: 'maximumPacketSize', kind: 'u32nz' },
  'message-expiry-interval': { key: 'messageExpiryInterval', kind: 'u32' },
  'payload-format-indicator': { key: 'payloadFormatIndicator', kind: 'byte01' },
  'receive-maximum': { key: 'receiveMaximum', kind: 'u16nz' },
  'request-problem-information': { key: 'requestProblemInformation', kind: 'byte01' },
  'request-response-information': { key: 'requestResponseInformation', kind: 'byte01' },
  'response-topic': { key: 'responseTopic', kind: 'utf8' },
  'session-expiry-interval': { key: 'sessionExpiryInterval', kind: 'u32' },
  'subscription-identifier': { key: 'subscriptionIdentifier', kind: 'varint' },
  'topic-alias': { key: 'topicAlias', kind: 'u16nz' },
  'topic-alias-maximum': { key: 'topicAliasMaximum', kind: 'u16' },
  'user-property': { key: 'userProperties', kind: 'pair' },
  'will-delay-interval': { key: 'willDelayInterval', kind: 'u32' },
}

export const ALLOWED: Record<PropertyCommand, readonly string[]> = {
  connect: [
    'authentication-data',
    'authentication-method',
    'maximum-packet-size',
    'receive-maximum',
    'request-problem-information',
    'request-response-information',
    'session-expiry-interval',
    'topic-alias-maximum',
    'user-property',
  ],
  publish: [
    'content-type',
    'correlation-data',
    'message-expiry-interval',
    'payload-format-indicator',
    'response-topic',
    'topic-alias',
    'user-property',
  ],
  subscribe: ['subscription-identifier', 'user-property'],
  unsubscribe: ['user-property'],
  disconnect: ['session-expiry-interval', 'user-property'],
  will: [
    'content-type',
    'correlation-data',
    'message-expiry-interval',
    'payload-format-indicator',
    'response-topic',
    'user-property',
    'will-delay-interval',
  ],
}

export const PROPERTY_COMMANDS = Object.keys(ALLOWED) as PropertyCommand[]

export type PropertyBag = Record<string, unknown>
export type PropertySets = Partial<Record<PropertyCommand, PropertyBag>>

/** Separator the argv pre-pass in src/cli.ts uses to keep one -D's words together. */
export const PROPERTY_SEPARATOR = '\u0000'

const RANGES: Partial<Record<Kind, [number, number]>> = {
  byte01: [0, 1],
  u16: [0, 65535],
  u16nz: [1, 65535],
  u32: [0, 4294967295],
  u32nz: [1, 4294967295],
  varint: [1, 268435455],
}

function convert(name: string, spec: PropertySpec, value: string): unknown {
  const range = RANGES[spec.kind]
  if (range !== undefined) {
    const [min, max] = range
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new UsageError(`Invalid value '${escapeForTerminal(value)}' for property ${name} (use ${min} to ${max}).`)
    }
    // mqtt-packet encodes the one-byte flags (payload-format-indicator, request-…-information) from booleans
    return spec.kind === 'byte01' ? value === '1' : Number(value)
  }
  if (spec.kind === 'binary') return Buffer.from(value, 'utf8')
  // the one rule for a response topic, whether from -D or --response-topic / -e: a topic name, no wildcards
  if (spec.key === 'responseTopic') return validatePublishTopic(value, 'response topic')
  return value
}

export function addUserProperty(bag: PropertyBag, key: string, value: string): void {
  // no prototype: a key such as '__proto__' or 'toString' is an ordinary own key
  const current = (bag.userProperties as Record<string, string | string[]> | undefined) ?? (Object.create(null) as Record<string, string | string[]>)
  const existing = lookup(current, key)
  current[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  bag.userProperties = current
}

/** Add one `-D` (already split into words) to the sets. */
export function addProperty(sets: PropertySets, words: string[]): void {
  const [command, name, ...values] = words
  if (command === undefined || name === undefined) {
    throw new UsageError('-D needs a command, a property name and a value (e.g. -D publish content-type text/plain).')
  }
  const allowed = lookup(ALLOWED, command)
  if (allowed === undefined) {
    throw new UsageError(`Unknown -D command '${escapeForTerminal(command)}' (use ${PROPERTY_COMMANDS.join(', ')}).`)
  }
  const cmd = command as PropertyCommand
  const spec = lookup(SPECS, name)
  if (spec === undefined) throw new UsageError(`Unknown property '${escapeForTerminal(name)}'.`)
  if (!allowed.includes(name)) {
    throw new UsageError(`Property ${name} is not allowed for ${cmd} (allowed: ${ALLOWED[cmd].join(', ')}).`)
  }
  const bag = (sets[cmd] ??= {})
  if (spec.kind === 'pair') {
    const [key, value] = values
    if (key === undefined || value === undefined) {
      throw new UsageError(`-D ${cmd} user-property needs a key and a value.`)
    }
    addUserProperty(bag, key, value)
    return
  }
  const [value] = values
  if (value === undefined) throw new UsageError(`-D ${cmd} ${name} needs a value.`)
  bag[spec.key] = convert(name, spec, value)
}

/** Number of value words a -D with this property name takes (user-property: 2). */
export function propertyArity(name: string | undefined): number {
  return name === 'user-property' ? 2 : 1
}

export function parsePropertyArgs(raw: string[] | undefined): PropertySets {
  const sets: PropertySets = {}
  for (const joined of raw ?? []) addProperty(sets, joined.split(PROPERTY_SEPARATOR))
  return sets
}
