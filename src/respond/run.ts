/**
 * `mqtx respond`: the server side of `mqtx rr`. Subscribes to the request filters and answers each
 * request on its response topic (MQTT 5; -e for requests without one) with its correlation data,
 * the reply being fixed, a template over the request, or a command's output. At most --concurrency
 * requests are answered at once: past that, MQTT.js's handleMessage does not call back, so the next
 * request is not read (nor, at QoS 1/2, acknowledged) and TCP flow control holds the broker back.
 */
import type { IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt'
import { MqtxError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { logDebug, logInfo, logWarn } from '../output/log.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import { holdAcks, replaceHandleMessage } from '../mqtt/internals.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { startLifecycle, type Lifecycle } from '../session/lifecycle.js'
import { payloadLimit } from '../session/limits.js'
import { readPayload } from '../session/payload.js'
import { publishOnce } from '../session/publish.js'
import { subscribeAll } from '../session/subscribe.js'
import { runCommand } from './exec.js'
import type { RawRespondOptions } from './flags.js'
import { planRespond, type RespondPlan } from './plan.js'
import { compileTemplate } from './template.js'

/** How long a stopping respond waits for the requests being answered. */
const DRAIN_MS = 5000

type Reply = { ok: true; payload: Buffer } | { ok: false; reason: string }

async function replyMaker(plan: RespondPlan, stop: AbortSignal): Promise<(packet: IPublishPacket, seq: number, responseTopic: string) => Promise<Reply>> {
  const reply = plan.reply
  // what one message can carry at most, for -f/-s and a command's output (the exact limit is checked per reply)
  const nominal = payloadLimit({ topic: 'x', qos: plan.qos, retain: false, properties: undefined, protocolVersion: plan.connection.protocolVersion })
  if (reply.kind === 'fixed') {
    const payload = await readPayload(reply.payload, nominal)
    return async () => ({ ok: true, payload })
  }
  if (reply.kind === 'template') {
    const template = compileTemplate(reply.text)
    const warned = new Set<string>()
    return async (packet, seq, responseTopic) => {
      const request = { topic: packet.topic, payload: packet.payload as Buffer, qos: packet.qos, seq, responseTopic }
      const cd = packet.properties?.correlationData
      const out = template(Buffer.isBuffer(cd) ? { ...request, correlationData: cd } : request)
      for (const name of out.missing) {
        if (warned.has(name)) continue
        warned.add(name)
        logWarn(`--template: a request on '${escapeForTerminal(packet.topic)}' has no ${escapeForTerminal(name)} (left empty, null with | json; warned once)`)
      }
      return { ok: true, payload: out.payload }
    }
  }
  return async (packet, _seq, responseTopic) => {
    const cd = packet.properties?.correlationData
    const request = { topic: packet.topic, payload: packet.payload as Buffer, responseTopic }
    const result = await runCommand(reply.argv, Buffer.isBuffer(cd) ? { ...request, correlationData: cd } : request, reply.timeoutMs, nominal.protocolMax, stop)
    return result.ok ? { ok: true, payload: result.output } : { ok: false, reason: `the command failed: ${result.reason}` }
  }
}

export async function runRespond(options: RawRespondOptions, operands: string[], afterDashDash: boolean): Promise<void> {
  const plan = planRespond(options, operands, afterDashDash)
  /** Aborted when respond exits with commands still running (after the drain wait). */
  const abandon = new AbortController()
  const make = await replyMaker(plan, abandon.signal)
  const extra = plan.connection.properties.publish ?? {}
  let client: MqttClient | undefined
  /** Counts connections closed: a callback of an older one is stale. */
  let generation = 0
  /** Packet ids of requests read but left unanswered: their acks are never written. */
  const unacknowledged = new Set<number>()
  let stopping = false
  let seq = 0
  let active = 0
  let answered = 0
  let failed = 0
  let unanswerable = 0
  let retained = 0
  /** Replies sent, not yet confirmed (QoS 1/2). */
  let confirming = 0
  const waiting: Array<() => void> = []
  let idle: (() => void) | undefined
  // a persistent session's requests can come before openConnection returns: they wait for it
  let connected: (conn: Connection) => void = () => {}
  const ready = new Promise<Connection>((resolve) => {
    connected = resolve
  })
  let life: Lifecycle | undefined

  const full = () => active >= plan.concurrency
  const resume = () => {
    while (waiting.length > 0 && (!full() || stopping)) waiting.shift()?.()
  }

  const answer = async (packet: IPublishPacket, n: number) => {
    const given = packet.properties?.responseTopic
    const responseTopic = typeof given === 'string' && given !== '' ? given : plan.responseTopic
    const what = `request ${n} on '${escapeForTerminal(packet.topic)}'`
    if (responseTopic === undefined) {
      unanswerable++
      if (unanswerable === 1) logWarn(`${what} names no response topic: not answered (MQTT 3.1.1 requesters need -e <topic>; warned once, counted in the summary)`)
      return
    }
    try {
      validatePublishTopic(responseTopic, 'response topic')
    } catch (err) {
      failed++
      logWarn(`${what}: not answered: ${err instanceof Error ? err.message : String(err)}`)
      return
    }
    const reply = await make(packet, n, responseTopic)
    // respond has said its summary and let the command go: nothing more to say or send
    if (abandon.signal.aborted) return
    if (!reply.ok) {
      failed++
      logWarn(`${what}: no reply sent: ${reply.reason}`)
      return
    }
    const c = await ready
    const props: Record<string, unknown> = { ...extra }
    const cd = packet.properties?.correlationData
    if (Buffer.isBuffer(cd)) props.correlationData = cd
    const limit = payloadLimit({ topic: responseTopic, qos: plan.qos, retain: false, properties: props, protocolVersion: c.protocolVersion }, c.maximumPacketSize)
    if (reply.payload.length > limit.max) {
      failed++
      logWarn(`${what}: no reply sent: ${limit.error(reply.payload.length, 'the reply').message}`)
      return
    }
    const opts: IClientPublishOptions = { qos: plan.qos }
    if (c.protocolVersion === 5 && Object.keys(props).length > 0) opts.properties = props as IClientPublishOptions['properties']
    // the slot is free once the reply is handed over: its PUBACK comes through the same packet pump,
    // which stays paused while every slot is taken
    confirming++
    publishOnce(c, responseTopic, reply.payload, opts).then(
      () => {
        answered++
        if (plan.verbose) logInfo(`answered ${what} (reply on '${escapeForTerminal(responseTopic)}', ${reply.payload.length} bytes)`)
      },
      (err: unknown) => {
        failed++
        logWarn(`${what}: the reply was not delivered: ${err instanceof Error ? err.message : String(err)}`)
      },
    ).finally(() => {
      confirming--
      settled()
    })
  }

  /** After a request's work or a reply's confirmation: -C reached? nothing left? a slot for the next? */
  const settled = () => {
    if (plan.count !== undefined && answered >= plan.count) life?.finish()
    if (active === 0 && confirming === 0) idle?.()
    resume()
  }

  /**
   * A request that will not be answered (stopping, or -C already reached) is read but never
   * acknowledged (its ack is held back: the broker keeps it for another responder or the next
   * session). Not calling back instead would stop MQTT.js reading, and the PUBACKs of replies
   * still being confirmed come through that same reading.
   */
  const leave = (packet: IPublishPacket, callback: () => void) => {
    if (packet.qos > 0 && packet.messageId !== undefined) unacknowledged.add(packet.messageId)
    callback()
  }

  const handle = (packet: IPublishPacket, callback: () => void) => {
    if (stopping || (plan.count !== undefined && answered + active + confirming >= plan.count)) return leave(packet, callback)
    if (packet.retain) {
      // a retained request was kept by the broker for whoever subscribes: its requester is long gone
      retained++
      logDebug(() => `not answered: a retained request on '${escapeForTerminal(packet.topic)}'`)
      callback()
      return
    }
    if (full()) {
      // unread until a slot is free: MQTT.js reads (and acknowledges) nothing more meanwhile. If the
      // connection closes first, the request is still answered, but its ack must not go out on the
      // next connection (a packet id there names another message)
      const onConnection = generation
      waiting.push(() => handle(packet, onConnection === generation ? callback : () => {}))
      return
    }
    active++
    const n = ++seq
    logDebug(() => `request ${n} on '${escapeForTerminal(packet.topic)}' (${packet.payload.length} bytes)`)
    answer(packet, n)
      .catch((err: unknown) => {
        failed++
        logWarn(`request ${n}: ${err instanceof Error ? err.message : String(err)}`)
      })
      .finally(() => {
        active--
        settled()
      })
    callback()
  }

  const running = await openConnection(plan.connection, {
    reconnectPeriodMs: 500,
    prepare: (c) => {
      client = c
      replaceHandleMessage(c, handle)
      holdAcks(c, (ack) => unacknowledged.delete(ack.messageId))
      c.on('close', () => {
        generation++
        unacknowledged.clear()
      })
    },
  })
  connected(running)
  const lifecycle = startLifecycle(running, plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs, timeoutHint: () => `${answered} request${answered === 1 ? '' : 's'} answered within -W ${(plan.timeoutMs ?? 0) / 1000} s${plan.count === undefined ? '' : ` (-C ${plan.count})`}` })
  life = lifecycle
  if (plan.count !== undefined && answered >= plan.count) lifecycle.finish()
  if (running.protocolVersion !== 5 && plan.responseTopic === undefined) {
    logWarn('the broker speaks MQTT 3.1.1: requests carry no response topic, and none will be answered without -e <topic>')
  }
  try {
    subscribeAll(running, plan.filters, { qos: plan.qos }).then(
      () => logDebug(`subscribed to ${plan.filters.map((f) => `'${escapeForTerminal(f)}'`).join(', ')}; answering`),
      (err: unknown) => lifecycle.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })),
    )
    await lifecycle.done
  } finally {
    stopping = true
    // requests waiting for a slot are left unanswered (and unacknowledged), so that reading goes on
    resume()
    if (active > 0 || confirming > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DRAIN_MS)
        idle = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    // what still runs after the wait is stopped, unanswered: respond exits now, not when it ends
    const unfinished = active
    if (unfinished > 0) abandon.abort()
    await Promise.race([closeConnection(running, { force: client?.connected !== true }), new Promise((r) => setTimeout(r, 2000).unref())])
    const notes = [failed > 0 ? `${failed} failed` : '', unfinished > 0 ? `${unfinished} still being answered at exit` : '', unanswerable > 0 ? `${unanswerable} without a response topic` : '', retained > 0 ? `${retained} retained` : ''].filter(Boolean)
    logInfo(`respond: answered ${answered} request${answered === 1 ? '' : 's'}${notes.length > 0 ? ` (not answered: ${notes.join(', ')})` : ''}`)
  }
}
