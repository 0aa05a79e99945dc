/**
 * pub -l: one message per line of input, streamed.
 *
 * - Input is read only as fast as the socket takes it: reading pauses while the window is full,
 *   so memory stays flat whatever the input size.
 * - QoS 1/2 messages are pipelined through an inflight window that never exceeds the broker's
 *   Receive Maximum; QoS 0 waits for socket back-pressure (MQTT.js calls back on 'drain').
 * - Returns only when every QoS > 0 message is acknowledged; rejected messages are counted and
 *   reported (exit 1); Ctrl-C stops reading, waits briefly for acknowledgements, exits 130.
 * - A lost connection pauses everything while MQTT.js reconnects (link.ts, up to
 *   --reconnect-timeout); then the unacknowledged messages are sent again (DUP) and reading goes on.
 * - Only '\n' is stripped; empty lines are empty messages; a last line without '\n' is sent.
 */
import { constants } from 'node:buffer'
import { availableParallelism } from 'node:os'
import type { Readable } from 'node:stream'
import { MqtxError, type UsageError } from '../errors.js'
import { onStopSignal, stoppedBy, stopWord, type StopSignal } from '../signals.js'
import { isDebug, logDebug, logInfo } from '../output/log.js'
import type { Connection } from '../mqtt/connect.js'
import { connectionSocket } from '../mqtt/connect.js'
import { coalescerOf, whenWritable } from '../mqtt/coalesce.js'
import { publishOutcome } from '../session/outcome.js'
import type { PubPlan } from './plan.js'
import { decodeText, type Encoding } from '../session/payload.js'
import { publishOptions, publishShape } from './publish-options.js'
import { payloadLimit } from '../session/limits.js'
import { publishFrameEncoder, type FrameEncoder } from '../mqtt/publish-frame.js'
import { directAcks } from '../mqtt/direct-acks.js'
import { keepConnected, resendNote, resentSummary, times } from '../session/link.js'
import { LineBuffer } from './line-buffer.js'
import { FrameBatch } from '../mqtt/frame-batch.js'
import type { RawEncodeOptions } from '../codecs/options.js'
import type { EncodePool } from './encode-pool.js'
import type { EncodeFailure } from './encode-worker.js'

/** QoS 1/2 default window when neither -M nor the broker limits it. */
export const DEFAULT_WINDOW = 1000
/** QoS 0: how many bytes may wait for the socket before publishing pauses. */
const QOS0_BUFFER_BYTES = 256 * 1024
/** After Ctrl-C, how long in-flight messages get to be acknowledged. */
const INTERRUPT_GRACE_MS = 2000

/** QoS 1/2 inflight window (QoS 0 is paced by socket back-pressure instead). */
export function lineWindow(qos: 0 | 1 | 2, maxInflight: number | undefined, receiveMaximum: number): number {
  if (qos === 0) return Number.POSITIVE_INFINITY
  return Math.max(1, Math.min(maxInflight ?? DEFAULT_WINDOW, receiveMaximum))
}

export interface LineStats {
  published: number
  confirmed: number
  rejected: number
  /** messages sent again after a reconnect (at QoS 1 each may arrive twice) */
  resent: number
  /** connections lost (and re-established) on the way */
  losses: number
  /** QoS 0 messages MQTT.js had not written yet when the connection went (its publish path only) */
  dropped: number
}

/** Turns one input line (without its '\n') into the payload: --encoding or --encode; throws UsageError. */
export type LineTransform = (text: string, where: string) => Buffer

export function lineTransform(encoding: Encoding): LineTransform | undefined {
  return encoding === 'utf8' ? undefined : (text, where) => decodeText(text, encoding, where)
}

/**
 * --encode: the lines may be encoded on a worker thread (encode-pool.ts) once the input proves long:
 * ENCODE_WORKER_AFTER lines are encoded here meanwhile (starting the worker costs ~50 ms of CPU), and
 * only with more than one core.
 * MQTX_ENCODE_WORKER=on uses it from the first line (tests), =off never (to compare).
 */
export interface ParallelEncoding {
  /** the --encode flags, for the worker to load the same codec */
  options: RawEncodeOptions
  /** what a line that failed in the worker is: the error encoding it here would have thrown */
  lineError(where: string, failure: EncodeFailure): MqtxError
}

/** Lines encoded on the main thread before the worker is started (short inputs never start it). */
export const ENCODE_WORKER_AFTER = 10_000

export function publishLines(plan: PubPlan, conn: Connection, input: Readable, transform: LineTransform | undefined, parallel?: ParallelEncoding): Promise<LineStats> {
  const window = lineWindow(plan.qos, plan.connection.maxInflight, conn.receiveMaximum)
  logDebug(`-l: QoS ${plan.qos}, window ${window} (broker Receive Maximum ${conn.receiveMaximum})`)
  const options = publishOptions(plan, conn)
  const stats: LineStats = { published: 0, confirmed: 0, rejected: 0, resent: 0, losses: 0, dropped: 0 }
  let firstRejection: MqtxError | undefined
  let inflight = 0
  // a line that does not fit in one packet (MQTT's limit, the broker's Maximum Packet Size) stops the run
  const limit = payloadLimit(publishShape(plan, conn.protocolVersion), conn.maximumPacketSize)
  // Input not yet published (input is paused while any line is held: see line-buffer.ts). A line MQTT
  // cannot carry is not read to its end (issue 12); with --encoding hex its text may be twice as long.
  const lines = new LineBuffer(transform === undefined ? limit.protocolMax : Math.min(2 * limit.protocolMax, constants.MAX_STRING_LENGTH))
  let ended = false
  let stopped: MqtxError | undefined
  let interrupted = false
  let stopSignal: StopSignal = 'SIGINT'
  let removeStop: () => void = () => {}
  /** the connection is lost: nothing is sent until MQTT.js has reconnected */
  let offline = false
  const forced = process.env.MQTX_ENCODE_WORKER
  // (one core: a worker would only add its start-up and the copies)
  const workerMode = parallel === undefined || forced === 'off' ? 'off' : forced === 'on' ? 'on' : availableParallelism() > 1 ? 'auto' : 'off'
  /** the encoding worker: undefined (not started), 'starting' (its module loading), then the pool */
  let pool: EncodePool | 'starting' | undefined
  const encoded = () => (pool !== undefined && pool !== 'starting' && pool.ready ? pool : undefined)
  /** no line is out at the worker */
  const poolIdle = () => encoded()?.idle() ?? true

  return new Promise<LineStats>((resolve, reject) => {
    let socket = connectionSocket(conn)
    let coalescer = coalescerOf(socket)
    // The fast path: frames from a template, straight to the (coalescing) socket; QoS 1/2
    // acknowledgements matched by packet id (direct-acks.ts). --debug and topic aliases keep
    // MQTT.js's publish(), which logs each packet and manages the alias.
    const frame: FrameEncoder | undefined =
      coalescer !== undefined && socket !== undefined && !isDebug() && options.properties?.topicAlias === undefined
        ? publishFrameEncoder(plan.topic, plan.qos, plan.retain, options.properties as Record<string, unknown> | undefined, conn.protocolVersion)
        : undefined
    const acks = frame !== undefined && plan.qos > 0 ? directAcks(conn, plan.qos as 1 | 2, (err) => onAck(err)) : undefined
    const batch = new FrameBatch(socket, acks)
    // (a WebSocket stream has no coalescer: its own 'drain'. MQTT.js's publish() waits for 'drain' once
    // per message written to a full stream: without this pause thousands of listeners piled up)
    const roomForMore = () => (coalescer === undefined ? socket?.writableNeedDrain !== true : coalescer.buffered() + batch.pending < QOS0_BUFFER_BYTES)
    let waitingForRoom = false
    const afterRoom = () => {
      waitingForRoom = false
      pump()
    }

    const cleanup = () => {
      if (pool !== undefined && pool !== 'starting') pool.stop()
      acks?.stop()
      link.stop()
      removeStop()
      input.removeListener('data', onData)
      input.removeListener('end', onEnd)
      input.removeListener('error', onInputError)
      clearTimeout(graceTimer)
    }
    let graceTimer: NodeJS.Timeout | undefined
    let done = false
    const finish = (err?: MqtxError) => {
      if (done) return
      done = true
      cleanup()
      input.pause()
      if (stats.losses > 0 && err === undefined) {
        logInfo(
          plan.qos === 0
            ? `${stats.published - stats.dropped} lines written; the connection was lost ${times(stats.losses)} (QoS 0: lines written just before a loss may not have arrived${stats.dropped > 0 ? `; ${stats.dropped} not written at all` : ''})`
            : `${stats.confirmed} of ${stats.published} lines confirmed; the connection was lost ${times(stats.losses)}; ${resentSummary(stats.resent, plan.qos)}`,
        )
      }
      if (err !== undefined) reject(err)
      else if (stats.rejected > 0) {
        reject(new MqtxError(`${stats.rejected} of ${stats.published} messages were rejected by the broker; the first: ${firstRejection?.message ?? ''}`, { hint: firstRejection?.hint }))
      } else resolve(stats)
    }

    const onAck = (err: Error | undefined) => {
      inflight--
      const failure = publishOutcome(err)
      if (failure === undefined) stats.confirmed++
      else if (plan.qos === 0 && !conn.client.connected) {
        // MQTT.js's publish path: a QoS 0 message still waiting for the socket when the connection went
        stats.dropped++
      } else {
        stats.rejected++
        firstRejection ??= failure
      }
      // Refill at once: the coalescing writer gathers every refill of this event-loop turn into
      // one socket write. (Waiting for a half-empty window instead stalls on brokers that leave
      // Nagle on, as mosquitto does: its PUBACKs then wait for our delayed ACKs, ~40 ms each.)
      pump()
    }

    const startPool = (options: RawEncodeOptions) => {
      pool = 'starting'
      logDebug('-l --encode: encoding on a worker thread')
      import('./encode-pool.js').then(
        ({ EncodePool }) => {
          if (done) return
          pool = new EncodePool(options, pump, finish)
        },
        (err: unknown) => finish(new MqtxError(`cannot start the encoding worker thread: ${(err as Error).message}`, { cause: err })),
      )
    }

    let pumping = false
    const pump = () => {
      // QoS 0 callbacks fire synchronously inside publish(): the running loop picks their room up.
      if (done || pumping) return
      pumping = true
      if (!interrupted && stopped === undefined && !offline) {
        if (parallel !== undefined && pool === undefined && (workerMode === 'on' || (workerMode === 'auto' && stats.published >= ENCODE_WORKER_AFTER && (lines.hasLine() || !ended)))) startPool(parallel.options)
        const worker = encoded()
        // (=on: no line is encoded here while the worker starts)
        const waitForWorker = worker === undefined && workerMode === 'on'
        while (inflight < window) {
          if (worker !== undefined) {
            worker.feed(lines)
            if (!worker.hasNext()) break
          } else if (waitForWorker || !lines.hasLine()) break
          if (plan.qos === 0 && !roomForMore()) {
            if (!waitingForRoom && socket !== undefined) {
              waitingForRoom = true
              whenWritable(socket, afterRoom)
            }
            break
          }
          let payload: Buffer
          let from: number
          let to: number
          if (worker !== undefined) {
            const failure = worker.take()
            if (failure !== undefined) {
              stopped = (parallel as ParallelEncoding).lineError(`line ${stats.published + 1}`, failure)
              break
            }
            payload = worker.bytes
            from = worker.from
            to = worker.to
          } else {
            payload = lines.bytes
            from = lines.start
            to = lines.take()
          }
          const held = payload
          if (transform !== undefined && worker === undefined) {
            try {
              payload = transform(held.toString('utf8', from, to), `line ${stats.published + 1}`)
            } catch (err) {
              stopped = err as UsageError
              break
            }
            from = 0
            to = payload.length
          }
          if (to - from > limit.max) {
            stopped = limit.error(to - from, `line ${stats.published + 1}`, 'it and the lines after it were not sent')
            break
          }
          stats.published++
          if (frame !== undefined) {
            if (acks === undefined) {
              batch.write(frame, payload, from, to, 0)
              stats.confirmed++
            } else {
              inflight++
              batch.write(frame, payload, from, to, acks.allocate())
            }
            continue
          }
          inflight++
          // MQTT.js keeps the payload until it is written: never a view of a reused or shared buffer
          conn.client.publish(plan.topic, payload === held ? Buffer.from(held.subarray(from, to)) : payload, options, onAck)
        }
        batch.flush()
        if (!lines.hasLine() && lines.tooLong && stopped === undefined && poolIdle()) stopped = limit.tooLong(`line ${stats.published + 1}`, 'it and the lines after it were not sent')
        if (!lines.hasLine() && !ended && stopped === undefined) input.resume()
      }
      pumping = false
      if (inflight > 0) return
      if (interrupted) {
        finish(interruptError())
      } else if (stopped !== undefined) {
        finish(stopped)
      } else if (ended && !lines.hasLine() && poolIdle()) {
        finish()
      }
    }

    const onData = (chunk: Buffer | string) => {
      if (!lines.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk) && !lines.tooLong) return
      input.pause()
      pump()
    }
    const onEnd = () => {
      lines.end()
      ended = true
      pump()
    }
    const onInputError = (err: Error) => finish(new MqtxError(`cannot read standard input: ${err.message}`, { cause: err }))
    const link = keepConnected(conn, plan.reconnectTimeoutMs, {
      describeLoss: () =>
        plan.qos === 0
          ? `connection lost after ${stats.published} lines were written (QoS 0: not confirmed)`
          : `connection lost after ${stats.confirmed} of ${stats.published} lines confirmed`,
      progress: () => stats.confirmed + stats.rejected,
      unconfirmed: () => inflight,
      onLost: () => {
        offline = true
        stats.losses++
        input.pause()
      },
      onBack: (sessionPresent) => {
        offline = false
        socket = connectionSocket(conn)
        coalescer = coalescerOf(socket)
        batch.socket = socket
        // a 'drain' awaited on the old socket never comes
        waitingForRoom = false
        // MQTT.js's publish path: its store has already sent the unconfirmed QoS 1/2 messages again
        const again = acks !== undefined ? (socket !== undefined ? acks.resend(socket, sessionPresent) : 0) : plan.qos > 0 ? inflight : 0
        stats.resent += again
        pump()
        return plan.qos === 0 ? '' : resendNote(again)
      },
      onFail: (err) => finish(err),
    })
    const interruptError = () => {
      const unsent = lines.pending() + (encoded()?.pendingLines() ?? 0)
      return stoppedBy(
        stopSignal,
        `${stopWord(stopSignal)}: ${stats.confirmed} messages sent${plan.qos > 0 ? ' and acknowledged' : ''}, ${inflight} unacknowledged, ${unsent} read but not sent (input not read further).`,
      )
    }
    // Ctrl-C or SIGTERM: stop reading, wait briefly for the acknowledgements; a second one ends it now
    removeStop = onStopSignal(
      (signal) => {
        stopSignal = signal
        interrupted = true
        input.pause()
        graceTimer = setTimeout(() => finish(interruptError()), INTERRUPT_GRACE_MS)
        pump()
      },
      { force: () => finish(interruptError()) },
    )
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onInputError)
    input.resume()
  })
}
