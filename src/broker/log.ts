/**
 * `mqtx broker -v`: what a person debugging needs, like `mosquitto -v` — connects (client id, protocol
 * version, username), subscribes and unsubscribes, every PUBLISH in and out (topic, QoS, retain, size,
 * a short escaped payload), disconnects with the reason. Everything a client sent is escaped.
 */
import type { Duplex } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import type { Aedes, AedesPublishPacket, Client, PublishPacket } from 'aedes'
import { errorMessage } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { isText } from '../output/message.js'
import { logDebug, logInfo } from '../output/log.js'
import { topicMatches } from '../mqtt/topic.js'

const VERSION_NAMES: Record<number, string> = { 3: '3.1', 4: '3.1.1', 5: '5' }
/** Payload characters shown in a PUBLISH line. */
const PREVIEW_CHARS = 60
const PREVIEW_BYTES = 16

/** v5 reason codes a broker sends in a DISCONNECT, as the log says them. */
const KICKED: Record<number, string> = {
  0x8b: 'the broker is shutting down',
  0x8e: 'session taken over by a new connection with the same client id',
  0x95: 'packet too large',
  0x94: 'topic alias invalid',
  0x82: 'protocol error',
}

export function quote(text: string): string {
  return `'${escapeForTerminal(text)}'`
}

export function clientName(client: Client | null | undefined): string {
  const id = client?.id
  return id === undefined || id === null ? '(no id yet)' : quote(String(id))
}

export function remoteOf(client: Client): string {
  return remoteOfStream(client.conn, client.req)
}

/** "address:port" of a TCP/TLS socket or of the HTTP request a WebSocket came with. */
export function remoteOfStream(stream: Duplex, req: IncomingMessage | undefined): string {
  const conn = stream as Duplex & { remoteAddress?: string; remotePort?: number }
  const address = conn.remoteAddress ?? req?.socket.remoteAddress
  const port = conn.remotePort ?? req?.socket.remotePort
  if (address === undefined) return 'unknown address'
  return `${address.includes(':') ? `[${address}]` : address}:${port ?? '?'}`
}

/** A short, terminal-safe view of a payload: escaped text, or the first bytes in hex. */
export function payloadPreview(payload: Buffer | string): string {
  const buf = typeof payload === 'string' ? Buffer.from(payload) : payload
  if (buf.length === 0) return '(empty)'
  if (isText(buf)) {
    const text = buf.toString('utf8')
    const chars = [...text]
    return chars.length <= PREVIEW_CHARS ? quote(text) : `${quote(chars.slice(0, PREVIEW_CHARS).join(''))}…`
  }
  const hex = buf.subarray(0, PREVIEW_BYTES).toString('hex')
  return `0x${hex}${buf.length > PREVIEW_BYTES ? '…' : ''} (binary)`
}

function publishSummary(p: { topic: string; qos: number; retain: boolean; payload: Buffer | string }, qos: number): string {
  const size = typeof p.payload === 'string' ? Buffer.byteLength(p.payload) : p.payload.length
  return `${quote(p.topic)} (QoS ${qos}${p.retain ? ', retained' : ''}, ${size} byte${size === 1 ? '' : 's'}): ${payloadPreview(p.payload)}`
}

/** The QoS a subscriber gets a message at: the lower of the message's and its best matching subscription's. */
function deliveredQos(client: Client, packet: AedesPublishPacket): number {
  const subs = (client as unknown as { subscriptions?: Record<string, { qos?: number }> }).subscriptions ?? {}
  let best = -1
  for (const [filter, sub] of Object.entries(subs)) {
    if (topicMatches(filter, packet.topic)) best = Math.max(best, sub.qos ?? 0)
  }
  return best < 0 ? packet.qos : Math.min(packet.qos, best)
}

export interface BrokerLog {
  /** From aedes' authenticate hook: remember the username for the "connected" line. */
  login(client: Client, username: string | undefined): void
  /** From authorizePublish: a PUBLISH (or a will) the broker received. */
  received(client: Client | null, packet: PublishPacket): void
  /** From authorizeForward: a PUBLISH the broker is sending to a subscriber. */
  sending(client: Client, packet: AedesPublishPacket): void
  /** A connection dropped before aedes saw it (connect-guard). */
  refusedConnection(remote: string, reason: string): void
  /** A login the broker refused. */
  refusedLogin(client: Client, reason: string): void
}

/** The -v log: hooks for aedes' options, and attach() for its events. Nothing per message unless verbose. */
export function brokerLog(verbose: boolean): BrokerLog & { attach(broker: Aedes): void } {
  const say = (message: string) => {
    if (verbose) logInfo(message)
  }
  const usernames = new WeakMap<Client, string>()
  const refused = new WeakSet<Client>()
  /** Why a client's connection ended, when something said so before it closed. */
  const endings = new WeakMap<Client, string>()

  const attach = (broker: Aedes) => {
    // not 'clientReady': aedes emits that after it has already handled the client's first packets
    broker.on('connackSent', (connack, client) => {
      if ((connack.returnCode ?? connack.reasonCode ?? 0) !== 0) return
      const user = usernames.get(client)
      const version = VERSION_NAMES[client.version] ?? String(client.version)
      say(`client ${clientName(client)} connected from ${remoteOf(client)} (MQTT ${version}, ${user === undefined ? 'no username' : `username ${quote(user)}`}, ${client.clean ? 'clean' : 'persistent'} session)`)
    })
    broker.on('subscribe', (subs, client) => {
      for (const s of subs) {
        const granted: number = s.qos
        if (granted >= 0x80) {
          const why = granted === 0x9e ? 'shared subscriptions are not supported' : granted === 0x87 ? 'not authorised' : 'refused'
          say(`client ${clientName(client)} was refused a subscription to ${quote(s.topic)} (reason code ${granted}: ${why})`)
          continue
        }
        const opts = [`QoS ${s.qos}`]
        if (client.version === 5) {
          if (s.nl === true) opts.push('no-local')
          if (s.rap === true) opts.push('retain-as-published')
          if (s.rh !== undefined && s.rh !== 0) opts.push(`retain-handling ${s.rh}`)
        }
        say(`client ${clientName(client)} subscribed to ${quote(s.topic)} (${opts.join(', ')})`)
      }
    })
    broker.on('unsubscribe', (topics, client) => {
      // aedes also "unsubscribes" every filter of a client whose connection closed: not news
      if (client.closed) return
      for (const t of topics) say(`client ${clientName(client)} unsubscribed from ${quote(t)}`)
    })
    broker.on('keepaliveTimeout', (client) => endings.set(client, 'keep-alive timeout: nothing heard from it for 1.5 × its keep-alive'))
    broker.on('clientDisconnect', (client) => {
      const kicked = client.disconnectReasonCode !== null && client.disconnectReasonCode !== undefined && client.disconnectReasonCode !== 0 ? KICKED[client.disconnectReasonCode] : undefined
      // aedes marks a client that sent DISCONNECT (its only trace of it); test/e2e/broker-log.test.ts pins it
      const sentDisconnect = (client as unknown as { _disconnected?: boolean })._disconnected === true
      const reason = endings.get(client) ?? kicked ?? (sentDisconnect ? 'sent DISCONNECT' : 'connection closed without DISCONNECT')
      say(`client ${clientName(client)} disconnected (${reason})`)
    })
    const onError = (client: Client | null, err: Error) => {
      // a refused login was logged when it was refused; aedes reports it again as a client error
      if (client !== null && client !== undefined && refused.has(client)) return
      const message = escapeForTerminal(errorMessage(err))
      if (client !== null && client !== undefined && !endings.has(client)) endings.set(client, message)
      if (verbose) say(`client ${clientName(client)}${client?.conn === undefined ? '' : ` (${remoteOf(client)})`}: ${message}`)
      else logDebug(`client ${clientName(client)}: ${message}`)
    }
    broker.on('clientError', onError)
    broker.on('connectionError', onError)
  }

  return {
    attach,
    login: (client, username) => {
      if (username !== undefined) usernames.set(client, username)
    },
    received: (client, packet) => {
      if (!verbose) return
      if (client === null) say(`will published: ${publishSummary(packet, packet.qos)}`)
      else if (client.closed) say(`will of client ${clientName(client)} published: ${publishSummary(packet, packet.qos)}`)
      else say(`client ${clientName(client)} published ${publishSummary(packet, packet.qos)}`)
    },
    sending: (client, packet) => {
      if (verbose) say(`sending ${publishSummary(packet, deliveredQos(client, packet))} to client ${clientName(client)}`)
    },
    refusedConnection: (remote, reason) => say(`refused a connection from ${remote}: ${reason}`),
    refusedLogin: (client, reason) => {
      refused.add(client)
      say(`refused client ${clientName(client)} from ${remoteOf(client)}: ${reason}`)
    },
  }
}
