/**
 * `mqtx broker`: an in-memory aedes 2 broker (MQTT 3.1, 3.1.1 and 5) on TCP, TLS and WebSocket
 * listeners, a "ready" line a script can wait for, the -v log (log.ts), graceful stop on a signal.
 */
import { Aedes, type AuthenticateError } from 'aedes'
import type { RawBrokerOptions } from './flags.js'
import { ExitCode, errorMessage } from '../errors.js'
import { nextStopSignal } from '../signals.js'
import { escapeForTerminal } from '../output/escape.js'
import { logDebug, logInfo, logWarn } from '../output/log.js'
import { checkLogin } from './auth.js'
import { isLoopback, resolveBrokerConfig, type BrokerConfig } from './config.js'
import { guardConnect } from './connect-guard.js'
import { startListeners, type BoundListener } from './listeners.js'
import { brokerLog, remoteOfStream, type BrokerLog } from './log.js'
import { readWholeBuffer } from '../runtime.js'
import { writeOut } from '../output/stdout.js'

export const PROTOCOL_VERSIONS = ['3.1', '3.1.1', '5'] as const

/** Topic aliases a v5 client may use towards the broker (mosquitto's default max_topic_alias). */
export const TOPIC_ALIAS_MAXIMUM = 10

const SHARE_PREFIX = '$share/'

/** OpenSSL's reason ("wrong version number"), not its error-queue line with source paths. */
export function tlsFailure(err: Error): string {
  const e = err as Error & { reason?: unknown; code?: unknown }
  if (e.code === 'ERR_SSL_WRONG_VERSION_NUMBER') return 'wrong version number (a client speaking plain MQTT to the TLS port?)'
  if (typeof e.reason === 'string' && e.reason !== '') return e.reason
  return errorMessage(err).split('\n')[0] ?? ''
}

function createBroker(config: BrokerConfig, log: BrokerLog): Promise<Aedes> {
  return Aedes.createBroker({
    topicAliasMaximum: TOPIC_ALIAS_MAXIMUM,
    authenticate: (client, username, password, done) => {
      const result = checkLogin(config.users, username ?? undefined, password ?? undefined)
      if (result.ok) {
        log.login(client, username ?? undefined)
        return done(null, true)
      }
      log.refusedLogin(client, result.reason)
      const err = new Error(result.reason) as AuthenticateError
      err.returnCode = result.returnCode
      done(err, null)
    },
    // aedes refuses $share/… from v5 clients itself (SUBACK 0x9E); a 3.1.1 client would get a
    // subscription to the literal topic that never receives anything: refuse it too (SUBACK 0x80)
    authorizeSubscribe: (client, sub, done) => done(null, sub.topic.startsWith(SHARE_PREFIX) ? null : sub),
    authorizePublish: (client, packet, done) => {
      log.received(client, packet)
      done(null)
    },
    authorizeForward: (client, packet) => {
      log.sending(client, packet)
      return packet
    },
  })
}

function readyLine(bound: BoundListener[]): string {
  return `broker ready: ${bound.map((b) => b.url).join(' ')} (MQTT 3.1, 3.1.1 and 5; in memory, development only)`
}

export async function runBroker(raw: RawBrokerOptions): Promise<void> {
  const config = resolveBrokerConfig(raw)
  // SIGINT, SIGTERM or SIGHUP stops it with exit 0; a second one while closing exits at once, still 0
  const stop = nextStopSignal({ forcedExitCode: ExitCode.ok })
  const log = brokerLog(config.verbose)
  const broker = await createBroker(config, log)
  log.attach(broker)
  const closeBroker = () => new Promise<void>((resolve) => broker.close(() => resolve()))
  let listeners
  try {
    listeners = await startListeners(config, (raw, req) => {
      const stream = readWholeBuffer(raw)
      const remote = remoteOfStream(stream, req)
      guardConnect(stream, () => broker.handle(stream, req), (r) => log.refusedConnection(remote, r.reason))
    }, (err, remote) => {
      if (config.verbose) logInfo(`TLS handshake with ${remote} failed: ${escapeForTerminal(tlsFailure(err))}`)
    })
  } catch (err) {
    stop.remove()
    await closeBroker()
    throw err
  }
  if (!isLoopback(config.host)) {
    logWarn(`listening on ${config.host}, not loopback: other machines can connect${config.users === undefined ? ' without a password' : ''}. This is a development broker.`)
  }
  logInfo(readyLine(listeners.bound))
  if (config.json) {
    writeOut(`${JSON.stringify({ event: 'ready', pid: process.pid, protocolVersions: PROTOCOL_VERSIONS, listeners: listeners.bound })}\n`)
  }
  const got = await stop.signal
  logDebug(`${got}: closing the listeners and the broker`)
  await Promise.all([listeners.close(), closeBroker()])
  stop.remove()
  logInfo('broker stopped')
}
