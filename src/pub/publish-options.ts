/** What a plan publishes: MQTT.js publish options (QoS, retain, v5 properties) and the shape the limits check. */
import type { IClientPublishOptions } from 'mqtt'
import type { Connection } from '../mqtt/connect.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import type { PublishShape } from '../session/limits.js'
import type { PubPlan } from './plan.js'

/** The PUBLISH pub sends, for the size checks (limits.ts). */
export function publishShape(plan: PubPlan, protocolVersion: ProtocolVersion): PublishShape {
  return { topic: plan.topic, qos: plan.qos, retain: plan.retain, properties: plan.properties as Record<string, unknown>, protocolVersion }
}

export function publishOptions(plan: PubPlan, conn: Connection): IClientPublishOptions {
  const o: IClientPublishOptions = { qos: plan.qos, retain: plan.retain }
  if (conn.protocolVersion === 5 && Object.keys(plan.properties).length > 0) {
    o.properties = plan.properties as IClientPublishOptions['properties']
  }
  return o
}
