/**
 * pub and replay after a lost connection: reconnect with back-off (src/mqtt/reconnect.ts says so on
 * stderr) for up to --reconnect-timeout, then give up with what was confirmed. The callers pause
 * while offline and resend what was not acknowledged when the connection is back.
 */
import { ConnectionError, type MqtxError } from '../errors.js'
import { defineFlags } from '../flags/define.js'
import { logInfo } from '../output/log.js'
import type { Connection } from '../mqtt/connect.js'
import { isKeepaliveTimeout, isMalformedPacket } from '../mqtt/malformed.js'
import { parseSeconds } from '../mqtt/parsers.js'
import { followReconnects, RECONNECT_FIRST_MS } from '../mqtt/reconnect.js'

/** --reconnect-timeout's default, in seconds. */
export const DEFAULT_RECONNECT_TIMEOUT_S = 30

/** --reconnect-timeout, declared once for pub and replay (each lists it under its own heading). */
export const reconnectFlags = (group: string) =>
  defineFlags({
    reconnectTimeout: {
      flags: '--reconnect-timeout <seconds>',
      help: `after a lost connection, reconnect and resend what was not confirmed for up to this long, then give up with exit 1 (default: ${DEFAULT_RECONNECT_TIMEOUT_S}; 0: give up at once)`,
      group,
      parse: parseSeconds('--reconnect-timeout', { allowZero: true }),
    },
  })

/** --reconnect-timeout in ms (a Node timer fires at once beyond 2^31-1 ms: ~24.8 days is "for ever" here). */
export function reconnectTimeoutMs(seconds: number | undefined): number {
  return Math.min(Math.round((seconds ?? DEFAULT_RECONNECT_TIMEOUT_S) * 1000), 2 ** 31 - 1)
}

export interface LinkEvents {
  /** "connection lost after N of M lines confirmed": the counts at the time of the loss. */
  describeLoss(): string
  /** How many messages have been confirmed (or written, QoS 0) so far. */
  progress(): number
  /** How many sent messages wait for their confirmation. */
  unconfirmed(): number
  onLost(): void
  /** Connected again: resend; returns what to add to "reconnected" on stderr. */
  onBack(sessionPresent: boolean): string
  onFail(err: MqtxError): void
}

/** ws's error for a frame written while the WebSocket closes (node_modules/ws/lib/websocket.js sendAfterClose). */
const WS_WRITE_AFTER_CLOSE = /^WebSocket is not open: readyState /

/** How often, after a reconnect, whether the connection is steady again is checked. */
const STEADY_CHECK_MS = 250

export interface Link {
  stop(): void
}

/** MQTT.js's reconnect period for the connection: 0 (never) when --reconnect-timeout is 0. */
export function reconnectPeriodFor(timeoutMs: number): number {
  return timeoutMs > 0 ? RECONNECT_FIRST_MS : 0
}

/** `command`: who reconnects, for the hint when --reconnect-timeout is 0. */
export function keepConnected(conn: Connection, reconnectTimeoutMs: number, events: LinkEvents, command: 'pub' | 'replay' = 'pub'): Link {
  let stopped = false
  let offline = false
  // the give-up clock runs from a loss until the connection is steady again: it has confirmed more
  // than was unconfirmed at the loss (a broker that drops every new connection soon after would
  // otherwise keep pub busy for ever)
  let giveUp: NodeJS.Timeout | undefined
  let steadyWatch: NodeJS.Timeout | undefined
  let losses = 0
  let unconfirmedAtLoss = 0
  // a broker that closes the connection again before anything more is confirmed refuses what we resent:
  // the progress at the reconnect, only while something was resent and nothing confirmed since
  let progressAtBack: number | undefined
  const fail = (err: MqtxError) => {
    if (stopped) return
    stop()
    events.onFail(err)
  }
  const giveUpNow = () => {
    if (!offline && events.unconfirmed() === 0) {
      // connected again with nothing waiting for its confirmation (idle input): steady enough
      giveUp = undefined
      losses = 0
      return
    }
    const s = reconnectTimeoutMs / 1000
    fail(
      new ConnectionError(`${events.describeLoss()}.`, {
        hint:
          losses > 1
            ? `the connection was lost ${losses} times within --reconnect-timeout ${s} s without becoming steady; check the broker log`
            : `the broker did not take a new connection within --reconnect-timeout ${s} s`,
      }),
    )
  }
  // while offline: did a reconnect get as far as an accepted CONNACK? (MQTT.js resends its stored
  // messages before it emits 'connect': a broker that drops the connection at that resend never lets
  // 'connect' through)
  let acceptedWhileOffline = false
  let progressAtLoss = 0
  const onPacket = (packet: { cmd: string; returnCode?: number; reasonCode?: number }) => {
    if (packet.cmd === 'connack' && (packet.returnCode ?? packet.reasonCode ?? 0) === 0) acceptedWhileOffline = true
  }
  const refused = () =>
    fail(
      new ConnectionError(`${events.describeLoss()}: the broker closed the connection again right after the unconfirmed messages were resent.`, {
        hint: 'the broker probably refuses the message (maximum packet size, ACL, QoS, retain); check its log',
      }),
    )
  const onClose = () => {
    if (stopped) return
    if (offline) {
      if (acceptedWhileOffline && unconfirmedAtLoss > 0 && events.progress() === progressAtLoss) refused()
      acceptedWhileOffline = false
      return
    }
    // an error without an errno code is ours (e.g. a packet the encoder refused): sending again cannot
    // help; but not ws's "WebSocket is not open", a write that raced the close of the WebSocket
    const cause = conn.streamError()
    // nor a packet the broker sent that we could not parse, nor MQTT.js's keep-alive timeout (a dead
    // link: it was taken for a refused message, exit 1 instead of reconnecting)
    const lossOnly = isMalformedPacket(cause) || isKeepaliveTimeout(cause)
    if (cause !== undefined && (cause as { code?: unknown }).code === undefined && !WS_WRITE_AFTER_CLOSE.test(cause.message) && !lossOnly) {
      fail(new ConnectionError(`${events.describeLoss()}: the message could not be sent: ${cause.message}`, { cause }))
      return
    }
    if (reconnectTimeoutMs === 0) {
      const reason = conn.lossReason()
      fail(new ConnectionError(`${events.describeLoss()}${reason === undefined ? '' : `: ${reason}`}.`, { hint: `check the broker log; --reconnect-timeout makes ${command} reconnect and resend` }))
      return
    }
    if (progressAtBack !== undefined && progressAtBack === events.progress()) {
      refused()
      return
    }
    progressAtBack = undefined
    offline = true
    acceptedWhileOffline = false
    progressAtLoss = events.progress()
    conn.client.on('packetreceive', onPacket)
    losses++
    unconfirmedAtLoss = events.unconfirmed()
    clearInterval(steadyWatch)
    events.onLost()
    giveUp ??= setTimeout(giveUpNow, reconnectTimeoutMs)
  }
  const reconnects = followReconnects(conn, {
    onLost: () => events.describeLoss(),
    onBack: (sessionPresent) => {
      offline = false
      conn.client.removeListener('packetreceive', onPacket)
      const back = events.progress()
      // what waits for its confirmation now is what is being resent (nothing new is sent while offline)
      progressAtBack = events.unconfirmed() > 0 ? back : undefined
      const said = events.onBack(sessionPresent)
      logInfo(`reconnected${sessionPresent ? ' (session kept)' : ' (new session)'}${said}`)
      steadyWatch = setInterval(() => {
        if (events.progress() - back <= unconfirmedAtLoss) return
        clearInterval(steadyWatch)
        clearTimeout(giveUp)
        giveUp = undefined
        losses = 0
      }, STEADY_CHECK_MS)
      steadyWatch.unref()
    },
    onRefused: (err) => fail(err),
  })
  // before followReconnects' listener, so that the first loss is counted before it is said
  conn.client.prependListener('close', onClose)
  function stop(): void {
    stopped = true
    clearTimeout(giveUp)
    clearInterval(steadyWatch)
    reconnects.stop()
    conn.client.removeListener('close', onClose)
    conn.client.removeListener('packetreceive', onPacket)
  }
  return { stop }
}

/** The end of a "the connection was lost" summary (QoS 1/2): how many messages were sent again. */
export function resentSummary(resent: number, qos: 0 | 1 | 2): string {
  if (resent === 0) return 'nothing was resent'
  return `${resent} ${resent === 1 ? 'message was' : 'messages were'} resent${qos === 1 ? ` (${resent === 1 ? 'it' : 'each'} may have arrived twice)` : ''}`
}

/** What "reconnected" adds on stderr for `again` messages sent again. */
export function resendNote(again: number): string {
  return again === 0 ? '; nothing to resend' : `; resending ${again} unconfirmed ${again === 1 ? 'message' : 'messages'}`
}

export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`
}
