/**
 * `mqtx bridge`: subscribe upstream, publish every message downstream, and acknowledge a QoS 1/2
 * message upstream only once the downstream broker acknowledged its copy (ledger.ts), with up to the
 * downstream's Receive Maximum in flight. Both connections reconnect on their own (MQTT.js resends
 * unconfirmed messages; the upstream broker resends what we did not acknowledge), so a restart of
 * either broker loses nothing; duplicates are recognised where possible and counted (summary.ts).
 */
import type { IDisconnectPacket, IPublishPacket, MqttClient } from 'mqtt'
import { ConnectionError, MqtxError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { logDebug, logInfo, logWarn } from '../output/log.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import { clientSocket, holdAcks, replaceHandleMessage, type AckPacket } from '../mqtt/internals.js'
import { followReconnects } from '../mqtt/reconnect.js'
import { describeEndpoint } from '../mqtt/resolve.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { reasonText } from '../session/outcome.js'
import { subscribeAll } from '../session/subscribe.js'
import { exitCodeFor, exitNow, onStopSignal, stoppedBy, type StopSignal } from '../signals.js'
import type { RawBridgeOptions } from './flags.js'
import { carriesMarker, forwardOptions } from './forward.js'
import { AckLedger, type Entry } from './ledger.js'
import { planBridge } from './plan.js'
import { compileRewrite } from './rewrite.js'
import { sideWords, type Side } from './side.js'
import { newCounts, summaryLine } from './summary.js'

/** A connection failure, saying which side it is (the exit code, e.g. a CONNACK code, stays). */
function onSide(err: unknown, side: Side): unknown {
  if (!(err instanceof MqtxError)) return err
  const hint = err.hint === undefined ? {} : { hint: sideWords(err.hint, side) }
  return new MqtxError(`${side === 'from' ? 'upstream (--from)' : 'downstream (--to)'}: ${sideWords(err.message, side)}`, { cause: err, ...hint, exitCode: err.exitCode })
}

/** How long a stopping bridge waits for the downstream broker to confirm what is in flight. */
const DRAIN_MS = 5000
/** Messages waiting for room downstream, past which reading upstream pauses. */
const QUEUE_MAX = 1000
const RECONNECT_MS = 500
/** Reconnects in a row that the downstream broker drops after the resend, nothing confirmed: it refuses a message. */
const REFUSED_AFTER = 3
/** DISCONNECT reason codes a broker sends over a packet it refuses (malformed, protocol error, topic
 * name invalid, packet too large, payload format invalid, retain / QoS not supported). */
const REFUSING = new Set([0x81, 0x82, 0x90, 0x95, 0x99, 0x9a, 0x9b])

export async function runBridge(options: RawBridgeOptions): Promise<void> {
  const plan = planBridge(options)
  const rewrite = await compileRewrite(plan.rules, plan.prefix)
  const rewrites = plan.rules.length > 0 || plan.prefix !== undefined
  const counts = newCounts()

  let up: MqttClient | undefined
  let sendAck: ((ack: AckPacket) => void) | undefined
  const ledger = new AckLedger((ack) => {
    if (up?.connected === true) sendAck?.(ack)
  })
  let stopping = false
  let sent = 0
  let waiting: (() => void) | undefined
  let failure: MqtxError | undefined
  let settle: () => void = () => {}
  const ended = new Promise<void>((resolve) => {
    settle = resolve
  })
  const stop = (err?: MqtxError) => {
    if (stopping) return
    stopping = true
    failure = err
    settle()
  }
  /** Called whenever nothing is in flight any more (a stopping bridge waits for it). */
  let idle: (() => void) | undefined

  const down = await openConnection(plan.to, { reconnectPeriodMs: RECONNECT_MS }).catch((err: unknown) => {
    throw onSide(err, 'to')
  })
  const limit = Math.max(1, Math.min(down.receiveMaximum, 1000))
  // MQTT 5 upstream: ask the broker to keep at most `window` messages unacknowledged (a v5 client's
  // Receive Maximum bounds that window; none sent means 65,535): what the bridge cannot forward yet
  // waits there, not in our socket
  const window = Math.min(65535, Math.max(20, 2 * limit))
  plan.from.properties.connect = { ...(plan.from.properties.connect ?? {}), receiveMaximum: window }
  const downV5 = down.protocolVersion === 5
  /**
   * At most `limit` messages in flight downstream (its Receive Maximum: MQTT.js does not keep to it);
   * the others wait here, in arrival order. Bounded without pausing the upstream connection: an MQTT 5
   * upstream broker leaves at most `window` unacknowledged, and a 3.1.1 one its own inflight limit
   * (past QUEUE_MAX, reading pauses). Pausing it for long would also hold up its PINGRESPs, and
   * MQTT.js would drop the connection after 1.5 keep-alives of a downstream outage.
   */
  const queue: Array<{ topic: string; packet: IPublishPacket; entry: Entry | undefined }> = []
  let sending = 0
  /** QoS 1/2 messages the downstream broker confirmed (progress, for the refusal check below). */
  let confirmedDown = 0
  const blocked = () => queue.length >= QUEUE_MAX || clientSocket(down.client)?.writableNeedDrain === true
  const wake = () => {
    if (waiting === undefined || blocked()) return
    const resume = waiting
    waiting = undefined
    resume()
  }
  const gate = (callback: () => void) => {
    if (!blocked()) return callback()
    waiting = callback
    const socket = clientSocket(down.client)
    if (socket?.writableNeedDrain === true) socket.once('drain', wake)
  }
  const forward = (topic: string, packet: IPublishPacket, entry: Entry | undefined) => {
    if (queue.length > 0 || sending >= limit) queue.push({ topic, packet, entry })
    else publish(topic, packet, entry)
  }
  const next = () => {
    while (queue.length > 0 && sending < limit) {
      const q = queue.shift()
      if (q !== undefined) publish(q.topic, q.packet, q.entry)
    }
  }

  function publish(topic: string, packet: IPublishPacket, entry: Entry | undefined): void {
    const qos = plan.toQos ?? packet.qos
    const opts = forwardOptions(packet, { qos, v5: downV5, marker: plan.marker })
    if (qos > 0) sending++
    down.client.publish(topic, packet.payload as Buffer, opts, (err?: Error) => {
      if (qos > 0) sending--
      const failed = err !== undefined && err !== null
      const code = (err as (Error & { code?: unknown }) | undefined)?.code
      if (failed && (typeof code === 'number' || (qos > 0 && !stopping))) {
        // refused (not authorized, quota …) or not delivered: stop, with this message unacknowledged
        // upstream (with -c it comes again), so nothing is lost
        if (entry !== undefined) ledger.abandon(entry)
        stop(
          typeof code === 'number'
            ? new MqtxError(`the downstream broker refused a message on '${escapeForTerminal(topic)}': ${reasonText(code)}.`, { cause: err, hint: "check the downstream broker's ACL and limits; the message stays unacknowledged upstream (with -c it comes again)" })
            : new ConnectionError(`forwarding a message on '${escapeForTerminal(topic)}' failed: ${err.message}`, { cause: err }),
        )
      } else if (failed && qos > 0) {
        // stopping: MQTT.js gave up on a copy the downstream broker never confirmed (a clean session
        // closed with it still queued): never acknowledged upstream, with -c it comes again
        counts.unconfirmed++
        if (entry !== undefined) ledger.abandon(entry)
      } else if (failed) {
        // QoS 0 while the downstream broker is away (or stopping): MQTT.js does not keep it
        counts.dropped++
        if (entry !== undefined) ledger.confirmed(entry)
      } else {
        counts.forwarded++
        if (qos > 0) confirmedDown++
        if (plan.verbose) logInfo(`forwarded '${escapeForTerminal(packet.topic)}'${topic === packet.topic ? '' : ` as '${escapeForTerminal(topic)}'`} (QoS ${qos}, ${packet.payload.length} bytes${packet.retain ? ', retained' : ''})`)
        if (entry !== undefined) ledger.confirmed(entry)
      }
      if (!stopping) next()
      wake()
      if (ledger.inFlight > 0) return
      if (plan.count !== undefined && sent >= plan.count) stop()
      idle?.()
    })
  }

  const handle = (packet: IPublishPacket, callback: () => void) => {
    // once stopping, nothing more is taken: unacknowledged messages stay with the upstream broker
    if (stopping || (plan.count !== undefined && sent >= plan.count)) return
    if (carriesMarker(packet, plan.marker)) {
      counts.looped++
      logDebug(() => `not forwarded (it carries this bridge's loop marker): '${escapeForTerminal(packet.topic)}'`)
      return callback()
    }
    let topic = packet.topic
    if (rewrites) {
      topic = rewrite(packet.topic)
      try {
        validatePublishTopic(topic)
      } catch (err) {
        counts.badTopic++
        if (counts.badTopic === 1) logWarn(`not forwarded: '${escapeForTerminal(packet.topic)}' rewritten is not a valid topic (${err instanceof Error ? err.message : String(err)}); counted in the summary`)
        return callback()
      }
    } else {
      // a topic the downstream broker refuses (a control character: an upstream broker that lets
      // it through, e.g. aedes) would make it drop the connection at every resend: the bridge was
      // stuck on that message for good, forwarding nothing more
      try {
        validatePublishTopic(topic)
      } catch (err) {
        counts.refusedTopic++
        if (counts.refusedTopic === 1) logWarn(`not forwarded: ${err instanceof Error ? err.message : String(err)} Counted in the summary.`)
        return callback()
      }
    }
    let entry: Entry | undefined
    if (packet.qos > 0 && packet.messageId !== undefined) {
      const filed = ledger.received(packet.messageId, packet.topic, packet.payload as Buffer, packet.dup)
      if (filed.kind === 'duplicate') {
        counts.suppressed++
        logDebug(() => `'${escapeForTerminal(packet.topic)}' (id ${packet.messageId ?? 0}) came again: already forwarded, not again`)
        return callback()
      }
      entry = filed.entry
      if (filed.again) counts.redelivered++
    }
    sent++
    forward(topic, packet, entry)
    gate(callback)
  }

  let upConn: Connection | undefined
  try {
    upConn = await openConnection(plan.from, {
      reconnectPeriodMs: RECONNECT_MS,
      prepare: (client) => {
        up = client
        replaceHandleMessage(client, handle)
        sendAck = holdAcks(client, (ack) => ledger.hold(ack))
        client.on('packetreceive', (p) => {
          if (p.cmd === 'connack') ledger.back(p.sessionPresent)
        })
        client.on('close', () => {
          ledger.lost()
          // a message held back by the gate belongs to the closed connection: its ack must not go out
          // on the next one (the broker sends that message again)
          waiting = undefined
        })
      },
    })
  } catch (err) {
    await closeConnection(down, { force: true })
    throw onSide(err, 'from')
  }
  const upstream = upConn
  logDebug(`bridging ${describeEndpoint(plan.from)} -> ${describeEndpoint(plan.to)}, loop marker mqtx-bridge=${plan.marker}`)
  if (!downV5) logWarn('the downstream broker speaks MQTT 3.1.1: forwarded messages lose their MQTT 5 properties and carry no loop marker (do not bridge the same topics back)')
  else if (upstream.protocolVersion !== 5) logWarn('the upstream broker speaks MQTT 3.1.1: its messages carry no loop marker (do not bridge the same topics back to it)')

  const follow = (conn: Connection, side: string, onBack: () => void, onLost: () => void = () => {}) =>
    followReconnects(conn, {
      onLost: () => {
        onLost()
        return `connection to the ${side} lost`
      },
      onBack: (sessionPresent) => {
        onBack()
        logInfo(`reconnected to the ${side}${conn === upstream && sessionPresent ? '; the session was kept' : ''}`)
      },
      onRefused: (err) => stop(err),
    })
  const followUp = follow(upstream, `upstream broker (${describeEndpoint(plan.from)})`, () => counts.reconnectsUp++)
  const followDown = follow(
    down,
    `downstream broker (${describeEndpoint(plan.to)})`,
    () => {
      counts.reconnectsDown++
      wake()
    },
    // what was sent and not confirmed goes again after the reconnect: it may arrive twice
    () => {
      counts.resent += sending
    },
  )
  // a downstream broker that drops the connection over a message without saying why (MQTT 3.1.1 has
  // no DISCONNECT from the broker; a v5 one may just close) is sent it again at each reconnect (MQTT.js
  // resends before it even emits 'connect') and drops it again. REFUSED_AFTER accepted connections in
  // a row that end with messages unconfirmed and none confirmed since the last close: stop
  let acceptedDown = false
  let fruitless = 0
  let confirmedAtClose = confirmedDown
  down.client.on('packetreceive', (packet: { cmd: string; returnCode?: number; reasonCode?: number }) => {
    if (packet.cmd === 'connack' && (packet.returnCode ?? packet.reasonCode ?? 0) === 0) acceptedDown = true
  })
  down.client.on('close', () => {
    if (stopping) return
    fruitless = acceptedDown && sending > 0 && confirmedDown === confirmedAtClose ? fruitless + 1 : 0
    confirmedAtClose = confirmedDown
    acceptedDown = false
    if (fruitless < REFUSED_AFTER) return
    stop(
      new ConnectionError(`downstream (--to): the broker closed the connection ${REFUSED_AFTER} times in a row right after the unconfirmed messages were resent, confirming none: it probably refuses one of them.`, {
        hint: "check the downstream broker's log and limits (max_packet_size, ACLs); what was not confirmed stays unacknowledged upstream (with -c it comes again)",
      }),
    )
  })
  // a downstream broker that drops the connection over a message (too large for it, malformed…) gets
  // it again at each reconnect (MQTT.js resends it) and drops it again: the bridge was stuck for good.
  // Only with a QoS 1/2 message in flight: a QoS 0 one is not resent (it is lost, as any QoS 0 message
  // the downstream broker does not take), so the reconnect goes on with the next messages
  down.client.on('disconnect', (packet: IDisconnectPacket) => {
    if (!REFUSING.has(packet.reasonCode ?? 0) || sending === 0) return
    stop(
      new ConnectionError(`downstream (--to): ${down.lossReason() ?? 'the broker disconnected'}; the message it refused would only be sent again.`, {
        hint: "check the downstream broker's limits (max_packet_size) and log; what was not confirmed stays unacknowledged upstream (with -c it comes again)",
      }),
    )
  })
  let signalled: StopSignal | undefined
  const removeStop = onStopSignal(
    (signal) => {
      signalled = signal
      stop(stoppedBy(signal))
    },
    {
      // a second signal: say what was done, and go
      force: () => {
        logInfo(summaryLine(counts))
        exitNow(exitCodeFor(signalled ?? 'SIGINT'))
      },
    },
  )

  try {
    const opts = upstream.protocolVersion === 5 ? { qos: plan.qos, rap: true, rh: plan.from.clean ? 0 : 1 } : { qos: plan.qos }
    subscribeAll(upstream, plan.filters, opts).then(
      () => logDebug(`subscribed to ${plan.filters.map((f) => `'${escapeForTerminal(f)}'`).join(', ')}`),
      (err: unknown) => stop(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })),
    )
    await ended
    // what waits for room downstream is not sent now: it stays unacknowledged upstream (with -c it
    // comes again); what is in flight, the downstream broker may still confirm (then its ack goes up)
    for (const q of queue.splice(0)) if (q.entry !== undefined) ledger.abandon(q.entry)
    if (ledger.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DRAIN_MS)
        idle = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
  } finally {
    removeStop()
    followUp.stop()
    followDown.stop()
    await Promise.all([
      Promise.race([closeConnection(upstream, { force: !upstream.client.connected }), new Promise((r) => setTimeout(r, 2000).unref())]),
      Promise.race([closeConnection(down, { force: !down.client.connected }), new Promise((r) => setTimeout(r, 2000).unref())]),
    ])
    logInfo(summaryLine(counts))
  }
  if (failure !== undefined) throw failure
}
