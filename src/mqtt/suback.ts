/**
 * MQTT.js turns a SUBACK with any refusal (reason code >= 0x80) into an error and leaves the granted
 * QoS of each subscription unset; the SUBACK itself rides on the error (`err.packet`). This gives
 * back what the broker answered for each filter, so a refusal can be named.
 */
import type { ISubscriptionGrant } from 'mqtt'

export function subackGrants(err: unknown, filters: string[]): ISubscriptionGrant[] | undefined {
  const granted = (err as { packet?: { granted?: unknown } } | null)?.packet?.granted
  if (!Array.isArray(granted) || granted.length !== filters.length) return undefined
  return filters.map((topic, i) => ({ topic, qos: Number(granted[i]) as ISubscriptionGrant['qos'] }))
}
