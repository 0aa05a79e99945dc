/**
 * What goes downstream for a message that came from upstream: QoS, retain, the MQTT 5 properties a
 * publisher set (not the per-connection ones: topic alias, subscription identifier) and the loop
 * marker, a user property `mqtx-bridge: <id>` appended to the message's own.
 */
import type { IClientPublishOptions, IPublishPacket } from 'mqtt'

export const MARKER_KEY = 'mqtx-bridge'

type UserProperties = Record<string, string | string[]>

/** Does this message carry `marker` among its mqtx-bridge user properties? */
export function carriesMarker(packet: IPublishPacket, marker: string): boolean {
  const user = packet.properties?.userProperties as UserProperties | undefined
  if (user === undefined || !Object.hasOwn(user, MARKER_KEY)) return false
  const value = user[MARKER_KEY]
  return Array.isArray(value) ? value.includes(marker) : value === marker
}

const KEPT = ['payloadFormatIndicator', 'messageExpiryInterval', 'contentType', 'responseTopic', 'correlationData'] as const

export interface ForwardSettings {
  qos: 0 | 1 | 2
  /** The downstream connection speaks MQTT 5: properties and the marker go along. */
  v5: boolean
  marker: string
}

export function forwardOptions(packet: IPublishPacket, s: ForwardSettings): IClientPublishOptions {
  const opts: IClientPublishOptions = { qos: s.qos, retain: packet.retain }
  if (!s.v5) return opts
  const props: NonNullable<IClientPublishOptions['properties']> = {}
  const given = packet.properties
  if (given !== undefined) {
    for (const key of KEPT) {
      if (given[key] !== undefined) (props as Record<string, unknown>)[key] = given[key]
    }
  }
  // null prototype: a user property named __proto__ or toString stays a plain key
  const user = Object.create(null) as UserProperties
  const theirs = given?.userProperties as UserProperties | undefined
  if (theirs !== undefined) for (const key of Object.keys(theirs)) user[key] = theirs[key] as string | string[]
  const before = user[MARKER_KEY]
  user[MARKER_KEY] = before === undefined ? s.marker : [...(Array.isArray(before) ? before : [before]), s.marker]
  props.userProperties = user
  opts.properties = props
  return opts
}
