/** Small promise helpers over an MQTT.js connection for the probes: an inbox, subscribe, publish. */
import type { IClientPublishOptions, IClientSubscribeOptions, IPublishPacket } from 'mqtt'
import type { Connection } from '../mqtt/connect.js'
import { subscribeGrants } from '../session/subscribe.js'
import { publishOnce } from '../session/publish.js'
import type { MqtxError } from '../errors.js'

export interface Received {
  topic: string
  payload: Buffer
  retain: boolean
  qos: number
  at: number
  /** Which of the inbox's connections received it. */
  from: number
  /** MQTT 5 properties, as MQTT.js decoded them. */
  properties?: IPublishPacket['properties']
}

export class Inbox {
  readonly items: Received[] = []
  private readonly waiters = new Set<() => void>()

  constructor(conns: Connection | Connection[]) {
    ;(Array.isArray(conns) ? conns : [conns]).forEach((conn, from) => {
      conn.client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
        const item: Received = { topic, payload, retain: packet.retain, qos: packet.qos, at: performance.now(), from }
        if (packet.properties !== undefined) item.properties = packet.properties
        this.items.push(item)
        for (const w of [...this.waiters]) w()
      })
    })
  }

  /** Resolve with the matching messages once `count` have arrived, or with what arrived by the timeout. */
  waitFor(match: (m: Received) => boolean, count: number, timeoutMs: number): Promise<Received[]> {
    return new Promise((resolve) => {
      const check = () => {
        const got = this.items.filter(match)
        if (got.length < count) return false
        finish(got)
        return true
      }
      const finish = (got: Received[]) => {
        this.waiters.delete(check)
        clearTimeout(timer)
        resolve(got)
      }
      const timer = setTimeout(() => finish(this.items.filter(match)), Math.max(0, timeoutMs))
      timer.unref()
      if (!check()) this.waiters.add(check)
    })
  }

  async first(match: (m: Received) => boolean, timeoutMs: number): Promise<Received | undefined> {
    return (await this.waitFor(match, 1, timeoutMs))[0]
  }
}

/** The granted QoS, or the refusal code (128 and above). `options`: v5 subscription options. */
export function subscribe(conn: Connection, filter: string, qos: 0 | 1 | 2, options: Omit<IClientSubscribeOptions, 'qos'> = {}): Promise<number> {
  return subscribeGrants(conn, [filter], { ...options, qos }).then((granted) => granted[0]?.qos ?? 128)
}

/** One SUBSCRIBE with several filters (their options each): the granted QoS or refusal code of each. */
export function subscribeMany(conn: Connection, filters: Record<string, IClientSubscribeOptions>): Promise<number[]> {
  return subscribeGrants(conn, filters).then((granted) => Object.keys(filters).map((f) => granted.find((g) => g.topic === f)?.qos ?? 128))
}

export function unsubscribe(conn: Connection, filter: string): Promise<void> {
  return new Promise((resolve, reject) => {
    conn.client.unsubscribe(filter, (err) => (err !== null && err !== undefined ? reject(err) : resolve()))
  })
}

/** Resolve after `ms` (unref'd: a finished run exits at once). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref())
}

/**
 * session/publish.ts's publishOnce, for the probes: also rejects when the connection closes first, and
 * with MQTT.js's own error (the probe details quote its text, not mqtx's PUBACK wording).
 */
export function publish(conn: Connection, topic: string, payload: Buffer | string, opts: IClientPublishOptions): Promise<void> {
  const client = conn.client
  const closed = () => new Error('the broker closed the connection')
  if (!client.connected) return Promise.reject(closed())
  return new Promise((resolve, reject) => {
    const onClose = () => reject(closed())
    client.once('close', onClose)
    publishOnce(conn, topic, typeof payload === 'string' ? Buffer.from(payload) : payload, opts).then(
      () => {
        client.removeListener('close', onClose)
        resolve()
      },
      (failure: MqtxError) => {
        client.removeListener('close', onClose)
        reject(failure.cause ?? failure)
      },
    )
  })
}

/** Clear retained messages a probe set (an empty retained message deletes one); forget each once cleared. */
export async function clearRetained(conn: Connection, topics: string[], pending: Set<string>): Promise<void> {
  for (const t of topics) await publish(conn, t, Buffer.alloc(0), { qos: 1, retain: true }).then(() => pending.delete(t), () => {})
}

export function ms(start: number, end = performance.now()): number {
  return Math.round((end - start) * 100) / 100
}
