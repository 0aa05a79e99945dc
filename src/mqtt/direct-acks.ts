/**
 * Acknowledgements for the QoS 1/2 frames `pub -l` and `replay` write themselves (src/mqtt/publish-frame.ts): packet ids are
 * allocated here (never one still in flight), PUBACK / PUBREC / PUBCOMP are matched from the packets
 * MQTT.js parses ('packetreceive'; MQTT.js ignores acks for ids it did not send), PUBREL answers
 * PUBREC, and v5 reason codes >= 0x80 count as rejections. `pub -l` sends nothing else that carries
 * a packet id while it streams, so the two never share an id.
 *
 * Every frame in flight is kept (a copy, in one reused journal buffer) until it is acknowledged, so
 * that after a reconnect resend() can send it again.
 */
import type { Duplex } from 'node:stream'
import mqttPacket from 'mqtt-packet'
import type { Packet } from 'mqtt'
import { connectionSocket, type Connection } from '../mqtt/connect.js'

export interface DirectAcks {
  /** A free packet id, now in flight (at `qos`, else the QoS given to directAcks). The caller keeps the in-flight count below 65,535. */
  allocate(qos?: 1 | 2): number
  /** Keep `source[start, end)`, the frame just written for `id`, until it is acknowledged. */
  keep(id: number, source: Buffer, start: number, end: number): void
  /**
   * After a reconnect: write every unacknowledged message again on `socket`, in the order first sent;
   * returns how many PUBLISH frames were resent. In a resumed session (`sessionPresent`) with the DUP
   * flag, and PUBREL for a QoS 2 message whose PUBREC had arrived; in a new session the broker knows
   * none of them: each PUBLISH again as a new message.
   */
  resend(socket: Duplex, sessionPresent: boolean): number
  stop(): void
}

/** An Error like MQTT.js's ErrorWithReasonCode, so publishOutcome() explains it the same way. */
function rejection(code: number): Error {
  return Object.assign(new Error(`Publish error: reason code ${code}`), { code })
}

const DUP = 0x08
const JOURNAL_BYTES = 256 * 1024

/**
 * Frames in flight, back to back in one buffer in the order they were sent; an acknowledged frame's
 * bytes become garbage and are squeezed out when the buffer is full (the live frames are at most the
 * inflight window).
 */
class Journal {
  private buf = Buffer.allocUnsafe(JOURNAL_BYTES)
  private end = 0
  private live = 0
  private readonly at = new Int32Array(65536)
  private readonly length = new Int32Array(65536)

  constructor(private readonly ids: Set<number>) {}

  keep(id: number, source: Buffer, start: number, end: number): void {
    const n = end - start
    if (this.end + n > this.buf.length) this.compact(n)
    source.copy(this.buf, this.end, start, end)
    this.at[id] = this.end
    this.length[id] = n
    this.end += n
    this.live += n
  }

  drop(id: number): void {
    this.live -= this.length[id] as number
  }

  frame(id: number): Buffer {
    const at = this.at[id] as number
    return this.buf.subarray(at, at + (this.length[id] as number))
  }

  /** Move the live frames to the front (ids iterate in the order sent, so offsets only go down). */
  private compact(need: number): void {
    const size = Math.max(this.buf.length, 2 * (this.live + need))
    const target = size > this.buf.length ? Buffer.allocUnsafe(size) : this.buf
    let to = 0
    for (const id of this.ids) {
      const from = this.at[id] as number
      const n = this.length[id] as number
      if (target === this.buf) this.buf.copyWithin(to, from, from + n)
      else this.buf.copy(target, to, from, from + n)
      this.at[id] = to
      to += n
    }
    this.buf = target
    this.end = to
  }
}

export function directAcks(conn: Connection, qos: 1 | 2, onAck: (err: Error | undefined) => void): DirectAcks {
  // ids in flight, in the order first sent; a QoS 2 id whose PUBREC arrived is in `released` too
  const inFlight = new Set<number>()
  const released = new Set<number>()
  const journal = new Journal(inFlight)
  // each id's QoS (replay mixes QoS 1 and 2 on one connection)
  const qosOf = new Uint8Array(65536)
  const version = conn.protocolVersion
  let last = 0
  const pubrel = (id: number) => mqttPacket.generate({ cmd: 'pubrel', messageId: id } as mqttPacket.IPubrelPacket, { protocolVersion: version })
  const settle = (id: number, reasonCode: number | undefined) => {
    if (!inFlight.delete(id)) return
    released.delete(id)
    journal.drop(id)
    onAck(reasonCode !== undefined && reasonCode >= 0x80 ? rejection(reasonCode) : undefined)
  }
  const onPacket = (packet: Packet) => {
    const id = (packet as { messageId?: number }).messageId
    if (id === undefined) return
    const reasonCode = (packet as { reasonCode?: number }).reasonCode
    // a broker that answers with the other QoS's flow (PUBACK for QoS 2, PUBREC for QoS 1) breaks
    // MQTT, but waiting for the right packet would wait for ever: taken as it comes, as MQTT.js does
    // for `pub -m` (PUBACK settles; PUBREC gets its PUBREL, PUBCOMP settles)
    if (packet.cmd === 'pubrec' && qosOf[id] === 1 && inFlight.has(id)) qosOf[id] = 2
    if (packet.cmd === 'puback' && qosOf[id] === 2 && inFlight.has(id) && !released.has(id)) qosOf[id] = 1
    if ((packet.cmd === 'puback' && qosOf[id] === 1) || (packet.cmd === 'pubcomp' && qosOf[id] === 2)) settle(id, reasonCode)
    else if (packet.cmd === 'pubrec' && qosOf[id] === 2 && inFlight.has(id)) {
      if (reasonCode !== undefined && reasonCode >= 0x80) settle(id, reasonCode)
      else {
        released.add(id)
        connectionSocket(conn)?.write(pubrel(id))
      }
    }
  }
  conn.client.on('packetreceive', onPacket)
  return {
    allocate: (as = qos) => {
      do last = (last % 65535) + 1
      while (inFlight.has(last))
      inFlight.add(last)
      qosOf[last] = as
      return last
    },
    keep: (id, source, start, end) => journal.keep(id, source, start, end),
    resend: (to, sessionPresent) => {
      let publishes = 0
      if (!sessionPresent) released.clear()
      for (const id of inFlight) {
        if (released.has(id)) {
          to.write(pubrel(id))
          continue
        }
        const frame = Buffer.from(journal.frame(id))
        if (sessionPresent) frame[0] = (frame[0] as number) | DUP
        to.write(frame)
        publishes++
      }
      return publishes
    },
    stop: () => {
      conn.client.removeListener('packetreceive', onPacket)
    },
  }
}
