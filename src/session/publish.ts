/** The one publish-and-wait: resolves when the QoS is honoured, rejects with mqtx's PUBACK/PUBREC policy (outcome.ts). */
import type { IClientPublishOptions } from 'mqtt'
import type { Connection } from '../mqtt/connect.js'
import { publishOutcome } from './outcome.js'

/** Publish one message and wait for what its QoS promises: written (0), PUBACK (1), PUBCOMP (2). */
export function publishOnce(conn: Connection, topic: string, payload: Buffer, options: IClientPublishOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.client.publish(topic, payload, options, (err?: Error) => {
      const failure = publishOutcome(err)
      if (failure === undefined) resolve()
      else reject(failure)
    })
  })
}
