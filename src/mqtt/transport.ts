/**
 * The byte stream under MQTT.js: our own socket so that mqtx controls TCP_NODELAY, the bind address
 * (-A), unix sockets, SOCKS5 and TLS (with mosquitto's --insecure meaning); MQTT.js's builders only
 * for WebSocket and SOCKS. ws, socks and node:tls are loaded only when used (start-up time).
 */
import { appendFileSync } from 'node:fs'
import net from 'node:net'
import type tls from 'node:tls'
import type { Duplex } from 'node:stream'
import type { IClientOptions, MqttClient } from 'mqtt'
import { coalesceWrites } from './coalesce.js'
import type { ConnectionConfig } from './resolve.js'
import { checkTlsFiles } from './tls-files.js'
import { pskOverOpenssl } from './psk-openssl.js'
import { supportsTlsPsk } from '../runtime.js'
import { UsageError, errorMessage } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

type WsBuilder = (client: MqttClient, opts: IClientOptions) => Duplex

export interface Transports {
  /** node:tls, loaded only when TLS is used (it costs ~10 ms of start-up). */
  tls?: typeof tls
  socks?: typeof import('./socks.js').openSocks
  ws?: WsBuilder
}

/** module.exports of a lazily imported CommonJS module (Node and esbuild both put it on `default`). */
async function requireLazy<T>(load: Promise<unknown>, pick: (exports: Record<string, unknown>) => unknown): Promise<T> {
  const mod = (await load) as { default?: Record<string, unknown> }
  return pick(mod.default ?? (mod as Record<string, unknown>)) as T
}

export async function loadTransports(cfg: ConnectionConfig): Promise<Transports> {
  const t: Transports = {}
  if (cfg.tls !== undefined) {
    await checkTlsFiles(cfg.tls)
    t.tls = (await import('node:tls')).default
  }
  if (cfg.proxy !== undefined) t.socks = (await import('./socks.js')).openSocks
  if (cfg.transport === 'ws' || cfg.transport === 'wss') t.ws = await requireLazy<WsBuilder>(import('mqtt/lib/connect/ws'), (e) => e.streamBuilder)
  return t
}

function tlsOptions(cfg: ConnectionConfig): tls.ConnectionOptions {
  const t = cfg.tls
  if (t === undefined) return {}
  const o: tls.ConnectionOptions = { rejectUnauthorized: t.verify }
  if (t.ca !== undefined) o.ca = t.ca
  if (t.cert !== undefined) o.cert = t.cert
  if (t.key !== undefined) o.key = t.key
  if (t.minVersion !== undefined) o.minVersion = t.minVersion
  if (t.alpn !== undefined) o.ALPNProtocols = t.alpn
  if (t.ciphers !== undefined) o.ciphers = t.ciphers
  const servername = t.servername ?? (net.isIP(cfg.host) === 0 ? cfg.host : undefined)
  if (servername !== undefined) o.servername = servername
  if (!t.verify) o.checkServerIdentity = () => undefined
  if (t.psk !== undefined) {
    const { key, identity } = t.psk
    o.pskCallback = () => ({ psk: key, identity })
    o.ciphers = t.ciphers ?? 'PSK'
    o.maxVersion = 'TLSv1.2'
    o.checkServerIdentity = () => undefined
  }
  return o
}

/** --tls-keylog: each 'keylog' line of the socket appended to the file (created 0600, as it holds secrets). */
function logKeys(socket: tls.TLSSocket, file: string): void {
  socket.on('keylog', (line: Buffer) => {
    try {
      appendFileSync(file, line, { mode: 0o600 })
    } catch (err) {
      socket.destroy(new UsageError(`cannot write --tls-keylog file ${escapeForTerminal(file)}: ${errorMessage(err)}`, { cause: err }))
    }
  })
}

/** wss:// with --tls-keylog: ws opens the TLS socket itself; give it one that logs its keys. */
function keylogConnection(cfg: ConnectionConfig, transports: Transports): { createConnection?: (options: tls.ConnectionOptions) => tls.TLSSocket } {
  const file = cfg.tls?.keylog
  const t = transports.tls
  if (file === undefined || t === undefined || cfg.transport !== 'wss') return {}
  return {
    createConnection: (options) => {
      const s = t.connect({ ...options, servername: options.servername ?? (net.isIP(cfg.host) === 0 ? cfg.host : undefined) })
      logKeys(s, file)
      return s
    },
  }
}

/** Build the byte stream MQTT.js talks over. Records the first socket error for the diagnosis. */
export function makeStreamBuilder(cfg: ConnectionConfig, transports: Transports, onSocketError: (err: Error) => void) {
  return (client: MqttClient): Duplex => {
    let stream: Duplex
    if (cfg.transport === 'ws' || cfg.transport === 'wss') {
      const ws = transports.ws
      if (ws === undefined) throw new Error('WebSocket transport not loaded')
      const opts = {
        protocol: cfg.transport,
        // MQTT.js builds the ws:// URL from this: an IPv6 literal needs its brackets
        hostname: net.isIPv6(cfg.host) ? `[${cfg.host}]` : cfg.host,
        host: cfg.host,
        port: cfg.port,
        path: cfg.path,
        protocolVersion: cfg.protocolVersion,
        wsOptions: { ...tlsOptions(cfg), ...(cfg.localAddress === undefined ? {} : { localAddress: cfg.localAddress }), ...keylogConnection(cfg, transports), handshakeTimeout: cfg.connectTimeoutMs },
        ...tlsOptions(cfg),
      } as unknown as IClientOptions
      stream = ws(client, opts)
    } else {
      let socket: Duplex | undefined
      if (cfg.proxy !== undefined && transports.socks !== undefined) {
        socket = transports.socks({ host: cfg.host, port: cfg.port, proxy: cfg.proxy, timeoutMs: cfg.connectTimeoutMs })
      }
      if (cfg.transport === 'tls' && cfg.tls?.psk !== undefined && !supportsTlsPsk()) {
        // the runtime's TLS has no PSK (the standalone binary): the openssl command does the TLS
        stream = pskOverOpenssl({ host: cfg.host, port: cfg.port, key: cfg.tls.psk.key, identity: cfg.tls.psk.identity, ...(cfg.tls.ciphers === undefined ? {} : { ciphers: cfg.tls.ciphers }) })
      } else if (cfg.transport === 'tls' && transports.tls !== undefined) {
        const base: tls.ConnectionOptions = socket !== undefined ? { socket } : { host: cfg.host, port: cfg.port }
        if (socket === undefined && cfg.localAddress !== undefined) (base as net.TcpNetConnectOpts).localAddress = cfg.localAddress
        const s = transports.tls.connect({ ...base, ...tlsOptions(cfg) })
        s.setNoDelay(true)
        if (cfg.tls?.keylog !== undefined) logKeys(s, cfg.tls.keylog)
        stream = s
      } else if (socket !== undefined) {
        stream = socket
      } else if (cfg.transport === 'unix') {
        stream = net.createConnection({ path: cfg.path ?? '' })
      } else {
        const opts: net.TcpNetConnectOpts = { host: cfg.host, port: cfg.port, noDelay: true }
        if (cfg.localAddress !== undefined) opts.localAddress = cfg.localAddress
        stream = net.createConnection(opts)
      }
    }
    if (cfg.transport !== 'ws' && cfg.transport !== 'wss') coalesceWrites(stream)
    stream.on('error', onSocketError)
    return stream
  }
}
