/**
 * The long-run plumbing shared by sub and rr: -W, Ctrl-C, a closed stdout pipe, and reconnecting
 * with backoff after a lost connection (MQTT.js resubscribes; we say so on stderr).
 */
import { MqtxError, TimeoutError } from '../errors.js'
import { onStopSignal, stoppedBy, terminalGone } from '../signals.js'
import { logDebug, logInfo } from '../output/log.js'
import { closeConnection, connectionSocket, type Connection } from '../mqtt/connect.js'
import { followReconnects } from '../mqtt/reconnect.js'
import type { StdoutWriter } from '../output/writer.js'

export interface Lifecycle {
  /** Resolves when finish() is called, rejects with the error given to fail(). */
  done: Promise<void>
  finish(): void
  fail(err: MqtxError): void
  stopped(): boolean
}

export interface LifecycleOptions {
  timeoutMs?: number
  /** A function: made when -W fires (e.g. with a count of what was done by then). */
  timeoutHint?: string | (() => string)
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

  const reconnects = followReconnects(conn, {
    onBack: (sessionPresent) => logInfo(sessionPresent ? 'reconnected; the session was kept' : 'reconnected and resubscribed'),
    onRefused: (err) => fail(err),
  })
  const onError = (err: Error) => logDebug(`connection error: ${err.message}`)
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => fail(new TimeoutError('Timed out', { hint: typeof options.timeoutHint === 'function' ? options.timeoutHint() : options.timeoutHint })), options.timeoutMs)

  client.on('error', onError)
  const removeStop = onStopSignal((signal) => fail(stoppedBy(signal)))

  const cleanup = () => {
    settled = true
    reconnects.stop()
    if (timer !== undefined) clearTimeout(timer)
    removeStop()
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

/** Flush stdout (or record's file), then disconnect (gracefully when connected), whatever the outcome. */
export async function shutdown(conn: Connection, writer: Pick<StdoutWriter, 'end' | 'closed'>): Promise<void> {
  await writer.end()
  const connected = conn.client.connected
  const closed = await Promise.race([
    closeConnection(conn, { force: !connected || writer.closed }).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), 2000).unref()),
  ])
  // a graceful DISCONNECT waits for what is in flight: an UNSUBSCRIBE (-U) whose UNSUBACK sits behind
  // a QoS 1/2 message left unacknowledged once -C was reached never gets it. End the socket.
  if (!closed) connectionSocket(conn)?.destroy()
}

export function stdoutClosed(err: Error & { code?: unknown }, life: Lifecycle | undefined): void {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') life?.finish()
  // the terminal went away (ssh dropped, window closed) before its SIGHUP reached us: a hang-up
  else if (err.code === 'EIO' && process.stdout.isTTY === true) life?.fail(terminalGone())
  else life?.fail(new MqtxError(`cannot write to standard output: ${err.message}`, { cause: err }))
}
