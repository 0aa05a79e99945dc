/**
 * `mqtx record` action: open the file, connect (reconnecting after a loss, as sub), subscribe, and
 * write every message as one `sub --json` line until -C, --duration, -W, Ctrl-C or a write error.
 *
 * A QoS 1/2 message is acknowledged only once its line is written (MQTT.js sends the PUBACK when
 * handleMessage calls back: session/receive.ts), so with a persistent session (-c -i ID) a broker
 * restart or a network cut loses nothing: what was not acknowledged comes again (counted as
 * redelivered when it carries the DUP flag).
 */
import type { IPublishPacket } from 'mqtt'
import type { RawRecordOptions } from './flags.js'
import { MqtxError } from '../errors.js'
import { openConnection } from '../mqtt/connect.js'
import { RECONNECT_FIRST_MS } from '../mqtt/reconnect.js'
import { jsonLine } from '../output/json.js'
import { isDebug, logInfo } from '../output/log.js'
import { escapeForTerminal } from '../output/escape.js'
import { shutdown, startLifecycle, type Lifecycle } from '../session/lifecycle.js'
import { installBackpressure, toReceived } from '../session/receive.js'
import { subscribeAll } from '../session/subscribe.js'
import { RecordFile } from './file.js'
import { planRecord } from './plan.js'
import { grouped } from '../output/numbers.js'

/** Distinct topics are counted up to this many (memory stays bounded on a topic flood). */
const MAX_TOPICS_COUNTED = 1_000_000

export interface RecordStats {
  messages: number
  payloadBytes: number
  topics: Set<string>
  /** messages that arrived with the DUP flag (sent again by the broker after a reconnect) */
  redelivered: number
  startedMs: number
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`
}

export function recordSummary(s: RecordStats, files: string[]): string {
  const seconds = (Date.now() - s.startedMs) / 1000
  const topics = s.topics.size >= MAX_TOPICS_COUNTED ? `over ${grouped(MAX_TOPICS_COUNTED)}` : grouped(s.topics.size)
  const where = files.length <= 1 ? `'${escapeForTerminal(files[0] ?? '')}'` : `${files.length} files ('${escapeForTerminal(files[0] ?? '')}' to '${escapeForTerminal(files[files.length - 1] ?? '')}')`
  const dup = s.redelivered > 0 ? `; ${grouped(s.redelivered)} redelivered with the DUP flag (possible duplicates)` : ''
  return `recorded ${grouped(s.messages)} ${s.messages === 1 ? 'message' : 'messages'} (${size(s.payloadBytes)} of payload, ${topics} ${s.topics.size === 1 ? 'topic' : 'topics'}) in ${seconds.toFixed(1)} s to ${where}${dup}`
}

export async function runRecord(options: RawRecordOptions): Promise<void> {
  const plan = planRecord(options)
  let life: Lifecycle | undefined
  let failed = false
  const fail = (err: MqtxError) => {
    failed = true
    life?.fail(err)
  }
  const file = new RecordFile({
    path: plan.output,
    force: plan.force,
    filters: plan.filters,
    onError: fail,
    ...(plan.rotateBytes === undefined ? {} : { rotateBytes: plan.rotateBytes }),
    ...(plan.rotateMs === undefined ? {} : { rotateMs: plan.rotateMs }),
  })
  // before connecting: a file that exists (exit 2) or cannot be written (exit 1) is said at once
  try {
    file.open()
  } catch (err) {
    file.close()
    throw err
  }
  const stats: RecordStats = { messages: 0, payloadBytes: 0, topics: new Set(), redelivered: 0, startedMs: Date.now() }
  const conn = await openConnection(plan.connection, { reconnectPeriodMs: RECONNECT_FIRST_MS }).catch((err: unknown) => {
    // nothing was recorded: no header-only file is left to block the next try
    file.discard()
    throw err
  })
  life = startLifecycle(conn, plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs, timeoutHint: plan.count === undefined ? `-W ${plan.timeoutMs / 1000} s passed without -C (--duration stops with exit 0)` : `-C ${plan.count} was not reached within -W ${plan.timeoutMs / 1000} s` })
  const running = life
  const durationTimer = plan.durationMs === undefined ? undefined : setTimeout(() => running.finish(), plan.durationMs)
  let lastHandled: IPublishPacket | undefined
  // the PUBACK goes out when MQTT.js's handleMessage calls back: only after the line is written
  installBackpressure(conn.client, { whenReady: (cb) => (failed ? undefined : cb()) }, running.stopped, (packet) => packet === lastHandled)
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    if (running.stopped() || failed) return
    const msg = toReceived(topic, payload, packet)
    try {
      file.add(jsonLine(msg), packet.qos > 0, payload.length)
    } catch (err) {
      fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err }))
      return
    }
    lastHandled = packet
    stats.messages++
    stats.payloadBytes += payload.length
    if (packet.dup) stats.redelivered++
    if (stats.topics.size < MAX_TOPICS_COUNTED) stats.topics.add(topic)
    if (plan.count !== undefined && stats.messages >= plan.count) running.finish()
  }
  conn.client.on('message', onMessage)
  try {
    // v5: retain-as-published, so a retained message published while recording is recorded (and
    // replayed) retained, not with the flag the broker clears for live delivery
    subscribeAll(conn, plan.filters, conn.protocolVersion === 5 ? { qos: plan.qos, rap: true } : { qos: plan.qos }).then(
      () => {
        if (isDebug() || process.stderr.isTTY) logInfo(`recording ${plan.filters.map((f) => `'${f}'`).join(', ')} (QoS ${plan.qos}) to '${escapeForTerminal(file.files[0] ?? plan.output)}'`)
      },
      (err: unknown) => running.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })),
    )
    await running.done
  } finally {
    clearTimeout(durationTimer)
    conn.client.removeListener('message', onMessage)
    let closeError: unknown
    // after a write error MQTT.js still waits for the message it was given (never called back):
    // only a forced close ends that connection
    await shutdown(conn, {
      closed: failed,
      end: async () => {
        try {
          file.close()
        } catch (err) {
          closeError = err
        }
      },
    })
    // what is in the file: after a failed write, a QoS 0 batch received but not written is not counted
    logInfo(recordSummary({ ...stats, messages: file.written.messages, payloadBytes: file.written.payloadBytes }, file.files))
    if (closeError !== undefined && !failed) throw closeError
  }
}
