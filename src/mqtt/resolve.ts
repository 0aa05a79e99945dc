/**
 * Shared connection options (as commander parsed them) -> one typed, validated ConnectionConfig.
 * Precedence: defaults < environment (MQTX_PASSWORD) < flags.
 */
import { isMainThread } from 'node:worker_threads'
import { UsageError } from '../errors.js'
import { logWarn } from '../output/log.js'
import { escapeForTerminal } from '../output/escape.js'
import { readSmallFileOrUsage } from '../files.js'
import { PASSWORD_ENV, type RawConnectionOptions } from './options.js'
import type { ProtocolVersion } from './parsers.js'
import { parsePropertyArgs, type PropertySets } from './properties.js'
import { validatePublishTopic } from './topic.js'
import { resolveTls, type TlsConfig } from './tls-config.js'
import { checkProxyUrl, parseBrokerUrl, type Transport } from './url.js'
import { supportsTlsPsk } from '../runtime.js'

export interface WillConfig {
  topic: string
  payload: Buffer
  qos: 0 | 1 | 2
  retain: boolean
  properties?: Record<string, unknown>
}

export interface ConnectionConfig {
  transport: Transport
  host: string
  port: number
  /** unix socket path, or WebSocket path. */
  path?: string
  clientId: string
  username?: string
  password?: Buffer
  keepalive: number
  /** The version to try first. */
  protocolVersion: ProtocolVersion
  /** true when -V (or -D/-x) fixed the version: no fallback to 3.1.1. */
  versionPinned: boolean
  /** Options in use that need MQTT 5 (-D, -x, the command's own): a broker that refuses v5 gets an error naming them. */
  v5Only?: string[]
  clean: boolean
  properties: PropertySets
  will?: WillConfig
  tls?: TlsConfig
  localAddress?: string
  proxy?: string
  maxInflight?: number
  connectTimeoutMs: number
  /** Topic from -L, when given. */
  urlTopic?: string
}

export interface ResolveContext {
  env?: NodeJS.ProcessEnv
  pid?: number
  /** Default client id prefix when the protocol needs an id (3.1). */
  command: string
  /** The command's own options in use that need MQTT 5 (e.g. ['--no-local']), for the error when a broker refuses v5. */
  v5Only?: string[]
  /** A -L URL may name only the broker (bridge's --from/--to), no topic. */
  urlTopic?: 'optional'
}

function resolvePassword(raw: RawConnectionOptions, env: NodeJS.ProcessEnv): Buffer | undefined {
  const flag = raw.pw ?? raw.password
  if (flag !== undefined) return Buffer.from(flag, 'utf8')
  if (raw.passwordFile !== undefined) {
    const text = readSmallFileOrUsage(raw.passwordFile, '--password-file').toString('utf8')
    return Buffer.from(text.split(/\r?\n/)[0] ?? '', 'utf8')
  }
  const fromEnv = env[PASSWORD_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return Buffer.from(fromEnv, 'utf8')
  return undefined
}

function resolveWill(raw: RawConnectionOptions, properties: PropertySets): WillConfig | undefined {
  if (raw.willTopic === undefined) {
    if (raw.willPayload !== undefined || raw.willQos !== undefined || raw.willRetain) {
      throw new UsageError('--will-payload, --will-qos and --will-retain need --will-topic.')
    }
    if (properties.will !== undefined) throw new UsageError('-D will … needs --will-topic.')
    return undefined
  }
  const will: WillConfig = {
    topic: validatePublishTopic(raw.willTopic),
    payload: Buffer.from(raw.willPayload ?? '', 'utf8'),
    qos: raw.willQos ?? 0,
    retain: raw.willRetain === true,
  }
  if (properties.will !== undefined) will.properties = properties.will
  return will
}

let insecureWarned = false

/** --insecure: said on stderr on every run (not only at a terminal), once per process (bench threads: the main one). */
function warnInsecureOnce(): void {
  if (insecureWarned || !isMainThread) return
  insecureWarned = true
  logWarn("--insecure: the broker's certificate is not checked at all (neither its issuer nor its name); anyone on the path can impersonate the broker")
}

let keylogWarned = false

function warnKeylogOnce(file: string): void {
  if (keylogWarned || !isMainThread) return
  keylogWarned = true
  logWarn(`--tls-keylog: the TLS session keys are written to ${escapeForTerminal(file)}; whoever reads it can decrypt this connection's traffic`)
}

export function resolveConnection(raw: RawConnectionOptions, ctx: ResolveContext): ConnectionConfig {
  const env = ctx.env ?? process.env
  const url = raw.url === undefined ? undefined : parseBrokerUrl(raw.url, { topic: ctx.urlTopic ?? 'required' })
  const properties = parsePropertyArgs(raw.property)

  if (raw.unix !== undefined && (url !== undefined || raw.proxy !== undefined)) {
    throw new UsageError('--unix cannot be combined with -L or --proxy.')
  }
  if (raw.id !== undefined && raw.idPrefix !== undefined) throw new UsageError('-i and -I cannot be used together.')
  if (raw.id !== undefined && raw.id === '' && raw.disableCleanSession) {
    throw new UsageError('You must provide a client id if you are using the -c option.')
  }
  if (raw.disableCleanSession && raw.id === undefined) {
    throw new UsageError('You must provide a client id if you are using the -c option.', { hint: 'add -i <client-id>: a persistent session is found again by its client id' })
  }
  if (raw.id !== undefined && Buffer.byteLength(raw.id) > 65535) throw new UsageError('Client id is too long.')
  if (raw.sessionExpiry === 4294967295 && (raw.id === undefined || raw.id === '')) {
    // as mosquitto: a session that never expires under a random id could never be found again
    throw new UsageError('You must provide a client id if you are using an infinite session expiry interval.', { hint: 'add -i <client-id>, or give -x a number of seconds' })
  }

  const needsV5 = Object.keys(properties).length > 0 || raw.sessionExpiry !== undefined
  if (needsV5 && raw.protocolVersion !== undefined && raw.protocolVersion !== 5) {
    throw new UsageError(`${raw.sessionExpiry !== undefined ? '-x' : '-D'} needs MQTT 5, but -V asks for ${raw.protocolVersion === 4 ? '3.1.1' : '3.1'}.`)
  }
  const protocolVersion: ProtocolVersion = raw.protocolVersion ?? 5
  const versionPinned = raw.protocolVersion !== undefined || needsV5
  const v5Only = [...(ctx.v5Only ?? []), ...(Object.keys(properties).length > 0 ? ['-D'] : []), ...(raw.sessionExpiry !== undefined ? ['-x'] : [])]

  if (raw.tls === false && (url?.transport === 'tls' || url?.transport === 'wss')) throw new UsageError(`--no-tls cannot be used with a ${url.transport === 'tls' ? 'mqtts' : 'wss'}:// URL.`)
  if (raw.ws && url !== undefined) throw new UsageError('--ws cannot be used with -L (use a ws:// or wss:// URL).')
  if (raw.ws && raw.unix !== undefined) throw new UsageError('--ws cannot be used with --unix.')
  // mosquitto 2.1: port 8883 means TLS (with the default CAs unless others are given), unless --no-tls or an mqtt:// URL says otherwise
  const port8883 = url === undefined && raw.unix === undefined && raw.port === 8883
  const tls = resolveTls(raw, url?.transport === 'tls' || url?.transport === 'wss' || port8883)
  if (tls !== undefined && !tls.verify) warnInsecureOnce()
  if (tls?.keylog !== undefined) warnKeylogOnce(tls.keylog)
  let transport: Transport = raw.unix !== undefined ? 'unix' : (url?.transport ?? (raw.ws ? 'ws' : 'tcp'))
  if (tls !== undefined && transport === 'tcp') transport = 'tls'
  if (tls !== undefined && transport === 'ws') transport = 'wss'
  if (tls !== undefined && transport === 'unix') throw new UsageError('TLS options cannot be used with --unix.')

  const defaultPort = { tcp: 1883, tls: 8883, ws: 80, wss: 443, unix: 0 }[transport]
  const username = raw.username ?? url?.username
  let password = raw.pw === undefined && raw.password === undefined && url?.password !== undefined ? Buffer.from(url.password) : resolvePassword(raw, env)
  if (password !== undefined && username === undefined) {
    if (raw.pw !== undefined || raw.password !== undefined || raw.passwordFile !== undefined) {
      throw new UsageError('A password needs a username (-u).')
    }
    password = undefined // MQTX_PASSWORD alone applies only with a username
  }

  let clientId = raw.id ?? (raw.idPrefix !== undefined ? `${raw.idPrefix}${ctx.pid ?? process.pid}` : '')
  if (clientId === '' && protocolVersion === 3) clientId = `mqtx-${ctx.command}-${ctx.pid ?? process.pid}`

  const connect = properties.connect ?? {}
  if (raw.sessionExpiry !== undefined) connect.sessionExpiryInterval = raw.sessionExpiry
  else if (raw.disableCleanSession && connect.sessionExpiryInterval === undefined) connect.sessionExpiryInterval = 4294967295
  if (Object.keys(connect).length > 0) properties.connect = connect

  const config: ConnectionConfig = {
    transport,
    host: raw.host ?? url?.host ?? 'localhost',
    port: raw.port ?? url?.port ?? defaultPort,
    clientId,
    keepalive: raw.keepalive ?? 60,
    protocolVersion,
    versionPinned,
    clean: raw.disableCleanSession !== true,
    properties,
    connectTimeoutMs: Math.round((raw.connectTimeout ?? 10) * 1000),
  }
  if (transport === 'unix' && raw.unix !== undefined) config.path = raw.unix
  if ((transport === 'ws' || transport === 'wss') && raw.wsPath !== undefined && !raw.wsPath.startsWith('/')) {
    throw new UsageError(`--ws-path must start with '/' (e.g. /mqtt), not '${escapeForTerminal(raw.wsPath)}'.`)
  }
  if (transport === 'ws' || transport === 'wss') config.path = raw.wsPath ?? '/mqtt'
  else if (raw.wsPath !== undefined) throw new UsageError('--ws-path applies to WebSocket connections only (use -L ws://host:port/topic or wss://…).')
  if (username !== undefined) config.username = username
  if (password !== undefined) config.password = password
  const will = resolveWill(raw, properties)
  if (will !== undefined) config.will = will
  if (tls !== undefined) config.tls = tls
  if (raw.bindAddress !== undefined) config.localAddress = raw.bindAddress
  if (raw.proxy !== undefined) {
    if (transport === 'ws' || transport === 'wss') throw new UsageError('--proxy cannot be used with WebSocket (--ws, ws://, wss://).')
    config.proxy = checkProxyUrl(raw.proxy)
  }
  if (raw.maxInflight !== undefined) config.maxInflight = raw.maxInflight
  if (url !== undefined && url.topic !== '') config.urlTopic = url.topic
  if (v5Only.length > 0) config.v5Only = v5Only
  if (tls?.psk !== undefined && !supportsTlsPsk() && (transport === 'wss' || config.proxy !== undefined || config.localAddress !== undefined)) {
    throw new UsageError('--psk in the standalone binary works over plain TLS only, not with WebSocket, --proxy or -A.', { hint: 'its TLS-PSK runs the openssl command; the npm package (Node) has no such limit' })
  }
  return config
}

/** "host:port" (or the socket path) for messages. */
export function describeEndpoint(cfg: ConnectionConfig): string {
  if (cfg.transport === 'unix') return `unix socket ${cfg.path ?? ''}`
  const host = cfg.host.includes(':') ? `[${cfg.host}]` : cfg.host
  const scheme = { tcp: 'mqtt', tls: 'mqtts', ws: 'ws', wss: 'wss', unix: 'unix' }[cfg.transport]
  return `${scheme}://${host}:${cfg.port}${cfg.transport === 'ws' || cfg.transport === 'wss' ? (cfg.path ?? '') : ''}`
}
