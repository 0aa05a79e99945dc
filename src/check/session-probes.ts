/** Shared subscriptions (how messages are split) and the will message on an abnormal disconnect. */
import { connectionSocket } from '../mqtt/connect.js'
import type { CheckContext } from './context.js'
import { MESSAGE_WAIT_MS } from './delivery-probes.js'
import { Inbox, ms, publish, subscribe } from './messages.js'
import type { ProbeResult } from './probes.js'

const SHARED_MESSAGES = 10

export async function sharedProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'shared'
  if (ctx.caps !== undefined && !ctx.caps.sharedSubscriptionAvailable) {
    return { name, status: 'unsupported', detail: 'the broker does not offer shared subscriptions (Shared Subscription Available = 0)' }
  }
  const topic = ctx.topic('shared')
  const filter = `$share/mqtx${ctx.run}/${topic}`
  const subs = [await ctx.connect('s'), await ctx.connect('s')]
  const inbox = new Inbox(subs)
  for (const s of subs) {
    const granted = await subscribe(s, filter, 1)
    if (granted === 0x9e) return { name, status: 'unsupported', detail: 'refused: shared subscriptions not supported (reason code 158)' }
    if (granted >= 0x80 && ctx.version !== 5) return { name, status: 'unsupported', detail: `subscribe to '$share/…' refused (reason code ${granted}): no shared subscriptions over MQTT 3.1.1` }
    if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe to '$share/…' refused (reason code ${granted})` }
  }
  const pub = await ctx.connect('sp')
  const sent = Array.from({ length: SHARED_MESSAGES }, (_, i) => `m${i}`)
  for (const m of sent) await publish(pub, topic, m, { qos: 1 })
  // wait until every message arrived somewhere (or the time is up)
  const unique = () => new Set(inbox.items.filter((m) => m.topic === topic).map((m) => m.payload.toString()))
  await inbox.waitFor((m) => m.topic === topic, SHARED_MESSAGES, ctx.budget(MESSAGE_WAIT_MS))
  const counts = [0, 1].map((i) => inbox.items.filter((m) => m.topic === topic && m.from === i).length)
  const total = (counts[0] ?? 0) + (counts[1] ?? 0)
  const data = { messages: SHARED_MESSAGES, perSubscriber: counts }
  if (total === 0) {
    if (ctx.version !== 5) return { name, status: 'unsupported', detail: 'no message arrived: no shared subscriptions (they are not part of MQTT 3.1.1)', data }
    return { name, status: 'fail', detail: 'no message arrived through the shared subscription', data }
  }
  if (unique().size < SHARED_MESSAGES) return { name, status: 'fail', detail: `only ${unique().size} of ${SHARED_MESSAGES} messages arrived`, data }
  if (total > SHARED_MESSAGES) return { name, status: 'fail', detail: `${total - SHARED_MESSAGES} messages went to both subscribers (split ${counts.join('/')})`, data }
  return { name, status: 'pass', detail: `${SHARED_MESSAGES} messages split ${counts.join('/')} between 2 subscribers`, data }
}

export async function willProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'will'
  const topic = ctx.topic('will')
  const payload = `mqtx check will ${ctx.run}`
  const watcher = await ctx.connect('ww')
  const inbox = new Inbox(watcher)
  await subscribe(watcher, topic, 1)
  const doomed = await ctx.connect('wd', { will: { topic, payload: Buffer.from(payload), qos: 1, retain: false } })
  const socket = connectionSocket(doomed)
  if (socket === undefined) return { name, status: 'fail', detail: 'no socket to drop' }
  const dropped = performance.now()
  socket.destroy()
  const got = await inbox.first((m) => m.topic === topic && m.payload.toString() === payload, ctx.budget(MESSAGE_WAIT_MS))
  if (got === undefined) return { name, status: 'fail', detail: `the connection was dropped, but no will message arrived within ${MESSAGE_WAIT_MS / 1000} s` }
  const latencyMs = ms(dropped, got.at)
  return { name, status: 'pass', detail: `delivered ${latencyMs} ms after the connection was dropped`, latencyMs }
}

/** The Will Delay Interval asked for (s); a will that comes sooner than half of it ignored the delay. */
const WILL_DELAY_S = 1

export async function willDelayProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'will-delay'
  if (ctx.version !== 5) return { name, status: 'unsupported', detail: 'an MQTT 5 feature, and the probes run with MQTT 3.1.1 (the broker refused v5, or -V says so)' }
  const topic = ctx.topic('will-delay')
  const payload = `mqtx check will-delay ${ctx.run}`
  const watcher = await ctx.connect('dw')
  const inbox = new Inbox(watcher)
  await subscribe(watcher, topic, 1)
  // the will waits for the delay or the end of the session, whichever is first: the session must outlive the delay
  const doomed = await ctx.connect('dd', {
    will: { topic, payload: Buffer.from(payload), qos: 1, retain: false, properties: { willDelayInterval: WILL_DELAY_S } },
    connectProperties: { sessionExpiryInterval: WILL_DELAY_S + 2 },
  })
  const socket = connectionSocket(doomed)
  if (socket === undefined) return { name, status: 'fail', detail: 'no socket to drop' }
  const dropped = performance.now()
  socket.destroy()
  const got = await inbox.first((m) => m.topic === topic && m.payload.toString() === payload, ctx.budget(WILL_DELAY_S * 1000 + MESSAGE_WAIT_MS))
  if (got === undefined) return { name, status: 'fail', detail: `no will message within ${WILL_DELAY_S + MESSAGE_WAIT_MS / 1000} s of the drop` }
  const latencyMs = ms(dropped, got.at)
  if (latencyMs < (WILL_DELAY_S * 1000) / 2) return { name, status: 'fail', detail: `the will came ${latencyMs} ms after the drop, ignoring its ${WILL_DELAY_S} s Will Delay Interval`, latencyMs }
  return { name, status: 'pass', detail: `the will came ${(latencyMs / 1000).toFixed(1)} s after the drop (Will Delay Interval ${WILL_DELAY_S} s)`, latencyMs }
}
