/**
 * replay's sender: each message's PUBLISH frame written straight to the (coalescing) socket
 * (mqtt/publish-packet.ts, mqtt/frame-batch.ts), QoS 1/2 acknowledgements matched by packet id
 * (mqtt/direct-acks.ts), as `pub -l` does. At --speed max the pace is the broker's: QoS 1/2 through
 * a window (the broker's Receive Maximum, -M, at most 1,000), QoS 0 paused while 256 KB wait for the
 * socket. Otherwise each message waits for its time on the timeline (timeline.ts).
 *
 * A lost connection pauses the replay while MQTT.js reconnects (session/link.ts, up to
 * --reconnect-timeout; 0: exit 1 at once); then the unconfirmed QoS 1/2 messages are sent again and
 * the replay goes on where it was. With the recorded timing, messages that fell due while offline go
 * out at once when the connection is back (the timeline is not shifted). Ctrl-C stops sending and
 * waits briefly for the acknowledgements.
 */
import { performance } from 'node:perf_hooks'
import { ConnectionError, MqtxError } from '../errors.js'
import { onStopSignal, stoppedBy, stopWord, type StopSignal } from '../signals.js'
import { escapeForTerminal } from '../output/escape.js'
import { logWarn } from '../output/log.js'
import { coalescerOf, whenWritable } from '../mqtt/coalesce.js'
import { connectionSocket, type Connection } from '../mqtt/connect.js'
import { directAcks } from '../mqtt/direct-acks.js'
import { FrameBatch } from '../mqtt/frame-batch.js'
import { publishFrame } from '../mqtt/publish-packet.js'
import { keepConnected, resendNote } from '../session/link.js'
import { publishOutcome } from '../session/outcome.js'
import type { ReplayMessage } from './load.js'
import { timeline } from './timeline.js'
import { grouped } from '../output/numbers.js'

const DEFAULT_WINDOW = 1000
const QOS0_BUFFER_BYTES = 256 * 1024
const INTERRUPT_GRACE_MS = 2000
/** A message due within this is sent now rather than after a timer (Node's timers have 1 ms steps). */
const EARLY_MS = 0.5
const MAX_TIMER_MS = 2 ** 31 - 1

export interface SendStats {
  sent: number
  confirmed: number
  rejected: number
  /** loops completed */
  loops: number
  inflight: number
  /** connections lost (and re-established) on the way */
  losses: number
  /** QoS 1/2 messages sent again after a reconnect */
  resent: number
}

export interface SendOptions {
  speed: number
  /** 0: until interrupted */
  loops: number
  maxInflight?: number
  /** After a lost connection: how long to keep reconnecting (0: give up at once). */
  reconnectTimeoutMs: number
  /** Called after each pump, and at a lost connection, with the counts (progress line). */
  progress?: (stats: SendStats, offline: boolean) => void
}

/**
 * The broker's v5 Maximum Packet Size (CONNACK), checked for every message before the first is sent:
 * a broker closes the connection on a bigger packet (mosquitto: "oversize packet").
 */
function overMaximumPacketSize(messages: readonly ReplayMessage[], v5: boolean, limit: number | undefined): MqtxError | undefined {
  if (limit === undefined) return undefined
  for (let i = 0; i < messages.length; i++) {
    const msg = messages[i] as ReplayMessage
    const size = publishFrame(msg, v5).size
    if (size <= limit) continue
    return new MqtxError(`message ${grouped(i + 1)} of the selection ('${escapeForTerminal(msg.topic)}', ${new Date(msg.timeMs).toISOString()}) is a PUBLISH packet of ${grouped(size)} bytes, over the broker's maximum packet size of ${grouped(limit)} bytes (CONNACK); nothing was sent.`, {
      hint: "leave it out (-t, --since, --until) or raise the broker's max_packet_size",
    })
  }
  return undefined
}

export function sendMessages(conn: Connection, messages: readonly ReplayMessage[], o: SendOptions): Promise<SendStats> {
  let socket = connectionSocket(conn)
  if (socket === undefined) return Promise.reject(new ConnectionError('the connection has no socket'))
  let coalescer = coalescerOf(socket)
  const v5 = conn.protocolVersion === 5
  const tooBig = overMaximumPacketSize(messages, v5, conn.maximumPacketSize)
  if (tooBig !== undefined) return Promise.reject(tooBig)
  if (!v5 && messages.some((m) => m.properties !== undefined)) logWarn('the broker speaks MQTT 3.1.1: the recorded v5 properties are not sent')
  const window = Math.max(1, Math.min(o.maxInflight ?? DEFAULT_WINDOW, conn.receiveMaximum))
  const times = timeline(messages, o.speed)
  const paced = Number.isFinite(o.speed)
  const stats: SendStats = { sent: 0, confirmed: 0, rejected: 0, loops: 0, inflight: 0, losses: 0, resent: 0 }
  let firstRejection: MqtxError | undefined
  let index = 0
  let ended = messages.length === 0
  let interrupted: StopSignal | undefined
  let done = false
  let pumping = false
  let timer: NodeJS.Timeout | undefined
  let waitingForRoom = false
  let graceTimer: NodeJS.Timeout | undefined
  /** the connection is lost: nothing is sent until MQTT.js has reconnected */
  let offline = false
  const start = performance.now()

  return new Promise<SendStats>((resolve, reject) => {
    const acks = directAcks(conn, 1, (err) => {
      stats.inflight--
      const failure = publishOutcome(err)
      if (failure === undefined) stats.confirmed++
      else {
        stats.rejected++
        firstRejection ??= failure
      }
      pump()
    })
    const batch = new FrameBatch(socket, acks)
    const roomForMore = () => (coalescer === undefined ? (socket?.writableLength ?? 0) : coalescer.buffered()) + batch.pending < QOS0_BUFFER_BYTES
    const finish = (err?: MqtxError) => {
      if (done) return
      done = true
      clearTimeout(timer)
      clearTimeout(graceTimer)
      acks.stop()
      removeStop()
      link.stop()
      o.progress?.(stats, offline)
      if (err !== undefined) reject(err)
      else if (stats.rejected > 0) reject(new MqtxError(`${stats.rejected} of ${stats.sent} messages were rejected by the broker; the first: ${firstRejection?.message ?? ''}`, { hint: firstRejection?.hint }))
      else resolve(stats)
    }
    const interruptError = (signal: StopSignal) =>
      stoppedBy(signal, `${stopWord(signal)}: ${stats.sent} message${stats.sent === 1 ? '' : 's'} sent (${stats.confirmed} confirmed, ${stats.inflight} unconfirmed)`)

    function pump(): void {
      if (done || pumping) return
      pumping = true
      // offline: nothing is sent, but an interrupt with nothing unconfirmed still ends at once
      while (!offline && !ended && interrupted === undefined) {
        if (index >= messages.length) {
          stats.loops++
          index = 0
          if (o.loops !== 0 && stats.loops >= o.loops) {
            ended = true
            break
          }
        }
        if (paced) {
          const wait = start + times.due(stats.loops, index) - performance.now()
          if (wait > EARLY_MS) {
            if (timer === undefined) {
              // a timer holds at most 2^31-1 ms (longer ones fire at once): the pump then waits again
              timer = setTimeout(() => {
                timer = undefined
                pump()
              }, Math.min(wait, MAX_TIMER_MS))
            }
            break
          }
        }
        const msg = messages[index] as ReplayMessage
        if (msg.qos > 0 && stats.inflight >= window) break
        if (msg.qos === 0 && !roomForMore()) {
          if (!waitingForRoom && socket !== undefined) {
            waitingForRoom = true
            whenWritable(socket, () => {
              waitingForRoom = false
              pump()
            })
          }
          break
        }
        const frame = publishFrame(msg, v5)
        if (msg.qos === 0) {
          batch.writeFrame(frame, 0)
          stats.confirmed++
        } else {
          stats.inflight++
          batch.writeFrame(frame, acks.allocate(msg.qos))
        }
        stats.sent++
        index++
        // at 1x, a message is on the wire at its time, not at the end of a burst
        if (paced) batch.flush()
      }
      batch.flush()
      pumping = false
      o.progress?.(stats, offline)
      if (stats.inflight > 0) return
      if (interrupted !== undefined) finish(interruptError(interrupted))
      else if (ended) finish()
    }

    const link = keepConnected(
      conn,
      o.reconnectTimeoutMs,
      {
        describeLoss: () => `connection lost after ${grouped(stats.sent)} ${stats.sent === 1 ? 'message was' : 'messages were'} sent (${grouped(stats.confirmed)} confirmed)`,
        progress: () => stats.confirmed + stats.rejected,
        unconfirmed: () => stats.inflight,
        onLost: () => {
          offline = true
          stats.losses++
          clearTimeout(timer)
          timer = undefined
          o.progress?.(stats, true)
        },
        onBack: (sessionPresent) => {
          offline = false
          socket = connectionSocket(conn)
          coalescer = coalescerOf(socket)
          batch.socket = socket
          // a 'drain' awaited on the old socket never comes
          waitingForRoom = false
          const again = socket !== undefined ? acks.resend(socket, sessionPresent) : 0
          stats.resent += again
          pump()
          return resendNote(again)
        },
        onFail: (err) => finish(err),
      },
      'replay',
    )
    const removeStop = onStopSignal(
      (signal) => {
        interrupted = signal
        clearTimeout(timer)
        graceTimer = setTimeout(() => finish(interruptError(signal)), INTERRUPT_GRACE_MS)
        pump()
      },
      { force: () => finish(interruptError(interrupted ?? 'SIGINT')) },
    )
    pump()
  })
}
