/**
 * One thread's share of a pub/sub load: its publishers and subscribers, one central scheduler,
 * pre-encoded packets patched per message, one write per connection per tick, acks counted from the
 * raw frames. `connect()` first (every thread), then `run(startUs)` with a start time shared by all.
 */
import type { Connection } from '../mqtt/connect.js'
import type { ConnectionConfig } from '../mqtt/resolve.js'
import type { BenchConfig } from './config.js'
import { connectTimed, pool, publishTopic, subscribeFilter, subscribeTimed } from './clients.js'
import { Link, keepAlive } from './link.js'
import { zeroCounts, type PartResult, type Progress, type StreamReport } from './part.js'
import { HIST_NAMES, Recorder, encodeHistogram } from './recorder.js'
import { dueBy, nowUs, publisherDue, sleepUntilUs, type Schedule } from '../session/schedule.js'
import { PublisherState, type Sender } from './publisher.js'
import { SubscriberState } from './subscriber.js'
import { SequenceState } from './sequence.js'

const CONNECT_CONCURRENCY = 64

export interface PartSpec {
  pubFrom: number
  pubTo: number
  subFrom: number
  subTo: number
}

export class Part implements Sender {
  readonly rec = new Recorder()
  readonly counts = zeroCounts()
  readonly pubs: PublisherState[] = []
  readonly subs: SubscriberState[] = []
  private readonly streams = new Map<string, { shared: boolean; filter: string; seq: Map<number, SequenceState> }>()
  schedule: Schedule | undefined
  startUs = 0
  /** When this part began subscribing (see Receiver.subscribedUs). */
  subscribedUs = 0
  measureStartUs = 0
  loadEndUs = Infinity
  issuing = false
  private stopKeepalive = () => {}
  private receiveMaximum = 65535
  private protocolVersion = 5

  constructor(readonly cfg: BenchConfig, private readonly conn: ConnectionConfig, readonly spec: PartSpec) {}

  async connect(): Promise<void> {
    const { cfg, conn, spec } = this
    this.subscribedUs = nowUs()
    const conns: Connection[] = []
    try {
      await pool(spec.subTo - spec.subFrom, CONNECT_CONCURRENCY, async (k) => {
        const j = spec.subFrom + k
        const c = await connectTimed(conn, `${cfg.clientIdPrefix}-s${cfg.idOffset + j}`, this.rec)
        conns.push(c)
        const filter = subscribeFilter(cfg, j)
        await subscribeTimed(c, filter, cfg.qos, this.rec)
        const key = cfg.shared === undefined ? `s${cfg.idOffset + j}` : filter
        let stream = this.streams.get(key)
        if (stream === undefined) this.streams.set(key, (stream = { shared: cfg.shared !== undefined, filter, seq: new Map() }))
        this.subs.push(new SubscriberState(this, c, stream.seq))
      })
      await pool(spec.pubTo - spec.pubFrom, CONNECT_CONCURRENCY, async (k) => {
        const g = spec.pubFrom + k
        const c = await connectTimed(conn, `${cfg.clientIdPrefix}-p${cfg.idOffset + g}`, this.rec)
        conns.push(c)
        this.receiveMaximum = Math.min(this.receiveMaximum, c.receiveMaximum)
        this.protocolVersion = c.protocolVersion
        this.pubs.push(new PublisherState(this, c, g, publishTopic(cfg, g)))
      })
    } catch (err) {
      for (const c of conns) c.client.end(true)
      throw err
    }
    this.pubs.sort((a, b) => a.g - b.g)
    this.stopKeepalive = keepAlive(() => this.links(), conn.keepalive)
  }

  private *links(): Iterable<Link> {
    for (const p of this.pubs) yield p.link
    for (const s of this.subs) yield s.link
  }

  private lastNudgeUs = 0

  /**
   * Rate mode: timers fire 1-2 ms apart, so between ticks a received chunk is a free chance to send
   * what has come due (at most every 200 µs, and only for a few publishers: it walks all of them).
   */
  nudge(now: number): void {
    if (this.schedule === undefined || !this.issuing || this.pubs.length > 32 || now - this.lastNudgeUs < 200) return
    this.lastNudgeUs = now
    for (const p of this.pubs) p.fill(now)
  }

  /** Ctrl-C: end the load now (the drain and the report still happen). */
  stopNow(): void {
    const now = nowUs()
    if (this.loadEndUs > now) this.loadEndUs = Math.max(now, this.measureStartUs)
  }

  /** Called by a publisher or subscriber whose socket closed before the end. */
  lost(): void {
    this.counts.connectionsLost++
  }

  progress(): Progress {
    const c = this.counts
    const h = this.schedule !== undefined && this.rec.hist.e2e.totalCount > 0 ? this.rec.hist.e2e : this.rec.hist.e2eActual.totalCount > 0 ? this.rec.hist.e2eActual : this.rec.hist.ack
    return { sent: c.sent, acked: c.acked, receipts: c.receipts, errors: c.connectionsLost + c.rejected, p99Us: h.totalCount > 0 ? h.getValueAtPercentile(99) : 0 }
  }

  /** How many messages publisher g may send now (rate mode: due by the schedule; flood: unlimited). */
  dueFor(g: number, sent: number, now: number): number {
    if (!this.issuing) return 0
    let want = Infinity
    if (this.schedule !== undefined) {
      const at = Math.min(now, this.loadEndUs)
      want = publisherDue(dueBy(this.schedule, (at - this.startUs) / 1e6), g, this.cfg.publishers)
    }
    if (this.cfg.count !== undefined) want = Math.min(want, this.cfg.count)
    return want - sent
  }

  /** Wait for the start, then run the load; resolves when this part has stopped sending. */
  async run(startUs: number): Promise<void> {
    const { cfg } = this
    this.startUs = startUs
    this.rec.originUs = startUs
    const lead = cfg.rate !== undefined ? cfg.rampUpS + cfg.warmupS : cfg.warmupS
    this.measureStartUs = startUs + lead * 1e6
    if (cfg.durationS !== undefined) this.loadEndUs = this.measureStartUs + cfg.durationS * 1e6
    if (cfg.rate !== undefined) this.schedule = { startUs, rate: cfg.rate, rampUpS: cfg.rampUpS, publishers: cfg.publishers }
    await sleepUntilUs(startUs)
    this.rec.startSampling()
    this.issuing = true
    await this.load()
    this.counts.unsent = this.schedule === undefined ? 0 : this.pubs.reduce((n, p) => n + Math.max(0, p.owed(this.loadEndUs)), 0)
    this.issuing = false
  }

  /** After every part has stopped sending: wait for acks and deliveries, then report. */
  async finish(): Promise<PartResult> {
    await this.drain()
    return this.report(this.rec.stopSampling())
  }

  /** The central scheduler: one timer for every publisher of this thread. */
  private load(): Promise<void> {
    const { cfg } = this
    return new Promise((resolve) => {
      const finished = (now: number): boolean => {
        if (now >= this.loadEndUs) return true
        if (this.counts.connectionsLost > 0 && [...this.links()].every((l) => l.closed)) return true
        if (cfg.count === undefined) return false
        if (this.pubs.length > 0) return this.pubs.every((p) => p.seq >= (cfg.count as number) || p.link.closed)
        return this.subs.length > 0 && this.subs.every((s) => s.receipts >= (cfg.count as number) || s.link.closed)
      }
      for (const p of this.pubs) p.fill(nowUs())
      const tick = () => {
        const now = nowUs()
        for (const p of this.pubs) p.fill(now)
        if (finished(now)) {
          if (this.loadEndUs === Infinity) this.loadEndUs = now + 1
          resolve()
          return
        }
        setTimeout(tick, 1)
      }
      setTimeout(tick, 1)
    })
  }

  /** Wait (at most --drain) for outstanding acks and the deliveries the subscribers still expect. */
  private drain(): Promise<void> {
    const deadline = Date.now() + this.cfg.drainS * 1000
    return new Promise((resolve) => {
      const check = () => {
        const acksDone = this.pubs.every((p) => p.inflight === 0 || p.link.closed)
        const quiet = this.subs.every((s) => Date.now() - s.lastReceiptMs > 200)
        if ((acksDone && quiet) || Date.now() >= deadline) return resolve()
        setTimeout(check, 10)
      }
      check()
    })
  }

  private report(generator: PartResult['generator']): PartResult {
    const streams: StreamReport[] = []
    for (const [key, s] of this.streams) {
      streams.push({ key, shared: s.shared, filter: s.filter, pubs: [...s.seq].map(([id, st]) => [id, st.distinct, st.duplicates, st.reordered]) })
    }
    const hist = Object.fromEntries(HIST_NAMES.map((n) => [n, encodeHistogram(this.rec.hist[n])])) as PartResult['hist']
    return {
      publishers: this.pubs.map((p) => [p.id, p.seq, p.acked, p.rejected, p.inflight, p.topic]),
      streams,
      counts: this.counts,
      hist,
      series: this.rec.series,
      originUs: this.startUs,
      measureStartUs: this.measureStartUs,
      loadEndUs: this.loadEndUs,
      generator,
      window: this.pubs.reduce((w, p) => Math.min(w, p.window), this.cfg.qos > 0 ? this.cfg.inflight : 0),
      receiveMaximum: this.receiveMaximum,
      protocolVersion: this.protocolVersion,
    }
  }

  async close(): Promise<void> {
    this.stopKeepalive()
    await Promise.all([...this.links()].map((l) => l.end()))
  }
}
