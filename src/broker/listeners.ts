/**
 * The broker's listeners: MQTT over TCP, TLS and WebSocket, each handing connections to aedes.
 * Tracks every socket so shutdown can close them; turns listen errors into one clear MqtxError.
 */
import http from 'node:http'
import net from 'node:net'
import type { Duplex } from 'node:stream'
import { ConnectionError, UsageError, errorMessage } from '../errors.js'
import type { BrokerConfig } from './config.js'

export type ListenerKind = 'mqtt' | 'mqtts' | 'ws'

export interface BoundListener {
  kind: ListenerKind
  host: string
  port: number
  url: string
}

export type Handler = (stream: Duplex, request?: http.IncomingMessage) => void

export interface Listeners {
  bound: BoundListener[]
  /** Stop accepting, destroy open connections, resolve when every server is closed. */
  close(): Promise<void>
}

function urlFor(kind: ListenerKind, host: string, port: number): string {
  return `${kind}://${host.includes(':') ? `[${host}]` : host}:${port}`
}

function listenError(err: NodeJS.ErrnoException, kind: ListenerKind, host: string, port: number): ConnectionError {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const flag = kind === 'mqtt' ? '-p' : kind === 'mqtts' ? '--tls-port' : '--ws-port'
  if (err.code === 'EADDRINUSE') {
    return new ConnectionError(`cannot listen on ${where} (${kind}): the port is already in use (another broker running?).`, { cause: err, hint: `stop the other program, or choose another port with ${flag} (0 picks a free one)` })
  }
  if (err.code === 'EACCES') {
    return new ConnectionError(`cannot listen on ${where} (${kind}): permission denied.`, { cause: err, hint: `ports below 1024 need privileges: choose another port with ${flag}` })
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new ConnectionError(`cannot listen on ${where}: this machine has no such address.`, { cause: err, hint: 'use -h 127.0.0.1 (this machine only) or -h 0.0.0.0 (every interface)' })
  }
  return new ConnectionError(`cannot listen on ${where} (${kind}): ${errorMessage(err)}`, { cause: err })
}

function listen(server: net.Server, kind: ListenerKind, host: string, port: number): Promise<BoundListener> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, kind, host, port))
    server.once('error', onError)
    server.listen({ host, port, exclusive: true }, () => {
      server.removeListener('error', onError)
      const addr = server.address()
      const bound = typeof addr === 'object' && addr !== null ? addr.port : port
      resolve({ kind, host, port: bound, url: urlFor(kind, host, bound) })
    })
  })
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}

export async function startListeners(config: BrokerConfig, handle: Handler, onTlsError: (err: Error, remote: string) => void): Promise<Listeners> {
  const servers: net.Server[] = []
  const sockets = new Set<net.Socket>()
  const track = (server: net.Server) => {
    servers.push(server)
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
    })
    return server
  }
  const close = async () => {
    const closing = servers.map(closeServer)
    for (const s of sockets) s.destroy()
    await Promise.all(closing)
  }
  const bound: BoundListener[] = []
  try {
    const tcp = track(net.createServer({ noDelay: true }, (socket) => handle(socket)))
    bound.push(await listen(tcp, 'mqtt', config.host, config.port))
    if (config.tls !== undefined) {
      const t = config.tls
      const tls = (await import('node:tls')).default
      const options: import('node:tls').TlsOptions = { cert: t.cert, key: t.key, requestCert: t.requireClientCert, rejectUnauthorized: t.requireClientCert }
      if (t.ca !== undefined) options.ca = t.ca
      let server: import('node:tls').Server
      try {
        server = tls.createServer(options, (socket) => {
          socket.setNoDelay(true)
          handle(socket)
        })
      } catch (err) {
        throw new UsageError(`cannot use --cert/--key${t.ca === undefined ? '' : '/--cafile'}: ${errorMessage(err)}`, { cause: err, hint: 'give a PEM certificate and the PEM private key that belongs to it' })
      }
      // the peer's address, taken when the TCP connection came: a TLSSocket that hung up has none left
      const peers = new WeakMap<net.Socket, string>()
      server.on('connection', (raw: net.Socket) => peers.set(raw, `${raw.remoteAddress ?? '?'}:${raw.remotePort ?? '?'}`))
      server.on('tlsClientError', (err, socket) => {
        const raw = (socket as net.Socket & { _parent?: net.Socket })._parent
        onTlsError(err, (raw === undefined ? undefined : peers.get(raw)) ?? `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`)
      })
      bound.push(await listen(track(server), 'mqtts', config.host, t.port))
    }
    if (config.wsPort !== undefined) {
      const { WebSocketServer, createWebSocketStream } = await import('ws')
      const httpServer = track(http.createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain' }).end('mqtx broker: MQTT over WebSocket only\n')
      }))
      const wss = new WebSocketServer({ server: httpServer as http.Server })
      wss.on('connection', (ws, req) => {
        const stream = createWebSocketStream(ws)
        stream.on('error', () => stream.destroy())
        handle(stream, req)
      })
      wss.on('error', () => {})
      bound.push(await listen(httpServer, 'ws', config.host, config.wsPort))
    }
  } catch (err) {
    await close()
    throw err
  }
  return { bound, close }
}
