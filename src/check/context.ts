/**
 * Shared state of one `mqtx check` run: the connection settings, the unique topic prefix, the
 * deadline, what the broker said it supports, and every connection a probe opened (closed after it).
 */
import { randomBytes } from 'node:crypto'
import type { IConnackPacket } from 'mqtt'
import { MqtxError } from '../errors.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import type { ConnectionConfig, WillConfig } from '../mqtt/resolve.js'

export interface Capabilities {
  maximumQoS: number
  retainAvailable: boolean
  wildcardSubscriptionAvailable: boolean
  sharedSubscriptionAvailable: boolean
  subscriptionIdentifiersAvailable: boolean
  receiveMaximum: number
  /** null: no limit stated. */
  maximumPacketSize: number | null
  topicAliasMaximum: number
  /** null: the broker accepted the client's keep-alive. */
  serverKeepAlive: number | null
  assignedClientIdentifier: string | null
  /** The properties the broker actually sent (the rest are the protocol's defaults). */
  stated: string[]
}

export function capabilitiesOf(connack: IConnackPacket): Capabilities {
  const p = connack.properties ?? {}
  return {
    maximumQoS: p.maximumQoS ?? 2,
    retainAvailable: p.retainAvailable ?? true,
    wildcardSubscriptionAvailable: p.wildcardSubscriptionAvailable ?? true,
    sharedSubscriptionAvailable: p.sharedSubscriptionAvailable ?? true,
    subscriptionIdentifiersAvailable: p.subscriptionIdentifiersAvailable ?? true,
    receiveMaximum: p.receiveMaximum ?? 65535,
    maximumPacketSize: p.maximumPacketSize ?? null,
    topicAliasMaximum: p.topicAliasMaximum ?? 0,
    serverKeepAlive: p.serverKeepAlive ?? null,
    assignedClientIdentifier: p.assignedClientIdentifier ?? null,
    stated: Object.keys(p).filter((k) => (p as Record<string, unknown>)[k] !== undefined),
  }
}

export interface OpenOptions {
  /** Protocol version, pinned (no fallback). Default: the version chosen for the run. */
  version?: ProtocolVersion
  will?: WillConfig
  /** Allow the v5 -> 3.1.1 fallback (only for the first connection of a run). */
  fallback?: boolean
  /** '' lets an MQTT 5 broker assign one (reported as a capability). */
  clientId?: string
  /** Connect time allowed beyond the deadline (the final clean-up). */
  extraMs?: number
  /** MQTT 5 CONNECT properties (e.g. a Session Expiry Interval for the will-delay probe). */
  connectProperties?: Record<string, unknown>
}

export class CheckContext {
  readonly run = randomBytes(3).toString('hex')
  readonly base: string
  readonly deadline: number
  version: ProtocolVersion | undefined
  caps: Capabilities | undefined
  private readonly open = new Set<Connection>()
  private roles = 0
  /** Bumped by closeAll: a connection that a timed-out probe opens later is dropped at once. */
  private generation = 0
  private abortTimer: (() => void) | undefined
  /** Resolves when the run is interrupted (Ctrl-C). */
  readonly aborted = new Promise<void>((resolve) => {
    this.abortTimer = resolve
  })
  interrupted = false
  /** Retained messages a probe set and has not cleared yet (cleared at the end of the run). */
  readonly retainedTopics = new Set<string>()
  /** The first failed connect of the run, for its hint when no connection could be made at all. */
  connectError: MqtxError | undefined

  constructor(
    readonly cfg: ConnectionConfig,
    prefix: string,
    timeoutMs: number,
    readonly endpoint: string,
  ) {
    this.base = `${prefix}/${this.run}`
    this.deadline = performance.now() + timeoutMs
  }

  remaining(): number {
    if (this.interrupted) return 0
    return Math.max(0, this.deadline - performance.now())
  }

  abort(): void {
    this.interrupted = true
    this.abortTimer?.()
  }

  /** At most `max` ms, and never past the deadline. */
  budget(max: number): number {
    return Math.min(max, this.remaining())
  }

  topic(suffix: string): string {
    return `${this.base}/${suffix}`
  }

  /** A connection config for one role: own client id, clean session, no will unless asked. */
  configFor(role: string, opts: OpenOptions = {}): ConnectionConfig {
    const version = opts.version ?? this.version ?? this.cfg.protocolVersion
    this.roles += 1
    const id = opts.clientId ?? (this.cfg.clientId !== '' ? `${this.cfg.clientId}-${role}` : `mqtxc-${this.run}-${role}${this.roles}`)
    const cfg: ConnectionConfig = {
      ...this.cfg,
      clientId: id,
      protocolVersion: version,
      versionPinned: opts.fallback !== true,
      clean: true,
      properties: version === 5 && this.cfg.properties.connect !== undefined ? { connect: { ...this.cfg.properties.connect, sessionExpiryInterval: 0 } } : {},
      connectTimeoutMs: Math.max(1, Math.min(this.cfg.connectTimeoutMs, Math.floor(this.remaining() + (opts.extraMs ?? 0)))),
    }
    delete cfg.will
    if (opts.will !== undefined) cfg.will = opts.will
    if (version === 5 && opts.connectProperties !== undefined) cfg.properties = { ...cfg.properties, connect: { ...cfg.properties.connect, ...opts.connectProperties } }
    return cfg
  }

  /** Open a tracked connection; Ctrl-C does not wait for a slow connect. */
  connect(role: string, opts: OpenOptions = {}): Promise<Connection> {
    const generation = this.generation
    const opening = openConnection(this.configFor(role, opts)).then((conn) => {
      conn.client.on('error', () => {})
      if (generation !== this.generation || this.interrupted) {
        conn.client.end(true)
        throw new Error('the probe was stopped')
      }
      this.open.add(conn)
      return conn
    }, (err: unknown) => {
      if (err instanceof MqtxError) this.connectError ??= err
      throw err
    })
    const interrupted = this.aborted.then((): never => {
      throw new Error('interrupted')
    })
    return Promise.race([opening, interrupted])
  }

  /** Close every connection a probe opened (DISCONNECT, or drop it after a second). */
  async closeAll(): Promise<void> {
    this.generation += 1
    const all = [...this.open]
    this.open.clear()
    await Promise.all(
      all.map(
        (conn) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              conn.client.end(true)
              resolve()
            }, 1000)
            void closeConnection(conn).then(() => {
              clearTimeout(timer)
              resolve()
            })
          }),
      ),
    )
  }
}
