/**
 * `mqtx watch` action: check the terminal, connect (reconnecting like sub), subscribe, feed the
 * topic tree, and draw it with Ink at most ~10 times a second plus once per key press: the cost of
 * drawing does not grow with the message rate. While the screen is up, mqtx's stderr lines
 * (reconnects, codec warnings, action results) go to the bottom line and are printed again after
 * the terminal is restored.
 */
import type { IPublishPacket } from 'mqtt'
import { MqtxError, UsageError } from '../errors.js'
import { closeConnection, openConnection } from '../mqtt/connect.js'
import { describeEndpoint, resolveConnection } from '../mqtt/resolve.js'
import { versionName } from '../mqtt/connect.js'
import { RECONNECT_FIRST_MS } from '../mqtt/reconnect.js'
import { validateFilter } from '../mqtt/topic.js'
import { decodingFor } from '../session/decoding.js'
import { startLifecycle } from '../session/lifecycle.js'
import { subscribeAll } from '../session/subscribe.js'
import { logInfo } from '../output/log.js'
import type { MessageProperties } from '../output/message.js'
import { clearScreen, enterScreen, restoreScreen } from '../output/screen.js'
import { stderrWriter, stdoutWriter, useStreams } from '../output/streams.js'
import { decideDefaultChalk, streamWantsColor } from '../output/terminal.js'
import { stoppedBy } from '../signals.js'
import { createActions } from './actions.js'
import { DecodedCache } from './decoded.js'
import type { RawWatchOptions } from './flags.js'
import { handleKey } from './keys.js'
import { layout } from './format.js'
import { newState } from './state.js'
import { StoredMessage, TopicTree } from './tree.js'
import type { StatusInfo } from './view.js'

/** Data redraws at most this often (key presses redraw at once). */
export const REDRAW_MS = 100

export interface WatchPlan {
  filters: string[]
  qos: 0 | 1 | 2
  history: number
}

export function planWatch(o: RawWatchOptions): WatchPlan {
  // the tree counts every message (decoding only what is on screen): --where would be silently ignored
  if (o.where !== undefined) {
    throw new UsageError('watch shows every message: --where does not apply to it.', {
      hint: "press f to show only topics containing a text; 'mqtx sub -t FILTER --where EXPR' prints only the messages where EXPR is true",
    })
  }
  const filters = [...(o.topic ?? [])]
  if (filters.length === 0) filters.push('#')
  if (o.sys === true && !filters.includes('$SYS/#')) filters.push('$SYS/#')
  filters.forEach(validateFilter)
  return { filters, qos: o.qos ?? 0, history: o.history }
}

/** After every other usage check: the screen needs a terminal on both sides. */
export function requireTerminal(isTTY = { stdout: process.stdout.isTTY === true, stdin: process.stdin.isTTY === true }): void {
  if (isTTY.stdout && isTTY.stdin) return
  const which = !isTTY.stdout ? 'standard output is' : 'standard input is'
  throw new UsageError(`watch is a full-screen view and needs a terminal, but ${which} not one.`, {
    hint: "to print or save messages use 'mqtx sub -t FILTER' (--json for scripts)",
  })
}

export async function runWatch(o: RawWatchOptions): Promise<void> {
  const plan = planWatch(o)
  const connection = resolveConnection(o, { command: 'watch' })
  const color = streamWantsColor(process.stdout)
  // Ink paints with chalk's default instance: the same decision
  await decideDefaultChalk(color)
  const decoding = await decodingFor(o, { mode: 'human', verbose: false, eol: true, pretty: false, color, full: false, escape: true })
  await decoding?.preload()
  requireTerminal()
  const conn = await openConnection(connection, { reconnectPeriodMs: RECONNECT_FIRST_MS })
  const life = startLifecycle(conn, {})
  const tree = new TopicTree(plan.history)
  const state = newState(tree)
  const status: StatusInfo = { broker: describeEndpoint(connection), protocol: versionName(conn.protocolVersion), connection: 'connected', rate: 0, rss: process.memoryUsage.rss() }

  // stderr lines while the screen is up: shown at the bottom, printed again once it is gone
  const said: string[] = []
  const streams = { stdout: stdoutWriter(), stderr: stderrWriter() }
  let dirty = true
  useStreams({
    stdout: streams.stdout,
    stderr: {
      write: (chunk: string | Uint8Array) => {
        const text = (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')).replace(/\n$/, '')
        said.push(text)
        state.message = text.replace(/^mqtx: /, '')
        dirty = true
        return true
      },
    },
  })

  let received = 0
  const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    received++
    const props = packet.properties as MessageProperties | undefined
    // (StoredMessage copies the bytes: MQTT.js's payload may be a view of a larger socket buffer)
    tree.add(topic, new StoredMessage(Date.now(), payload, packet.qos, packet.retain, props !== undefined && Object.keys(props).length > 0 ? props : undefined))
    // paused: the tree keeps up (counts, retained messages: a clear's backup must hold what the broker
    // has), only the view stops redrawing for new messages; a key still redraws
    if (state.paused) state.missed++
    else dirty = true
  }
  const onClose = () => {
    status.connection = 'reconnecting'
    dirty = true
  }
  const onConnect = () => {
    status.connection = 'connected'
    dirty = true
  }
  conn.client.on('message', onMessage)
  conn.client.on('close', onClose)
  conn.client.on('connect', onConnect)

  const decoded = new DecodedCache(decoding, () => (dirty = true))
  const now = () => Date.now()
  const size = () => ({ columns: Math.max(20, process.stdout.columns ?? 80), rows: Math.max(8, process.stdout.rows ?? 24) })
  const actions = createActions({
    conn,
    tree,
    state,
    stop: () => life.finish(),
    interrupt: () => life.fail(stoppedBy('SIGINT')),
    say: (text) => logInfo(text),
    treeRows: () => layout(size().columns, size().rows).treeRows,
    detailRows: () => layout(size().columns, size().rows).body - 2,
    now,
  })

  enterScreen()
  let ui: Awaited<ReturnType<typeof import('./app.js')['mount']>> | undefined
  let ticker: NodeJS.Timeout | undefined
  let second: NodeJS.Timeout | undefined
  const onResize = () => {
    clearScreen()
    ui?.redraw()
  }
  try {
    const [{ mount }, { screen }] = await Promise.all([import('./app.js'), import('./view.js')])
    const frame = () => screen({ state, status, ...size(), color, now: now(), decodedOf: (node) => decoded.of(node) })
    ui = await mount(frame, (input, key) => {
      handleKey(state, input, key, actions)
      dirty = false
      ui?.redraw()
    }, (err) => life.fail(new MqtxError(`the screen failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err })))
    const mounted = ui
    // coalesced: whatever arrived in the last 100 ms is drawn once; ages and rates move every second
    let sinceDraw = 0
    ticker = setInterval(() => {
      sinceDraw += REDRAW_MS
      if (!dirty && sinceDraw < 1000) return
      dirty = false
      sinceDraw = 0
      mounted.redraw()
    }, REDRAW_MS)
    second = setInterval(() => {
      status.rate = received
      received = 0
      status.rss = process.memoryUsage.rss()
      dirty = true
    }, 1000)
    // before Ink's own listener, which would draw the frame laid out for the old size once more
    process.stdout.prependListener('resize', onResize)
    await Promise.race([subscribeAll(conn, plan.filters, { qos: plan.qos, ...(conn.protocolVersion === 5 ? { rap: true } : {}) }), life.done])
    await life.done
  } catch (err) {
    life.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err }))
    throw err
  } finally {
    clearInterval(ticker)
    clearInterval(second)
    process.stdout.removeListener('resize', onResize)
    conn.client.removeListener('message', onMessage)
    conn.client.removeListener('close', onClose)
    conn.client.removeListener('connect', onConnect)
    try {
      ui?.unmount()
    } finally {
      restoreScreen()
      useStreams(streams)
      for (const line of said) streams.stderr.write(`${line}\n`)
    }
    await Promise.race([closeConnection(conn, { force: !conn.client.connected }), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
  }
}
