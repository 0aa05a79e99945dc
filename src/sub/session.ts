/**
 * sub's flow on an open connection: subscribe (v5 options, -D subscribe), -U, -E, then print
 * messages through the gate until -C, --retained-only's end, -W, Ctrl-C or a closed pipe.
 *
 * --retained-only ends (exit 0) at the first live (non-retained) message, or once no retained
 * message has arrived for RETAINED_QUIET_MS after the SUBACK or after the last retained message.
 */
import type { IClientSubscribeOptions, IPublishPacket, ISubscriptionGrant } from 'mqtt'
import { MqtxError } from '../errors.js'
import { logDebug, logInfo, logWarn, isDebug } from '../output/log.js'
import { FormatError } from '../output/format.js'
import { renderMessage } from '../output/render.js'
import { escapeForTerminal } from '../output/escape.js'
import type { StdoutWriter } from '../output/writer.js'
import type { Connection } from '../mqtt/connect.js'
import { subackGrants } from '../mqtt/suback.js'
import { gate, shouldClear } from './gate.js'
import type { Lifecycle } from './lifecycle.js'
import type { SubPlan } from './plan.js'
import { installBackpressure, toReceived } from './receive.js'
import { orderedDecoding } from './ordered.js'
import type { PayloadDecoding } from '../codecs/session.js'
import type { ReceivedMessage } from '../output/message.js'

export const RETAINED_QUIET_MS = 500

export function subscribeOptions(plan: SubPlan, conn: Connection): IClientSubscribeOptions {
  const o: IClientSubscribeOptions = { qos: plan.qos }
  if (conn.protocolVersion === 5) {
    if (plan.noLocal) o.nl = true
    if (plan.retainAsPublished) o.rap = true
    if (plan.retainHandling !== undefined) o.rh = plan.retainHandling
    if (plan.subscribeProperties !== undefined) o.properties = plan.subscribeProperties as IClientSubscribeOptions['properties']
  }
  return o
}

const REFUSED: Record<number, string> = { 0x80: 'unspecified error', 0x83: 'implementation specific error', 0x87: 'not authorized', 0x8f: 'topic filter invalid', 0x91: 'packet identifier in use', 0x97: 'quota exceeded', 0x9e: 'shared subscriptions not supported', 0xa1: 'subscription identifiers not supported', 0xa2: 'wildcard subscriptions not supported' }

/** Subscribe and check the SUBACK: all refused is an error, some refused a warning. */
export function subscribe(conn: Connection, filters: string[], options: IClientSubscribeOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.client.subscribe(filters, options, (err: Error | null, subs?: ISubscriptionGrant[]) => {
      const granted = err ? subackGrants(err, filters) : subs
      if (granted === undefined) {
        reject(new MqtxError(`subscribing failed: ${err?.message ?? 'no SUBACK'}`, { cause: err }))
        return
      }
      const refused = granted.filter((g) => g.qos >= 0x80)
      const why = refused.map((g) => `'${escapeForTerminal(g.topic)}' (${REFUSED[g.qos] ?? `reason code 0x${g.qos.toString(16)}`})`).join(', ')
      const shared = refused.some((g) => g.topic.startsWith('$share/'))
      const hint = shared ? 'this broker does not offer shared subscriptions ($share/…): subscribe to the topic itself, or use a broker that has them' : "check the broker's ACL for this client"
      if (refused.length > 0 && refused.length === filters.length) {
        reject(new MqtxError(`the broker refused every subscription: ${why}.`, { hint }))
        return
      }
      if (refused.length > 0) logWarn(`the broker refused ${why}`)
      resolve()
    })
  })
}

function unsubscribe(conn: Connection, filters: string[]): Promise<void> {
  return new Promise((resolve) => {
    conn.client.unsubscribe(filters, () => resolve())
  })
}

export async function subscribeSession(conn: Connection, plan: SubPlan, writer: StdoutWriter, life: Lifecycle, decoding?: PayloadDecoding): Promise<void> {
  let printed = 0
  let quiet: NodeJS.Timeout | undefined
  const armQuiet = () => {
    if (!plan.retainedOnly) return
    clearTimeout(quiet)
    quiet = setTimeout(() => {
      logDebug(`--retained-only: no retained message for ${RETAINED_QUIET_MS} ms; done`)
      life.finish()
    }, RETAINED_QUIET_MS)
  }
  let lastHandled: IPublishPacket | undefined
  const withTime = plan.output.mode !== 'raw'
  installBackpressure(conn.client, writer, life.stopped, (packet) => packet === lastHandled)
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    if (life.stopped()) return
    const msg = toReceived(topic, payload, packet, withTime)
    const verdict = gate(plan, msg)
    if (verdict === 'end') {
      life.finish()
      return
    }
    if (plan.retainedOnly && msg.retain) armQuiet()
    if (shouldClear(plan, msg)) conn.client.publish(msg.topic, Buffer.alloc(0), { qos: 0, retain: true })
    lastHandled = packet
    if (verdict === 'skip') return
    if (decode !== undefined) decode(msg)
    else print(msg)
  }
  const print = (msg: ReceivedMessage) => {
    try {
      const out = renderMessage(plan.output, msg)
      if (out !== undefined) writer.write(out)
    } catch (err) {
      if (!(err instanceof FormatError)) throw err
      logWarn(`the payload on '${escapeForTerminal(msg.topic)}' is not valid JSON (-F %J); message skipped`)
    }
    printed++
    if (plan.count !== undefined && printed >= plan.count) life.finish()
  }
  const decode = decoding === undefined ? undefined : orderedDecoding(decoding, print, (err) => life.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })), life.stopped)
  conn.client.on('message', onMessage)
  life.done.finally(() => {
    clearTimeout(quiet)
    conn.client.removeListener('message', onMessage)
  }).catch(() => {})

  if (plan.filters.length > 0) {
    await Promise.race([subscribe(conn, plan.filters, subscribeOptions(plan, conn)), life.done])
    if (life.stopped()) return
    const what = `${plan.filters.map((f) => `'${f}'`).join(', ')} (QoS ${plan.qos})`
    if (isDebug() || process.stderr.isTTY) logInfo(`subscribed to ${what}`)
  }
  if (plan.unsubscribe.length > 0) {
    await Promise.race([unsubscribe(conn, plan.unsubscribe), life.done])
    logDebug(`unsubscribed from ${plan.unsubscribe.join(', ')}`)
  }
  if (plan.exitAfterSubscribe) {
    life.finish()
    return
  }
  armQuiet()
}
