/**
 * Open an MQTT connection for a command: our own socket (TCP_NODELAY, bind address, unix socket,
 * SOCKS5, TLS with mosquitto's --insecure meaning), MQTT.js on top of it, explicit one-shot
 * behaviour (no silent reconnects, a bounded connect time), the v5 -> 3.1.1 fallback, and every
 * failure turned into an MqtxError that says what happened.
 */
import mqttPacket from 'mqtt-packet'
import type { IClientOptions, IConnackPacket, IDisconnectPacket, MqttClient, Packet } from 'mqtt'
import { ConnackError, ConnectionError, MqtxError } from '../errors.js'
import { isDebug, logDebug } from '../output/log.js'
import { describePacket } from './debug.js'
import { keepUserPropertyOrder } from './user-property-order.js'
import { isMalformedPacket, lossReason, tagMalformedPackets } from './malformed.js'
import { connackHint, connackMessage } from './connack.js'
import type { ProtocolVersion } from './parsers.js'
import { describeEndpoint, type ConnectionConfig } from './resolve.js'
import { loadTransports, makeStreamBuilder, type Transports } from './transport.js'
import { clientSocket, MqttClientClass, setReconnectPeriod, type ClientSocket } from './internals.js'

// mqtt-packet otherwise pre-allocates 65,536 two-byte Buffers on the first write: ~100 ms of
// allocation and GC at start-up, for a cache that saves nanoseconds per packet.
mqttPacket.writeToStream.cacheNumbers = false
// user properties in arrival order, as mosquitto prints them (%P, %j)
keepUserPropertyOrder()
// a packet the parser refuses closes the connection (MQTT.js would carry on, out of step)
tagMalformedPackets()

export interface Connection {
  client: MqttClient
  connack: IConnackPacket
  protocolVersion: ProtocolVersion
  /** The broker's Receive Maximum (65535 when it sets none). */
  receiveMaximum: number
  /** v5: the largest packet the broker accepts (CONNACK Maximum Packet Size), if it says. */
  maximumPacketSize: number | undefined
  config: ConnectionConfig
  /** The first error reported on the connection in use (e.g. a packet the encoder refused), if any. */
  streamError(): Error | undefined
  /** Why the broker ended the last connection, when it said so (DISCONNECT) or sent a malformed packet. */
  lossReason(): string | undefined
}

export interface ConnectOptions {
  /** Reconnect automatically after a lost connection (sub); one-shot commands leave this off. */
  reconnectPeriodMs?: number
  /**
   * Called with each new MQTT.js client before it connects: a persistent session's queued messages can
   * arrive right behind the CONNACK, before openConnection resolves, so whoever must handle every one
   * of them (bridge, respond) installs its handleMessage here.
   */
  prepare?: (client: MqttClient) => void
}

function clientOptions(cfg: ConnectionConfig, version: ProtocolVersion, reconnectPeriod: number): IClientOptions {
  const o: IClientOptions = {
    protocolVersion: version,
    protocolId: version === 3 ? 'MQIsdp' : 'MQTT',
    clientId: cfg.clientId,
    clean: cfg.clean,
    keepalive: cfg.keepalive,
    reconnectPeriod,
    // our own timer bounds the connect (see openConnection); MQTT.js's would reconnect
    connectTimeout: 2 ** 31 - 1,
    queueQoSZero: false,
    // PINGREQ on a fixed schedule: re-arming the keepalive timer on every packet costs ~5 % of a busy -l
    reschedulePings: false,
    resubscribe: true,
    manualConnect: true,
  }
  if (cfg.username !== undefined) o.username = cfg.username
  if (cfg.password !== undefined) o.password = cfg.password
  if (version === 5 && cfg.properties.connect !== undefined) o.properties = cfg.properties.connect as IClientOptions['properties']
  if (cfg.will !== undefined) {
    const will: NonNullable<IClientOptions['will']> = {
      topic: cfg.will.topic,
      payload: cfg.will.payload,
      qos: cfg.will.qos,
      retain: cfg.will.retain,
    }
    if (version === 5 && cfg.will.properties !== undefined) will.properties = cfg.will.properties as NonNullable<IClientOptions['will']>['properties']
    o.will = will
  }
  return o
}

interface Attempt {
  connection?: Connection
  error?: MqtxError
  /** The broker refused the protocol version (or hung up before CONNACK): worth a 3.1.1 retry. */
  versionRefused?: boolean
}

function attempt(cfg: ConnectionConfig, version: ProtocolVersion, transports: Transports, opts: ConnectOptions): Promise<Attempt> {
  return new Promise((resolve) => {
    let socketError: Error | undefined
    let lastStreamError: Error | undefined
    let brokerDisconnect: IDisconnectPacket | undefined
    let clientError: Error | undefined
    let settled = false
    const client = new MqttClientClass(
      makeStreamBuilder(cfg, transports, (err) => {
        socketError ??= err
        lastStreamError = err
      }),
      clientOptions(cfg, version, opts.reconnectPeriodMs ?? 0),
    )
    opts.prepare?.(client)
    if (isDebug()) {
      client.on('packetsend', (p: Packet) => logDebug(() => `sent ${describePacket(p)}`))
      client.on('packetreceive', (p: Packet) => logDebug(() => `received ${describePacket(p)}`))
    }

    const finish = (result: Attempt) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      client.removeListener('connect', onConnect)
      client.removeListener('close', onClose)
      if (result.connection === undefined) {
        client.removeListener('error', onError)
        client.on('error', () => {})
        // with manualConnect, MQTT.js's end() clears `disconnecting` before the socket's 'close'
        // arrives, and that 'close' would then start reconnecting (the process never ended)
        setReconnectPeriod(client, 0)
        try {
          client.end(true)
        } catch {
          // the stream never existed: nothing to close
        }
      }
      resolve(result)
    }
    const onConnect = (connack: IConnackPacket) => {
      client.removeListener('error', onError)
      // MQTT.js re-emits every socket error with a code (ECONNRESET, EPIPE…) as 'error' for as long as
      // the client lives, also after a successful publish or during DISCONNECT: without a listener Node
      // would crash. What a lost connection means is decided by each command on 'close'; the error is
      // kept for streamError().
      client.on('error', (err: Error) => {
        logDebug(`connection error: ${err.message}`)
        if (isMalformedPacket(err)) {
          // the reason this connection ends (MQTT.js keeps it open, its parser out of step)
          lastStreamError = err
          clientSocket(client)?.destroy()
          return
        }
        lastStreamError ??= err
      })
      // what streamError() reports is about the connection in use: an ECONNRESET kept from before a
      // reconnect would hide an error of ours (one without a code) on the new one
      client.on('connect', () => {
        lastStreamError = undefined
        brokerDisconnect = undefined
      })
      // the broker says why it ends the connection (MQTT 5); it must close it next, we do not wait
      client.on('disconnect', (packet: IDisconnectPacket) => {
        brokerDisconnect = packet
        clientSocket(client)?.destroy()
      })
      const receiveMaximum = version === 5 ? (connack.properties?.receiveMaximum ?? 65535) : 65535
      const maximumPacketSize = version === 5 ? connack.properties?.maximumPacketSize : undefined
      const streamError = () => lastStreamError
      const reason = () => lossReason(lastStreamError, brokerDisconnect)
      finish({ connection: { client, connack, protocolVersion: version, receiveMaximum, maximumPacketSize, config: cfg, streamError, lossReason: reason } })
    }
    const onError = (err: Error & { code?: unknown }) => {
      clientError ??= err
      // not MQTT (or a broken CONNACK): MQTT.js would wait on the open connection until our timeout
      if (isMalformedPacket(err)) clientSocket(client)?.destroy()
      if (typeof err.code === 'number') {
        const rc = err.code
        // 3.1.1 "unacceptable protocol version" (1) or v5 "unsupported protocol version" (0x84)
        const versionRefused = version !== 4 && (rc === 1 || rc === 0x84)
        finish({ error: new ConnackError(connackMessage(rc, version), rc, { cause: err, hint: connackHint(rc) }), versionRefused })
      }
    }
    const onClose = () => {
      // closed before CONNACK
      void (async () => {
        const err = socketError ?? clientError
        // plain MQTT to a TLS port: the broker hangs up or resets (OpenSSL), or first sends a TLS
        // alert that MQTT.js's parser rejects (BoringSSL, e.g. the binary's `mqtx broker --cert`);
        // say so once no retry is left
        const code = (err as NodeJS.ErrnoException | undefined)?.code
        const notMqtt = err !== undefined && err === clientError && code === undefined
        const lastTry = err !== undefined || version !== 5 || cfg.versionPinned
        if (lastTry && (err === undefined || code === 'ECONNRESET' || code === 'EPIPE' || notMqtt) && cfg.transport === 'tcp' && cfg.proxy === undefined) {
          const { explainTlsPort } = await import('./explain.js')
          const tlsPort = await explainTlsPort(cfg)
          if (tlsPort !== undefined) return finish({ error: tlsPort })
        }
        if (err === undefined) {
          finish({
            error: new ConnectionError(`${describeEndpoint(cfg)} closed the connection before accepting it (no CONNACK).`, {
              hint: 'is it an MQTT port, and does the broker accept this client id and protocol version?',
            }),
            versionRefused: version === 5,
          })
          return
        }
        // out of file descriptors: explain.js itself could not be loaded now (simulate/bench with many connections)
        if (code === 'EMFILE' || code === 'ENFILE') {
          finish({
            error: new ConnectionError(`cannot open another connection to ${describeEndpoint(cfg)}: too many open files (${code}).`, {
              cause: err,
              hint: 'raise the open-files limit (ulimit -n) or open fewer connections',
            }),
          })
          return
        }
        if (isMalformedPacket(err)) {
          finish({
            error: new ConnectionError(`${describeEndpoint(cfg)} answered with something that is not MQTT (${err.message}).`, {
              cause: err,
              hint: 'is it an MQTT port? (plain MQTT: 1883, TLS: 8883 with --cafile or -L mqtts://, WebSocket: -L ws://)',
            }),
          })
          return
        }
        const { explainConnectError } = await import('./explain.js')
        finish({ error: await explainConnectError(err, cfg) })
      })()
    }
    const timer = setTimeout(() => {
      finish({
        error: new ConnectionError(`timed out after ${cfg.connectTimeoutMs / 1000} s connecting to ${describeEndpoint(cfg)}.`, {
          hint: 'check the host and port, or raise --connect-timeout',
        }),
      })
    }, cfg.connectTimeoutMs)
    client.on('connect', onConnect)
    client.on('error', onError)
    client.on('close', onClose)
    try {
      client.connect()
    } catch (err) {
      socketError ??= err as Error
      onClose()
    }
  })
}

/** Connect, falling back once from v5 to 3.1.1 when the broker refuses v5 and -V was not given. */
export async function openConnection(cfg: ConnectionConfig, opts: ConnectOptions = {}): Promise<Connection> {
  const transports = await loadTransports(cfg)
  logDebug(() => `connecting to ${describeEndpoint(cfg)} with MQTT ${versionName(cfg.protocolVersion)}`)
  const first = await attempt(cfg, cfg.protocolVersion, transports, opts)
  if (first.connection !== undefined) return first.connection
  if (first.versionRefused && cfg.protocolVersion === 5 && cfg.v5Only !== undefined) throw v5Refused(cfg, first.error)
  if (first.versionRefused && !cfg.versionPinned) {
    logDebug(`the broker refused MQTT 5 (${first.error?.message ?? 'closed'}); retrying with MQTT 3.1.1`)
    const second = await attempt(cfg, 4, transports, opts)
    if (second.connection !== undefined) return second.connection
    throw second.error ?? new ConnectionError('connection failed')
  }
  throw first.error ?? new ConnectionError('connection failed')
}

/** A v5-only option met a broker that refused MQTT 5: name the option, not -V. */
function v5Refused(cfg: ConnectionConfig, refusal: MqtxError | undefined): MqtxError {
  const options = cfg.v5Only ?? []
  const what = options.length === 1 ? `${options[0]} needs` : `${options.join(', ')} need`
  const answer = refusal instanceof ConnackError ? `it answered an MQTT 5 CONNECT with CONNACK code ${refusal.reasonCode}` : 'it hung up on an MQTT 5 CONNECT'
  const flags = options.filter((o) => o.startsWith('-'))
  const hint = `use a broker that speaks MQTT 5 (mosquitto 1.6 or later, or mqtx broker)${flags.length > 0 ? `, or leave out ${flags.join(', ')}` : ''}`
  return new MqtxError(`${what} MQTT 5, and the broker at ${describeEndpoint(cfg)} does not speak MQTT 5 (${answer}).`, { cause: refusal, hint, exitCode: refusal?.exitCode ?? 1 })
}

export function versionName(v: ProtocolVersion): string {
  return v === 5 ? '5' : v === 4 ? '3.1.1' : '3.1'
}

/** Gracefully DISCONNECT (with -D disconnect properties) and wait until the socket is closed. */
export function closeConnection(conn: Connection, { force = false } = {}): Promise<void> {
  return new Promise((resolve) => {
    // no reconnect after this (see attempt(): end() alone does not stop MQTT.js for good)
    setReconnectPeriod(conn.client, 0)
    const props = conn.protocolVersion === 5 ? conn.config.properties.disconnect : undefined
    const opts = props === undefined ? {} : { properties: props }
    conn.client.end(force, opts as Parameters<MqttClient['end']>[1], () => resolve())
  })
}

/** The socket under MQTT.js, to cork/uncork writes or set options. */
export function connectionSocket(conn: Connection): ClientSocket | undefined {
  return clientSocket(conn.client)
}
