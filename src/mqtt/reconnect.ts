/**
 * Reconnecting after a lost connection, shared by sub, rr and pub: MQTT.js reconnects on its own
 * (reconnectPeriod), this backs the period off (0.5 s doubling to 30 s; MQTT.js's own 'close'
 * listener runs first, so a period set on 'reconnect' applies to the next retry), says so on
 * stderr, and turns a refused reconnect (CONNACK code) into an error for the caller.
 */
import { ConnackError } from '../errors.js'
import { logDebug, logInfo } from '../output/log.js'
import { connackHint, connackMessage } from './connack.js'
import type { Connection } from './connect.js'
import { reconnectPeriod, setReconnectPeriod } from './internals.js'

export const RECONNECT_FIRST_MS = 500
export const RECONNECT_MAX_MS = 30_000
/** How long a connection must last before a loss starts the back-off from the beginning again. */
const STABLE_MS = 10_000

export function nextBackoff(ms: number): number {
  return Math.min(ms * 2, RECONNECT_MAX_MS)
}

export interface ReconnectEvents {
  /** The connection was lost (once per loss); return a message to say instead of the default one. */
  onLost?: () => string | undefined
  /** Connected again; `sessionPresent` from the CONNACK. */
  onBack?: (sessionPresent: boolean) => void
  /** The broker refused the reconnect (CONNACK code). */
  onRefused: (err: ConnackError) => void
}

/** Follow MQTT.js's reconnects on `conn` until stop() is called. */
export function followReconnects(conn: Connection, events: ReconnectEvents): { stop: () => void; lost: () => boolean } {
  const client = conn.client
  let period = RECONNECT_FIRST_MS
  let lost = false
  let stopped = false
  // the back-off starts again from RECONNECT_FIRST_MS only once a connection has lasted: a broker
  // that accepts and drops at once (another client with the same id, a refused subscription…) was
  // otherwise reconnected to every 0.5 s for ever, two lines on stderr each time
  let stable: NodeJS.Timeout | undefined
  const onClose = () => {
    clearTimeout(stable)
    if (stopped || lost || !(reconnectPeriod(client) > 0)) return
    lost = true
    const said = events.onLost?.() ?? 'connection to the broker lost'
    const reason = conn.lossReason()
    const why = reason === undefined ? '' : `: ${reason}`
    logInfo(`${said}${why}; reconnecting (every ${period / 1000} s, backing off to ${RECONNECT_MAX_MS / 1000} s)`)
  }
  const onReconnect = () => {
    logDebug(`reconnecting (next retry in ${period / 1000} s)`)
    period = nextBackoff(period)
    setReconnectPeriod(client, period)
  }
  const onConnect = (connack: { sessionPresent?: boolean }) => {
    if (!lost || stopped) return
    lost = false
    clearTimeout(stable)
    stable = setTimeout(() => {
      period = RECONNECT_FIRST_MS
      setReconnectPeriod(client, period)
    }, STABLE_MS)
    stable.unref()
    events.onBack?.(connack.sessionPresent === true)
  }
  const onError = (err: Error & { code?: unknown }) => {
    if (typeof err.code === 'number' && lost && !stopped) {
      events.onRefused(new ConnackError(connackMessage(err.code, conn.protocolVersion), err.code, { cause: err, hint: connackHint(err.code) }))
    }
  }
  client.on('close', onClose)
  client.on('reconnect', onReconnect)
  client.on('connect', onConnect)
  client.on('error', onError)
  return {
    stop: () => {
      stopped = true
      clearTimeout(stable)
      client.removeListener('close', onClose)
      client.removeListener('reconnect', onReconnect)
      client.removeListener('connect', onConnect)
      client.removeListener('error', onError)
    },
    lost: () => lost,
  }
}
