/** `mqtx pub` action: plan, read the payload, connect, publish, confirm, disconnect. */
import { setTimeout as sleep } from 'node:timers/promises'
import type { IClientPublishOptions } from 'mqtt'
import type { RawPubOptions } from '../commands/pub.js'
import { ConnectionError, MqtxError } from '../errors.js'
import { configureLog } from '../output/log.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import { publishOutcome } from './outcome.js'
import { planPub, readPayloadFile, type PubPlan } from './plan.js'
import { publishLines } from './lines.js'
import { readAll } from './stdin.js'

export function publishOptions(plan: PubPlan, conn: Connection): IClientPublishOptions {
  const o: IClientPublishOptions = { qos: plan.qos, retain: plan.retain }
  if (conn.protocolVersion === 5 && Object.keys(plan.properties).length > 0) {
    o.properties = plan.properties as IClientPublishOptions['properties']
  }
  return o
}

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

/** Reject as soon as the connection drops, so a publish never waits forever. */
function whenLost(conn: Connection): { promise: Promise<never>; cancel: () => void } {
  let onClose: () => void = () => {}
  const promise = new Promise<never>((_, reject) => {
    onClose = () => {
      const err = conn.streamError()
      reject(
        err === undefined
          ? new ConnectionError('the broker closed the connection before the message was confirmed.', { hint: 'check the broker log (ACLs, maximum packet size, QoS limits)' })
          : new ConnectionError(`the message could not be sent: ${err.message}`, { cause: err }),
      )
    }
    conn.client.once('close', onClose)
  })
  promise.catch(() => {})
  return { promise, cancel: () => conn.client.removeListener('close', onClose) }
}

async function publishMessage(plan: PubPlan, conn: Connection, payload: Buffer): Promise<void> {
  const options = publishOptions(plan, conn)
  const lost = whenLost(conn)
  try {
    for (let i = 0; i < plan.repeat; i++) {
      if (i > 0 && plan.repeatDelayMs > 0) await sleep(plan.repeatDelayMs)
      await Promise.race([publishOnce(conn, plan.topic, payload, options), lost.promise])
    }
  } finally {
    lost.cancel()
  }
}

export async function runPub(options: RawPubOptions): Promise<void> {
  configureLog({ quiet: options.quiet === true, debug: options.debug === true })
  const plan = planPub(options)
  let payload: Buffer | undefined
  if (plan.source.kind === 'message') payload = plan.source.payload
  else if (plan.source.kind === 'file') payload = readPayloadFile(plan.source.path)
  else if (plan.source.kind === 'stdin') payload = await readAll(process.stdin)
  else if (plan.source.kind === 'null') payload = Buffer.alloc(0)

  const conn = await openConnection(plan.connection)
  try {
    if (payload !== undefined) await publishMessage(plan, conn, payload)
    else if (plan.source.kind === 'lines') await publishLines(plan, conn, process.stdin, plan.source.encoding)
  } catch (err) {
    await closeConnection(conn, { force: !(err instanceof MqtxError) || err instanceof ConnectionError })
    throw err
  }
  await closeConnection(conn)
}
