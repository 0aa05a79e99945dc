/**
 * sub's flow on an open connection: subscribe (v5 options, -D subscribe), -U, -E, then print
 * messages through the gate until -C, --retained-only's end, -W, Ctrl-C or a closed pipe.
 *
 * --retained-only ends (exit 0) at the first live (non-retained) message, or once no retained
 * message has arrived for RETAINED_QUIET_MS after the SUBACK or after the last retained message.
 */
import type { IClientSubscribeOptions, IPublishPacket } from 'mqtt'
import { MqtxError } from '../errors.js'
import { logDebug, logInfo, isDebug } from '../output/log.js'
import { escapeForTerminal } from '../output/escape.js'
import type { StdoutWriter } from '../output/writer.js'
import type { Connection } from '../mqtt/connect.js'
import { gate, shouldClear } from './gate.js'
import type { Lifecycle } from '../session/lifecycle.js'
import type { SubPlan } from './plan.js'
import { installBackpressure, toReceived } from '../session/receive.js'
import { subscribeAll } from '../session/subscribe.js'
import { messagePrinter } from '../session/print.js'
import type { PayloadDecoding } from '../codecs/session.js'
import type { ReceivedMessage } from '../output/message.js'
import { startWatch } from './watch.js'

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
    print(msg)
  }
  const watch = plan.watch ? startWatch(writer) : undefined
  const print = messagePrinter({
    output: plan.output,
    writer,
    ...(decoding === undefined ? {} : { decoding }),
    stopped: life.stopped,
    fail: (err) => life.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })),
    ...(watch === undefined ? {} : { show: (msg: ReceivedMessage, out: Buffer | string) => watch.show(msg.topic, out) }),
    render: !plan.messageRate,
    notJson: (msg) => `the payload on '${escapeForTerminal(msg.topic)}' is not valid JSON (-F %J); message skipped`,
    handled: () => {
      if (plan.messageRate) inSecond++
      printed++
      if (plan.count !== undefined && printed >= plan.count) life.finish()
    },
  })
  // --message-rate (mosquitto 2.1): one line per second, the count of messages received in it
  let inSecond = 0
  const rate = plan.messageRate
    ? setInterval(() => {
        writer.write(Buffer.from(`${inSecond}\n`))
        inSecond = 0
      }, 1000)
    : undefined
  conn.client.on('message', onMessage)
  life.done.finally(() => {
    watch?.close()
    clearInterval(rate)
    // the last, partial second (-C, -W or a signal ended it) is printed too, 0 included
    if (rate !== undefined) writer.write(Buffer.from(`${inSecond}\n`))
    clearTimeout(quiet)
    conn.client.removeListener('message', onMessage)
  }).catch(() => {})

  if (plan.filters.length > 0) {
    const what = `${plan.filters.map((f) => `'${f}'`).join(', ')} (QoS ${plan.qos})`
    // on a terminal the line comes before the first message, even one that came with the SUBACK
    const announce = () => {
      if (!life.stopped() && (isDebug() || process.stderr.isTTY)) logInfo(`subscribed to ${what}`)
    }
    await Promise.race([subscribeAll(conn, plan.filters, subscribeOptions(plan, conn), announce), life.done])
    if (life.stopped()) return
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
