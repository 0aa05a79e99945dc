/**
 * The long-run plumbing shared by sub and rr: -W, Ctrl-C, a closed stdout pipe, and reconnecting
 * with backoff after a lost connection (MQTT.js resubscribes; we say so on stderr).
 */
import { ConnackError, InterruptedError, MqtxError, TimeoutError } from '../errors.js'
import { logDebug, logInfo } from '../output/log.js'
import { connackHint, connackMessage } from '../mqtt/connack.js'
import { closeConnection, type Connection } from '../mqtt/connect.js'
import type { StdoutWriter } from '../output/writer.js'

export const RECONNECT_FIRST_MS = 500
export const RECONNECT_MAX_MS = 30_000

export function nextBackoff(ms: number): number {
  return Math.min(ms * 2, RECONNECT_MAX_MS)
}

export interface Lifecycle {
  /** Resolves when finish() is called, rejects with the error given to fail(). */
  done: Promise<void>
  finish(): void
  fail(err: MqtxError): void
  stopped(): boolean
}

export interface LifecycleOptions {
  timeoutMs?: number
  timeoutHint?: string
}

export function startLifecycle(conn: Connection, options: LifecycleOptions): Lifecycle {
  const client = conn.client
  let settled = false
  let resolveDone: () => void = () => {}
  let rejectDone: (err: MqtxError) => void = () => {}
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve
    rejectDone = reject
  })
  done.catch(() => {})

  let period = RECONNECT_FIRST_MS
  let lost = false
  const onClose = () => {
    if (settled) return
    if (!lost) {
      lost = true
      logInfo(`connection to the broker lost; reconnecting (every ${period / 1000} s, backing off to ${RECONNECT_MAX_MS / 1000} s)`)
    }
  }
  const onReconnect = () => {
    logDebug(`reconnecting (next retry in ${period / 1000} s)`)
    period = nextBackoff(period)
    client.options.reconnectPeriod = period
  }
  const onConnect = (connack: { sessionPresent?: boolean }) => {
    if (!lost) return
    lost = false
    period = RECONNECT_FIRST_MS
    client.options.reconnectPeriod = period
    logInfo(connack.sessionPresent === true ? 'reconnected; the session was kept' : 'reconnected and resubscribed')
  }
  const onError = (err: Error & { code?: unknown }) => {
    if (typeof err.code === 'number' && lost) {
      fail(new ConnackError(connackMessage(err.code, conn.protocolVersion), err.code, { cause: err, hint: connackHint(err.code) }))
    } else logDebug(`connection error: ${err.message}`)
  }
  const onSigint = () => fail(new InterruptedError('interrupted'))
  const onSigterm = () => fail(new MqtxError('terminated', { exitCode: 143 }))
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => fail(new TimeoutError('Timed out', { hint: options.timeoutHint })), options.timeoutMs)

  client.on('close', onClose)
  client.on('reconnect', onReconnect)
  client.on('connect', onConnect)
  client.on('error', onError)
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', onSigterm)

  const cleanup = () => {
    settled = true
    if (timer !== undefined) clearTimeout(timer)
    process.removeListener('SIGINT', onSigint)
    process.removeListener('SIGTERM', onSigterm)
  }
  function finish(): void {
    if (settled) return
    cleanup()
    resolveDone()
  }
  function fail(err: MqtxError): void {
    if (settled) return
    cleanup()
    rejectDone(err)
  }
  return { done, finish, fail, stopped: () => settled }
}

/** Flush stdout, then disconnect (gracefully when connected), whatever the outcome. */
export async function shutdown(conn: Connection, writer: StdoutWriter): Promise<void> {
  await writer.end()
  const connected = conn.client.connected
  await Promise.race([
    closeConnection(conn, { force: !connected || writer.closed }),
    new Promise((resolve) => setTimeout(resolve, 2000).unref()),
  ])
}
