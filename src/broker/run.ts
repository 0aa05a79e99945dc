/**
 * `mqtx broker`: an in-memory aedes broker (MQTT 3.1/3.1.1) on TCP, TLS and WebSocket listeners,
 * a "ready" line a script can wait for, -v connection/subscription log, graceful stop on a signal.
 */
import type { Duplex } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import { Aedes, type AuthenticateError, type Client } from 'aedes'
import type { RawBrokerOptions } from '../commands/broker.js'
import { errorMessage } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { configureLog, logDebug, logInfo, logWarn } from '../output/log.js'
import { checkLogin } from './auth.js'
import { isLoopback, resolveBrokerConfig, type BrokerConfig } from './config.js'
import { startListeners, type BoundListener } from './listeners.js'

export const PROTOCOL_VERSIONS = ['3.1', '3.1.1'] as const

const VERSION_NAMES: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5' }

function clientName(client: Client | null | undefined): string {
  const id = client?.id
  return id === undefined || id === null ? '(no id yet)' : `'${escapeForTerminal(String(id))}'`
}

function remoteOf(client: Client): string {
  const conn = client.conn as Duplex & { remoteAddress?: string; remotePort?: number }
  const req = client.req as IncomingMessage | undefined
  const address = conn.remoteAddress ?? req?.socket.remoteAddress
  const port = conn.remotePort ?? req?.socket.remotePort
  if (address === undefined) return 'unknown address'
  return `${address.includes(':') ? `[${address}]` : address}:${port ?? '?'}`
}

function attachLogging(broker: Aedes, config: BrokerConfig): void {
  const verbose = (message: string) => {
    if (config.verbose) logInfo(message)
  }
  broker.on('clientReady', (client) => verbose(`client ${clientName(client)} connected from ${remoteOf(client)} (MQTT ${VERSION_NAMES[client.version] ?? String(client.version)})`))
  broker.on('clientDisconnect', (client) => verbose(`client ${clientName(client)} disconnected`))
  broker.on('subscribe', (subs, client) => {
    for (const s of subs) verbose(`client ${clientName(client)} subscribed to '${escapeForTerminal(s.topic)}' (QoS ${s.qos})`)
  })
  broker.on('unsubscribe', (topics, client) => {
    for (const t of topics) verbose(`client ${clientName(client)} unsubscribed from '${escapeForTerminal(t)}'`)
  })
  const onError = (client: Client | null, err: Error) => {
    const message = escapeForTerminal(errorMessage(err))
    if (/unacceptable protocol version/i.test(message)) verbose('refused a client: unacceptable protocol version (this broker serves MQTT 3.1 and 3.1.1; mqtx clients retry with 3.1.1)')
    else if (config.verbose) verbose(`client ${clientName(client)}: ${message}`)
    else logDebug(`client ${clientName(client)}: ${message}`)
  }
  broker.on('clientError', onError)
  broker.on('connectionError', onError)
}

function readyLine(bound: BoundListener[]): string {
  return `broker ready: ${bound.map((b) => b.url).join(' ')} (MQTT ${PROTOCOL_VERSIONS.join(' and ')}; in memory, development only)`
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', on)
      process.removeListener('SIGTERM', on)
      resolve(signal)
    }
    process.on('SIGINT', on)
    process.on('SIGTERM', on)
  })
}

export async function runBroker(raw: RawBrokerOptions): Promise<void> {
  configureLog({ debug: raw.debug === true })
  const config = resolveBrokerConfig(raw)
  const signal = waitForSignal()
  const broker = await Aedes.createBroker({
    authenticate: (client, username, password, done) => {
      const result = checkLogin(config.users, username ?? undefined, password ?? undefined)
      if (result.ok) return done(null, true)
      if (config.verbose) logInfo(`refused client ${clientName(client)} from ${remoteOf(client)}: ${result.reason}`)
      const err = new Error(result.reason) as AuthenticateError
      err.returnCode = result.returnCode
      done(err, null)
    },
  })
  attachLogging(broker, config)
  const closeBroker = () => new Promise<void>((resolve) => broker.close(() => resolve()))
  let listeners
  try {
    listeners = await startListeners(config, (stream, req) => broker.handle(stream, req), (err, remote) => {
      if (config.verbose) logInfo(`TLS handshake with ${remote} failed: ${escapeForTerminal(errorMessage(err))}`)
    })
  } catch (err) {
    await closeBroker()
    throw err
  }
  if (!isLoopback(config.host)) {
    logWarn(`listening on ${config.host}, not loopback: other machines can connect${config.users === undefined ? ' without a password' : ''}. This is a development broker.`)
  }
  logInfo(readyLine(listeners.bound))
  if (config.json) {
    process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid, protocolVersions: PROTOCOL_VERSIONS, listeners: listeners.bound })}\n`)
  }
  const got = await signal
  logDebug(`${got}: closing the listeners and the broker`)
  await Promise.all([listeners.close(), closeBroker()])
  logInfo('broker stopped')
}
