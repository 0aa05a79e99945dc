/** One subscribing connection on the raw data path: PUBLISH frames scanned, acks batched per chunk. */
import type { Connection } from '../mqtt/connect.js'
import type { BenchConfig } from './config.js'
import { Link } from './link.js'
import type { Counts } from './part.js'
import type { Recorder } from './recorder.js'
import { intendedUs, nowUs, type Schedule } from '../session/schedule.js'
import { DUPLICATE, SequenceState } from './sequence.js'
import { HEADER_BYTES, readSendUs, skipProperties, writeAck } from './wire.js'

export interface Receiver {
  readonly cfg: BenchConfig
  readonly counts: Counts
  readonly rec: Recorder
  schedule: Schedule | undefined
  startUs: number
  /**
   * When the subscriptions were being made. `bench sub` counts what another process publishes, which
   * may start before this run's own start time: only a message sent before we subscribed is an
   * earlier run's backlog.
   */
  subscribedUs: number
  measureStartUs: number
  loadEndUs: number
  lost(): void
  /** The thread is awake anyway: let the scheduler send what has come due since its last tick. */
  nudge(now: number): void
}

export class SubscriberState {
  readonly link: Link
  receipts = 0
  lastReceiptMs = 0
  private readonly v5: boolean
  /** Acks to send after this chunk: first byte and packet id, flat. */
  private acks: number[] = []
  private chunkNow = 0

  constructor(private readonly host: Receiver, conn: Connection, private readonly streams: Map<number, SequenceState>) {
    this.v5 = conn.protocolVersion === 5
    this.link = new Link(conn, (type, flags, buf, s, e) => this.onPacket(type, flags, buf, s, e), () => {
      // our own close (Link.end) never gets here: any close is the broker's or the network's
      host.lost()
    })
    this.link.afterChunk = () => {
      if (this.chunkNow !== 0) host.nudge(this.chunkNow)
      this.chunkNow = 0
      if (this.acks.length > 0) this.flushAcks()
    }
  }

  private flushAcks(): void {
    const a = this.acks
    this.acks = []
    const buf = Buffer.allocUnsafe(a.length * 2)
    for (let k = 0; k < a.length; k += 2) writeAck(buf, k * 2, a[k] as number, a[k + 1] as number)
    this.link.write(buf)
  }

  private onPacket(type: number, flags: number, buf: Buffer, s: number, e: number): void {
    if (type === 6) {
      this.acks.push(0x70, buf.readUInt16BE(s))
      return
    }
    if (type !== 3) return
    const host = this.host
    const c = host.counts
    const qos = (flags >> 1) & 3
    let p = s + 2 + buf.readUInt16BE(s)
    if (qos > 0) {
      this.acks.push(qos === 1 ? 0x40 : 0x50, buf.readUInt16BE(p))
      p += 2
    }
    if (this.v5) p = skipProperties(buf, p)
    this.receipts++
    c.receipts++
    if (this.chunkNow === 0) {
      this.chunkNow = nowUs()
      this.lastReceiptMs = Date.now()
    }
    const now = this.chunkNow
    host.rec.bump('received', now, 1)
    host.rec.bump('bytesIn', now, e - s)
    if (e - p < HEADER_BYTES) {
      c.foreign++
      return
    }
    const pubId = buf.readUInt32BE(p)
    const seq = buf.readUInt32BE(p + 4)
    const sentUs = readSendUs(buf, p + 8)
    // sent before this run started (pubsub: before its own publishers could send; sub: before we
    // subscribed): an earlier run's backlog or retained message
    const from = host.cfg.scenario === 'sub' ? host.subscribedUs : host.startUs
    if (from === 0 || sentUs < from) {
      c.foreign++
      return
    }
    let st = this.streams.get(pubId)
    if (st === undefined) this.streams.set(pubId, (st = new SequenceState()))
    if (st.record(seq) === DUPLICATE) return
    const cfg = host.cfg
    const stamp = cfg.scenario === 'sub' ? now : sentUs
    // with --count the load ends at different times in different threads: only the start bounds it
    if (stamp < host.measureStartUs || (cfg.durationS !== undefined && stamp >= host.loadEndUs)) return
    c.receivedMeasured++
    c.bytesInMeasured += e - s
    host.rec.hist.e2eActual.recordValue(Math.max(0, now - sentUs))
    const g = pubId - cfg.idOffset
    if (host.schedule !== undefined && g >= 0 && g < cfg.publishers) {
      host.rec.hist.e2e.recordValue(Math.max(0, now - intendedUs(host.schedule, seq * cfg.publishers + g)))
    }
  }
}
