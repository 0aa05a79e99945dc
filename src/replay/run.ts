/** `mqtx replay` action: read and check every file, then connect and send with the recorded timing. */
import type { RawReplayOptions } from './flags.js'
import { MqtxError } from '../errors.js'
import { closeConnection, openConnection } from '../mqtt/connect.js'
import { reconnectPeriodFor, resentSummary, times } from '../session/link.js'
import { logDebug, logInfo, logWarn } from '../output/log.js'
import { liveLine } from '../output/live-line.js'
import { loadRecordings } from './load.js'
import { planReplay } from './plan.js'
import { printDryRun } from './dry-run.js'
import { sendMessages, type SendStats } from './send.js'
import { grouped } from '../output/numbers.js'

function progressText(s: SendStats, total: number, loops: number, offline: boolean): string {
  const loop = loops === 1 ? '' : ` (loop ${grouped(s.loops + 1)}${loops === 0 ? '' : ` of ${grouped(loops)}`})`
  return `replaying: ${grouped(s.sent - s.loops * total)} of ${grouped(total)} sent${loop}, ${grouped(s.inflight)} waiting for the broker${offline ? '; connection lost, reconnecting' : ''}`
}

export async function runReplay(files: string[], options: RawReplayOptions): Promise<void> {
  const plan = planReplay(files, options)
  const readAt = performance.now()
  const loaded = await loadRecordings(plan)
  const messages = loaded.messages
  logDebug(() => `read ${grouped(loaded.read)} messages, ${grouped(messages.length)} selected, in ${(performance.now() - readAt).toFixed(0)} ms`)
  if (messages.length === 0) {
    logWarn(loaded.read === 0 ? 'the recording holds no messages: nothing to replay' : `none of the ${grouped(loaded.read)} recorded messages was selected (-t, --since, --until): nothing to replay`)
    return
  }
  if (plan.dryRun) {
    printDryRun(messages, plan.speed, plan.loops)
    return
  }
  const conn = await openConnection(plan.connection, { reconnectPeriodMs: reconnectPeriodFor(plan.reconnectTimeoutMs) })
  const line = liveLine(true)
  let lastDraw = 0
  let drawnOffline = false
  const startedMs = Date.now()
  let stats: SendStats
  try {
    stats = await sendMessages(conn, messages, {
      speed: plan.speed,
      loops: plan.loops,
      reconnectTimeoutMs: plan.reconnectTimeoutMs,
      ...(plan.connection.maxInflight === undefined ? {} : { maxInflight: plan.connection.maxInflight }),
      progress: (s, offline) => {
        const now = Date.now()
        // going offline or back is drawn at once: the line must not show counts from before a loss
        if (now - lastDraw < 250 && offline === drawnOffline) return
        lastDraw = now
        drawnOffline = offline
        line.update(progressText(s, messages.length, plan.loops, offline))
      },
    })
  } catch (err) {
    line.stop()
    await closeConnection(conn, { force: !(err instanceof MqtxError) || !conn.client.connected })
    throw err
  }
  line.stop()
  await closeConnection(conn)
  const seconds = (Date.now() - startedMs) / 1000
  const lost = stats.losses === 0 ? '' : `; the connection was lost ${times(stats.losses)}, ${resentSummary(stats.resent, plan.qos ?? (messages.some((m) => m.qos === 1) ? 1 : 2))}${messages.some((m) => m.qos === 0) && plan.qos !== 1 && plan.qos !== 2 ? ' (QoS 0: messages written just before a loss may not have arrived)' : ''}`
  logInfo(`replayed ${grouped(stats.sent)} ${stats.sent === 1 ? 'message' : 'messages'}${plan.loops === 1 ? '' : ` (${grouped(stats.loops)} loops)`} in ${seconds.toFixed(1)} s${seconds > 0 ? ` (${grouped(Math.round(stats.sent / seconds))} msg/s)` : ''}${lost}`)
}
