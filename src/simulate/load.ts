/**
 * The open-loop load of a simulation: message n (of every device, in order) is due at the shared
 * schedule's intendedUs(n) (src/session/schedule.ts, bench's scheduler) and belongs to device
 * n % devices, whose connection is device % connections. A late sender catches up at once; a
 * connection that is down drops its devices' messages (counted); QoS 1/2 wait in a window.
 */
import { MqtxError } from '../errors.js'
import type { Connection } from '../mqtt/connect.js'
import { plainPublishSize } from '../mqtt/publish-frame.js'
import { escapeForTerminal } from '../output/escape.js'
import { logWarn } from '../output/log.js'
import { grouped } from '../output/numbers.js'
import { dueBy, intendedUs, nowUs, sleepUntilUs, type Schedule } from '../session/schedule.js'
import { publishOutcome } from '../session/outcome.js'
import type { SimulatePlan } from './plan.js'
import type { SimMessage } from './source.js'
import type { DeviceState } from './template.js'

/** Messages made per turn of the event loop at most (bounds one turn's time). */
const MAX_BATCH = 1024
/** QoS 0 messages handed to MQTT.js whose write has not completed, per connection. */
const QOS0_WINDOW = 1024
/** Longest sleep between checks (stop requests, --duration). */
const MAX_SLEEP_MS = 100
/** Longest run of message making per turn: a slow --module must not hold off Ctrl-C for 1,024 of its calls. */
const MAX_TURN_MS = 50

/** The key of the one warning about messages over the broker's Maximum Packet Size. */
const TOO_BIG = 'maximum packet size'

export interface Slot {
  conn: Connection
  /** QoS 0 messages whose write has not completed. */
  pending0: number
  /** QoS 1/2 messages waiting for their acknowledgement. */
  pending: number
  /** The QoS 1/2 window: --inflight, at most the broker's Receive Maximum. */
  window: number
}

export function newSlot(plan: SimulatePlan, conn: Connection): Slot {
  return { conn, pending0: 0, pending: 0, window: Math.max(1, Math.min(plan.inflight, conn.receiveMaximum)) }
}

const full = (s: Slot) => s.pending >= s.window || s.pending0 >= QOS0_WINDOW

export interface LoadStats {
  /** Scheduled messages made (the -C count). */
  made: number
  /** Written (QoS 0) or acknowledged (QoS 1/2). */
  sent: number
  /** Refused by the broker or failed in MQTT.js. */
  rejected: number
  /** Not sent: the device's connection was down. */
  dropped: number
  /** The generator gave nothing for the slot. */
  skipped: number
  /** Births and deaths (not counted by -C). */
  extra: number
  startUs: number
  endUs: number
}

export class Load {
  readonly stats: LoadStats = { made: 0, sent: 0, rejected: 0, dropped: 0, skipped: 0, extra: 0, startUs: 0, endUs: 0 }
  private stopping = false
  private wake: () => void = () => {}
  /** The sender waits for room in a window: an acknowledgement calls it at once. */
  private blockedOn: Slot | undefined
  private readonly warned = new Set<string>()

  constructor(private readonly plan: SimulatePlan, private readonly slots: Slot[], readonly devices: DeviceState[]) {}

  /** End the load now (signal, -W); what is in flight is still waited for. */
  stop(): void {
    this.stopping = true
    this.wake()
  }

  /** Publish one message on a slot, counted in stats (QoS 0: written; 1/2: acknowledged). */
  publish(slot: Slot, m: SimMessage, extra = false): void {
    const limit = slot.conn.maximumPacketSize
    if (limit !== undefined) {
      // a broker closes the connection on a packet over its v5 Maximum Packet Size: each such message
      // would cost a reconnect and every message written behind it
      const size = plainPublishSize(Buffer.byteLength(m.topic, 'utf8'), m.payload.length, m.qos, slot.conn.protocolVersion === 5)
      if (size > limit) {
        this.stats.rejected++
        if (!this.warned.has(TOO_BIG)) {
          this.warned.add(TOO_BIG)
          logWarn(`not sent: messages over the broker's maximum packet size of ${grouped(limit)} bytes (CONNACK), the first on '${escapeForTerminal(m.topic)}' (a PUBLISH packet of ${grouped(size)} bytes)`)
        }
        return
      }
    }
    const acked = m.qos > 0
    if (acked) slot.pending++
    else slot.pending0++
    if (extra) this.stats.extra++
    slot.conn.client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain }, (err?: Error) => {
      if (acked) slot.pending--
      else slot.pending0--
      if (this.blockedOn === slot) {
        this.blockedOn = undefined
        this.wake()
      }
      const failure = publishOutcome(err)
      if (failure === undefined) {
        if (!extra) this.stats.sent++
        return
      }
      this.stats.rejected++
      if (!this.warned.has(failure.message) && this.warned.size < 5) {
        this.warned.add(failure.message)
        logWarn(failure.message)
      }
    })
  }

  /** Wait for the start, then send until -C, --duration or stop(); rejects with a generator's error. */
  async run(startUs: number): Promise<void> {
    const { plan, slots, devices } = this
    const schedule: Schedule = { startUs, rate: plan.rate, rampUpS: plan.rampUpS, publishers: plan.devices }
    const endUs = plan.durationS === undefined ? Infinity : startUs + plan.durationS * 1e6
    const count = plan.count ?? Infinity
    this.stats.startUs = startUs
    await sleepUntilUs(startUs)
    let n = 0
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined
      // once over, a late wake-up (an acknowledgement) must not send more
      let over = false
      const finish = () => {
        over = true
        clearTimeout(timer)
        this.stats.endUs = Math.min(nowUs(), endUs)
        resolve()
      }
      let woken = false
      this.wake = () => {
        if (woken) return
        woken = true
        clearTimeout(timer)
        setImmediate(() => {
          woken = false
          tick()
        })
      }
      const tick = (): void => {
        if (over) return
        if (this.stopping) return finish()
        const now = nowUs()
        const due = Math.min(count, dueBy(schedule, (Math.min(now, endUs) - startUs) / 1e6))
        const turnEndMs = performance.now() + MAX_TURN_MS
        let blocked = false
        for (let budget = MAX_BATCH; n < due && budget > 0 && performance.now() < turnEndMs; budget--) {
          const d = n % plan.devices
          const slot = slots[d % slots.length] as Slot
          const online = slot.conn.client.connected
          if (online && full(slot)) {
            blocked = true
            this.blockedOn = slot
            break
          }
          const dev = devices[d] as DeviceState
          let m: SimMessage | undefined
          try {
            m = plan.source.next(dev, intendedUs(schedule, n) / 1000)
          } catch (err) {
            over = true
            this.stats.endUs = nowUs()
            reject(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err }))
            return
          }
          dev.seq++
          n++
          this.stats.made++
          if (m === undefined) this.stats.skipped++
          else if (!online) this.stats.dropped++
          else this.publish(slot, m)
        }
        if (n >= count || now >= endUs) return finish()
        if (blocked) {
          // woken by the acknowledgement that makes room (or by this timer, for a connection that went down)
          timer = setTimeout(tick, MAX_SLEEP_MS)
          return
        }
        if (n < due) {
          setImmediate(tick)
          return
        }
        const nextMs = Math.ceil((Math.min(intendedUs(schedule, n), endUs) - nowUs()) / 1000)
        timer = setTimeout(tick, Math.max(1, Math.min(MAX_SLEEP_MS, nextMs)))
      }
      tick()
    })
  }

  /** Wait until every connection has nothing in flight, or `ms` passed. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms
    while (Date.now() < deadline && this.slots.some((s) => (s.pending > 0 || s.pending0 > 0) && s.conn.client.connected)) await new Promise((r) => setTimeout(r, 5))
  }
}
