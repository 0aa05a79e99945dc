/**
 * pub -l: one message per line of input, streamed.
 *
 * - Input is read only as fast as the socket takes it: reading pauses while the window is full,
 *   so memory stays flat whatever the input size.
 * - QoS 1/2 messages are pipelined through an inflight window that never exceeds the broker's
 *   Receive Maximum; QoS 0 waits for socket back-pressure (MQTT.js calls back on 'drain').
 * - Returns only when every QoS > 0 message is acknowledged; rejected messages are counted and
 *   reported (exit 1); Ctrl-C stops reading, waits briefly for acknowledgements, exits 130.
 * - Only '\n' is stripped; empty lines are empty messages; a last line without '\n' is sent.
 */
import type { Readable } from 'node:stream'
import v8 from 'node:v8'
import { ConnectionError, InterruptedError, MqtxError, type UsageError } from '../errors.js'
import { isDebug, logDebug } from '../output/log.js'
import type { Connection } from '../mqtt/connect.js'
import { connectionSocket } from '../mqtt/connect.js'
import { coalescerOf } from '../mqtt/coalesce.js'
import { publishOutcome } from './outcome.js'
import { decodeText, type Encoding, type PubPlan } from './plan.js'
import { publishOptions } from './run.js'
import { publishFrameEncoder, type FrameEncoder } from './publish-frame.js'
import { directAcks } from './direct-acks.js'

/** QoS 1/2 default window when neither -M nor the broker limits it. */
export const DEFAULT_WINDOW = 1000
/** QoS 0: how many bytes may wait for the socket before publishing pauses. */
const QOS0_BUFFER_BYTES = 256 * 1024
/** Frames are written into buffers of this size, handed to the socket slice by slice. */
const BATCH_BYTES = 64 * 1024
const NEWLINE = Buffer.from('\n')
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
}

export function publishLines(plan: PubPlan, conn: Connection, input: Readable, encoding: Encoding): Promise<LineStats> {
  // A long stream allocates steadily; by default V8 then grows the young generation to ~48 MB,
  // which is most of the RSS. Keeping it at its start size holds peak RSS near 80 MB (measured).
  v8.setFlagsFromString('--semi-space-growth-factor=1')
  const window = lineWindow(plan.qos, plan.connection.maxInflight, conn.receiveMaximum)
  logDebug(`-l: QoS ${plan.qos}, window ${window} (broker Receive Maximum ${conn.receiveMaximum})`)
  const options = publishOptions(plan, conn)
  const stats: LineStats = { published: 0, confirmed: 0, rejected: 0 }
  let firstRejection: MqtxError | undefined
  let inflight = 0
  // Input not yet published: chunks that each end with '\n' (whole lines only), read from `offset` in
  // pending[head]. Lines are never copied into Buffers of their own on the fast path: at 100,000
  // lines a second those objects outlived V8's young generation and GC took ~40 % of the time.
  let pending: Buffer[] = []
  let head = 0
  let offset = 0
  /** the unfinished last line of the input so far (no '\n' yet) */
  let carry: Buffer | undefined
  let ended = false
  let stopped: MqtxError | undefined
  let interrupted = false

  return new Promise<LineStats>((resolve, reject) => {
    const socket = connectionSocket(conn)
    const coalescer = coalescerOf(socket)
    // The fast path: frames from a template, straight to the (coalescing) socket; QoS 1/2
    // acknowledgements matched by packet id (direct-acks.ts). --debug and topic aliases keep
    // MQTT.js's publish(), which logs each packet and manages the alias.
    const frame: FrameEncoder | undefined =
      coalescer !== undefined && socket !== undefined && !isDebug() && options.properties?.topicAlias === undefined
        ? publishFrameEncoder(plan.topic, plan.qos, plan.retain, options.properties as Record<string, unknown> | undefined, conn.protocolVersion)
        : undefined
    const acks = frame !== undefined && plan.qos > 0 && socket !== undefined ? directAcks(conn, socket, plan.qos as 1 | 2, (err) => onAck(err)) : undefined
    // Frames go into `batch` back to back; [flushed, at) is not yet handed to the socket.
    let batch = Buffer.allocUnsafe(0)
    let flushed = 0
    let at = 0
    const flushBatch = () => {
      if (at > flushed && socket !== undefined) socket.write(batch.subarray(flushed, at))
      flushed = at
    }
    const writeFrame = (encoder: FrameEncoder, input: Buffer, start: number, end: number, messageId: number) => {
      const size = encoder.size(end - start)
      if (size > batch.length - at) {
        flushBatch()
        batch = Buffer.allocUnsafe(Math.max(BATCH_BYTES, size))
        flushed = 0
        at = 0
      }
      at = encoder.writeInto(batch, at, input, start, end, messageId)
      if (at - flushed >= BATCH_BYTES / 2) flushBatch()
    }
    const roomForMore = () => coalescer === undefined || coalescer.buffered() + at - flushed < QOS0_BUFFER_BYTES
    let waitingForRoom = false
    const afterRoom = () => {
      waitingForRoom = false
      pump()
    }

    const cleanup = () => {
      acks?.stop()
      process.removeListener('SIGINT', onSigint)
      conn.client.removeListener('close', onClose)
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
      if (err !== undefined) reject(err)
      else if (stats.rejected > 0) {
        reject(new MqtxError(`${stats.rejected} of ${stats.published} messages were rejected by the broker; the first: ${firstRejection?.message ?? ''}`, { hint: firstRejection?.hint }))
      } else resolve(stats)
    }

    const onAck = (err: Error | undefined) => {
      inflight--
      const failure = publishOutcome(err)
      if (failure === undefined) stats.confirmed++
      else {
        stats.rejected++
        firstRejection ??= failure
      }
      // Refill at once: the coalescing writer gathers every refill of this event-loop turn into
      // one socket write. (Waiting for a half-empty window instead stalls on brokers that leave
      // Nagle on, as mosquitto does: its PUBACKs then wait for our delayed ACKs, ~40 ms each.)
      pump()
    }

    let pumping = false
    const pump = () => {
      // QoS 0 callbacks fire synchronously inside publish(): the running loop picks their room up.
      if (done || pumping) return
      pumping = true
      if (!interrupted && stopped === undefined) {
        while (head < pending.length && inflight < window) {
          if (plan.qos === 0 && !roomForMore()) {
            if (!waitingForRoom && coalescer !== undefined) {
              waitingForRoom = true
              coalescer.whenWritable(afterRoom)
            }
            break
          }
          const chunk = pending[head] as Buffer
          const start = offset
          const end = chunk.indexOf(10, start) // every pending chunk ends with '\n'
          offset = end + 1
          if (offset >= chunk.length) {
            head++
            offset = 0
          }
          let payload = chunk
          let from = start
          let to = end
          if (encoding !== 'utf8') {
            try {
              payload = decodeText(chunk.toString('utf8', start, end), encoding, `line ${stats.published + 1}`)
            } catch (err) {
              stopped = err as UsageError
              break
            }
            from = 0
            to = payload.length
          }
          stats.published++
          if (frame !== undefined) {
            if (acks === undefined) {
              writeFrame(frame, payload, from, to, 0)
              stats.confirmed++
            } else {
              inflight++
              writeFrame(frame, payload, from, to, acks.allocate())
            }
            continue
          }
          inflight++
          conn.client.publish(plan.topic, payload.subarray(from, to), options, onAck)
        }
        flushBatch()
        if (head >= pending.length) {
          pending = []
          head = 0
          offset = 0
          if (!ended) input.resume()
        }
      }
      pumping = false
      if (inflight > 0) return
      if (interrupted) {
        finish(interruptError())
      } else if (stopped !== undefined) {
        finish(stopped)
      } else if (ended && head >= pending.length) {
        finish()
      }
    }

    const onData = (chunk: Buffer | string) => {
      let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      if (carry !== undefined) {
        buf = Buffer.concat([carry, buf])
        carry = undefined
      }
      const last = buf.lastIndexOf(10)
      if (last === -1) {
        carry = buf
        return
      }
      // keep the unfinished line (a copy, so that the chunk itself can go once its lines are sent)
      if (last < buf.length - 1) carry = Buffer.from(buf.subarray(last + 1))
      pending.push(buf.subarray(0, last + 1))
      input.pause()
      pump()
    }
    const onEnd = () => {
      if (carry !== undefined) {
        pending.push(Buffer.concat([carry, NEWLINE]))
        carry = undefined
      }
      ended = true
      pump()
    }
    const onInputError = (err: Error) => finish(new MqtxError(`cannot read standard input: ${err.message}`, { cause: err }))
    const onClose = () => {
      finish(
        new ConnectionError(
          `connection lost after ${stats.confirmed} of ${stats.published} messages were confirmed${plan.qos === 0 ? ' (QoS 0: written, not confirmed)' : ''}; ${stats.published - stats.confirmed - stats.rejected} unconfirmed.`,
          { hint: 'check the broker log; use -q 1 so that every line is confirmed' },
        ),
      )
    }
    const interruptError = () => {
      let unsent = carry === undefined ? 0 : 1
      for (let i = head; i < pending.length; i++) {
        const chunk = pending[i] as Buffer
        for (let nl = chunk.indexOf(10, i === head ? offset : 0); nl !== -1; nl = chunk.indexOf(10, nl + 1)) unsent++
      }
      return new InterruptedError(
        `interrupted: ${stats.confirmed} messages sent${plan.qos > 0 ? ' and acknowledged' : ''}, ${inflight} unacknowledged, ${unsent} read but not sent (input not read further).`,
      )
    }
    const onSigint = () => {
      if (interrupted) {
        finish(interruptError())
        return
      }
      interrupted = true
      input.pause()
      graceTimer = setTimeout(() => finish(interruptError()), INTERRUPT_GRACE_MS)
      pump()
    }

    process.on('SIGINT', onSigint)
    conn.client.once('close', onClose)
    input.on('data', onData)
    input.once('end', onEnd)
    input.once('error', onInputError)
    input.resume()
  })
}
