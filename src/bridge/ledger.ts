/**
 * The upstream acknowledgements of a bridge: a QoS 1/2 message is acknowledged to the upstream broker
 * (PUBACK / PUBCOMP) only once the downstream broker has acknowledged its copy, in the order the
 * messages arrived (MQTT 4.6), while many are in flight. Pure bookkeeping (no sockets), unit-tested.
 *
 * - `received` files a message under its upstream packet id. A redelivery of a message still on file
 *   (same id, topic and payload: the broker cannot reuse an id we have not acknowledged) is a
 *   duplicate: it is not forwarded again, its new ack waits for the first copy's confirmation.
 * - `hold` takes the ack MQTT.js is about to write; `confirmed` marks the downstream confirmation;
 *   `release` writes the acks at the head of the arrival order that are confirmed.
 * - `lost` (connection closed): held acks are void; messages in flight stay on file, their redelivery
 *   after a reconnect with the session kept is recognised. `back(sessionPresent)`: a new session
 *   forgets every id.
 */
import type { AckPacket } from '../mqtt/internals.js'

export interface Entry {
  id: number
  topic: string
  payload: Buffer
  /** The downstream broker acknowledged the copy (or it needed no acknowledgement). */
  done: boolean
  /** Given up (the downstream broker refused it): never acknowledged upstream. */
  abandoned?: boolean
  /** The ack to write upstream, held since it was made on the current connection. */
  ack?: AckPacket
  /** Connection generation the entry was last received on. */
  gen: number
}

/**
 * `again`: a new entry, but a redelivery (DUP) with the id, topic and (sampled) bytes of a message
 * acknowledged before: the broker may have lost that ack (mosquitto 2.0.11 stopped with SIGTERM came
 * back with hundreds of acknowledged messages still to deliver), so this may be a duplicate. It is forwarded all the
 * same: the same id may also carry a new message with the same bytes, and dropping it would lose it.
 */
export type Received = { kind: 'new'; entry: Entry; again: boolean } | { kind: 'duplicate'; entry: Entry }

export class AckLedger {
  private gen = 0
  private readonly byId = new Map<number, Entry>()
  /** Entries received on the current connection, in arrival order; acks leave from the head. */
  private order: Entry[] = []
  private head = 0

  /** For each packet id, a sample hash of the last message acknowledged under it (0: none). */
  private readonly acked = new Uint32Array(65536)

  constructor(private readonly write: (ack: AckPacket) => void) {}

  /** Not yet confirmed downstream (for back-pressure). */
  inFlight = 0

  received(id: number, topic: string, payload: Buffer, dup = false): Received {
    const known = this.byId.get(id)
    if (known !== undefined && known.topic === topic && known.payload.equals(payload)) {
      if (known.gen !== this.gen) {
        known.gen = this.gen
        this.order.push(known)
      }
      return { kind: 'duplicate', entry: known }
    }
    const entry: Entry = { id, topic, payload, done: false, gen: this.gen }
    const before = dup ? (this.acked[id] ?? 0) : 0
    this.byId.set(id, entry)
    this.order.push(entry)
    this.inFlight++
    return { kind: 'new', entry, again: before !== 0 && before === sample(topic, payload) }
  }

  /** MQTT.js is about to write this ack: keep it if the message is on file (true), else let it go (false). */
  hold(ack: AckPacket): boolean {
    const entry = this.byId.get(ack.messageId)
    if (entry === undefined) return false
    if (entry.gen !== this.gen) {
      // QoS 2: the broker sent PUBREL again after a reconnect (MQTT.js answers it without handleMessage)
      entry.gen = this.gen
      this.order.push(entry)
    }
    entry.ack = ack
    queueMicrotask(() => this.release())
    return true
  }

  confirmed(entry: Entry): void {
    if (entry.done) return
    entry.done = true
    this.inFlight--
    this.release()
  }

  /** The downstream broker refused it: it is not in flight any more, and its ack is never written. */
  abandon(entry: Entry): void {
    if (entry.done) return
    entry.done = true
    entry.abandoned = true
    this.inFlight--
    this.release()
  }

  /** Write the acks of confirmed messages at the head of the arrival order. */
  release(): void {
    while (this.head < this.order.length) {
      const entry = this.order[this.head]
      if (entry?.abandoned === true) {
        this.head++
        if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id)
        continue
      }
      if (entry === undefined || !entry.done || entry.ack === undefined) break
      this.head++
      if (this.byId.get(entry.id) === entry) this.byId.delete(entry.id)
      const ack = entry.ack
      entry.ack = undefined
      this.write(ack)
      this.acked[entry.id & 0xffff] = sample(entry.topic, entry.payload)
    }
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order = this.order.slice(this.head)
      this.head = 0
    }
  }

  /** A CONNACK came since the last `lost` (MQTT.js also closes each failed reconnect attempt). */
  private up = true

  /** The upstream connection closed: acks not written are void (the broker sends those messages again). */
  lost(): void {
    // a failed attempt is not a connection: counting it would make `back` forget what it must recognise
    if (!this.up) return
    this.up = false
    this.gen++
    for (let i = this.head; i < this.order.length; i++) {
      const entry = this.order[i]
      if (entry !== undefined) entry.ack = undefined
    }
    this.order = []
    this.head = 0
  }

  /** Connected again. Without the session, ids mean nothing any more; with it, entries not redelivered during a whole connection are dropped. */
  back(sessionPresent: boolean): void {
    this.up = true
    if (!sessionPresent) this.acked.fill(0)
    for (const [id, entry] of this.byId) {
      if (!sessionPresent || (entry.done && entry.gen < this.gen - 1)) this.byId.delete(id)
    }
  }

  /** Messages on file (for tests and the summary). */
  size(): number {
    return this.byId.size
  }
}

/** FNV-1a over the topic, the length and at most 32 bytes at each end of the payload (never 0): cheap for any size. */
export function sample(topic: string, payload: Buffer): number {
  let h = 0x811c9dc5
  const mix = (byte: number) => {
    h = Math.imul(h ^ byte, 0x01000193)
  }
  for (let i = 0; i < topic.length; i++) mix(topic.charCodeAt(i) & 0xff)
  const n = payload.length
  mix(n & 0xff)
  mix((n >>> 8) & 0xff)
  mix((n >>> 16) & 0xff)
  const head = Math.min(n, 32)
  for (let i = 0; i < head; i++) mix(payload[i] ?? 0)
  for (let i = Math.max(head, n - 32); i < n; i++) mix(payload[i] ?? 0)
  return h >>> 0 || 1
}
