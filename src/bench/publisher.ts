/** One publishing connection on the raw data path: templates patched per message, a QoS 1/2 window, acks. */
import { MqtxError } from '../errors.js'
import type { Connection } from '../mqtt/connect.js'
import { publishFrameEncoder } from '../mqtt/publish-frame.js'
import { escapeForTerminal } from '../output/escape.js'
import { grouped } from '../output/numbers.js'
import type { BenchConfig } from './config.js'
import { Link } from './link.js'
import type { Counts } from './part.js'
import type { Recorder } from './recorder.js'
import { nowUs } from '../session/schedule.js'
import { patchHeader, publishTemplate, writeAck, type PublishTemplate } from './wire.js'

/** Most messages written per publisher per tick (bounds one write's size and the loop's time). */
const MAX_BATCH = 1024
/** Flood mode: bytes written per call before yielding to the event loop (the 1 ms tick calls again). */
const FLOOD_BYTES = 512 * 1024

export interface Sender {
  readonly cfg: BenchConfig
  readonly counts: Counts
  readonly rec: Recorder
  measureStartUs: number
  loadEndUs: number
  dueFor(g: number, sent: number, now: number): number
  lost(): void
}

export class PublisherState {
  readonly link: Link
  readonly id: number
  readonly window: number
  private readonly tpl: PublishTemplate
  /** Next sequence number = messages sent. */
  seq = 0
  acked = 0
  rejected = 0
  inflight = 0
  private nextId = 1
  /** Send time (µs) per packet id in flight; 0 = free. */
  private readonly sentAt: Float64Array | undefined
  private pubrels: number[] = []

  constructor(private readonly host: Sender, conn: Connection, readonly g: number, readonly topic: string) {
    const cfg = host.cfg
    this.id = cfg.idOffset + g
    this.window = cfg.qos === 0 ? 0 : Math.max(1, Math.min(cfg.inflight, conn.receiveMaximum))
    this.tpl = publishTemplate(topic, cfg.size, cfg.qos, cfg.retain, conn.protocolVersion === 5, this.id)
    // a broker closes the connection on a packet over its v5 Maximum Packet Size: the run would only
    // measure reconnects ("connections were lost")
    const limit = conn.maximumPacketSize
    if (limit !== undefined && this.tpl.bytes.length > limit) {
      throw new MqtxError(`--size ${grouped(cfg.size)} on '${escapeForTerminal(topic)}' is a PUBLISH packet of ${grouped(this.tpl.bytes.length)} bytes, over the broker's maximum packet size of ${grouped(limit)} bytes (CONNACK); nothing was sent.`, {
        hint: `a smaller --size (at most ${grouped(Math.max(0, publishFrameEncoder(topic, cfg.qos, cfg.retain, undefined, conn.protocolVersion === 5 ? 5 : 4).maxPayload(limit)))} here), or raise the broker's max_packet_size`,
      })
    }
    if (cfg.qos > 0) this.sentAt = new Float64Array(65536)
    this.link = new Link(conn, (type, _flags, buf, s, e) => this.onPacket(type, buf, s, e), () => {
      // our own close (Link.end) never gets here: any close is the broker's or the network's
      host.lost()
    })
    this.link.onDrain = () => this.fill(nowUs())
    this.link.afterChunk = () => {
      if (this.pubrels.length > 0) this.flushPubrels()
      this.fill(nowUs())
    }
  }

  /** Messages due by `untilUs` that were never sent. */
  owed(untilUs: number): number {
    return this.host.dueFor(this.g, this.seq, untilUs === Infinity ? nowUs() : untilUs)
  }

  /** Send what is due, within the window and while the socket takes it. */
  fill(now: number): void {
    const { host, link } = this
    const qos = host.cfg.qos
    let budget = FLOOD_BYTES
    while (!link.blocked && !link.closed && budget > 0) {
      let n = host.dueFor(this.g, this.seq, now)
      if (qos > 0) n = Math.min(n, this.window - this.inflight)
      if (n <= 0) return
      n = Math.min(n, MAX_BATCH)
      budget -= this.send(n, now)
      // rate mode: one batch is all that is due; flood mode: loop until the socket pushes back
      if (host.cfg.rate !== undefined) return
      now = nowUs()
    }
  }

  private send(n: number, now: number): number {
    const { tpl, host } = this
    const len = tpl.bytes.length
    const buf = Buffer.allocUnsafe(len * n)
    const sentAt = this.sentAt
    for (let k = 0; k < n; k++) {
      const at = k * len
      tpl.bytes.copy(buf, at)
      patchHeader(buf, at + tpl.payloadOffset, this.seq++, now)
      if (sentAt !== undefined) {
        let id = this.nextId
        while (sentAt[id] !== 0) id = id === 65535 ? 1 : id + 1
        this.nextId = id === 65535 ? 1 : id + 1
        sentAt[id] = now
        buf.writeUInt16BE(id, at + tpl.idOffset)
        this.inflight++
      }
    }
    const c = host.counts
    c.sent += n
    if (now >= host.measureStartUs && now < host.loadEndUs) {
      c.sentMeasured += n
      c.bytesOutMeasured += n * len
    }
    host.rec.bump('offered', now, n)
    host.rec.bump('bytesOut', now, n * len)
    this.link.write(buf)
    return buf.length
  }

  private onPacket(type: number, buf: Buffer, s: number, e: number): void {
    if (type === 4 || type === 7) this.complete(buf.readUInt16BE(s), e - s > 2 ? (buf[s + 2] as number) : 0)
    else if (type === 5) {
      const id = buf.readUInt16BE(s)
      const rc = e - s > 2 ? (buf[s + 2] as number) : 0
      if (rc >= 0x80) this.complete(id, rc)
      else this.pubrels.push(id)
    }
  }

  private flushPubrels(): void {
    const ids = this.pubrels
    this.pubrels = []
    const buf = Buffer.allocUnsafe(ids.length * 4)
    for (let k = 0; k < ids.length; k++) writeAck(buf, k * 4, 0x62, ids[k] as number)
    this.link.write(buf)
  }

  private complete(id: number, rc: number): void {
    const sentAt = this.sentAt
    if (sentAt === undefined) return
    const t = sentAt[id] as number
    if (t === 0) return
    sentAt[id] = 0
    this.inflight--
    const host = this.host
    if (rc >= 0x80) {
      this.rejected++
      host.counts.rejected++
      return
    }
    this.acked++
    host.counts.acked++
    const now = nowUs()
    host.rec.bump('acked', now, 1)
    if (t >= host.measureStartUs && t < host.loadEndUs) {
      host.counts.ackedMeasured++
      host.rec.hist.ack.recordValue(Math.max(0, now - t))
    }
  }
}
