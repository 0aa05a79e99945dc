/** Round trips at QoS 0/1/2, a retained message, + and # wildcards. */
import { randomBytes } from 'node:crypto'
import { errorMessage } from '../errors.js'
import type { CheckContext } from './context.js'
import { Inbox, ms, publish, subscribe } from './messages.js'
import type { ProbeName, ProbeResult } from './probes.js'

/** How long to wait for a message that should arrive (a loopback round trip takes milliseconds). */
export const MESSAGE_WAIT_MS = 3000

const token = () => randomBytes(8).toString('hex')

export async function qosProbe(ctx: CheckContext, qos: 0 | 1 | 2): Promise<ProbeResult> {
  const name = `qos${qos}` as ProbeName
  if (ctx.caps !== undefined && ctx.caps.maximumQoS < qos) {
    return { name, status: 'unsupported', detail: `the broker's Maximum QoS is ${ctx.caps.maximumQoS}` }
  }
  const conn = await ctx.connect(`q${qos}`)
  const inbox = new Inbox(conn)
  const topic = ctx.topic(`qos${qos}`)
  const granted = await subscribe(conn, topic, qos)
  if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe refused (reason code ${granted})` }
  const payload = token()
  const started = performance.now()
  const arrived = inbox.first((m) => m.topic === topic && m.payload.toString() === payload, ctx.budget(MESSAGE_WAIT_MS))
  await publish(conn, topic, payload, { qos })
  const got = await arrived
  if (got === undefined) return { name, status: 'fail', detail: `published, but nothing arrived within ${ctx.budget(MESSAGE_WAIT_MS) / 1000} s` }
  const latencyMs = ms(started, got.at)
  const data = { grantedQos: granted, deliveredQos: got.qos }
  if (granted < qos) return { name, status: 'unsupported', detail: `the broker granted QoS ${granted} (delivered in ${latencyMs} ms)`, latencyMs, data }
  return { name, status: 'pass', detail: `round trip ${latencyMs} ms`, latencyMs, data }
}

export async function retainedProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'retained'
  if (ctx.caps !== undefined && !ctx.caps.retainAvailable) {
    return { name, status: 'unsupported', detail: 'the broker does not keep retained messages (Retain Available = 0)' }
  }
  const topic = ctx.topic('retained')
  const payload = token()
  const pub = await ctx.connect('rp')
  ctx.retainedTopics.add(topic)
  try {
    await publish(pub, topic, payload, { qos: 1, retain: true })
  } catch (err) {
    return { name, status: 'fail', detail: `retained publish failed: ${errorMessage(err)}` }
  }
  let result: ProbeResult
  try {
    const sub = await ctx.connect('rs')
    const inbox = new Inbox(sub)
    const started = performance.now()
    const granted = await subscribe(sub, topic, 1)
    const got = granted >= 0x80 ? undefined : await inbox.first((m) => m.topic === topic, ctx.budget(MESSAGE_WAIT_MS))
    if (granted >= 0x80) result = { name, status: 'fail', detail: `subscribe refused (reason code ${granted})` }
    else if (got === undefined) result = { name, status: 'fail', detail: 'a new subscriber got no retained message' }
    else if (got.payload.toString() !== payload) result = { name, status: 'fail', detail: 'a new subscriber got a different message' }
    else if (!got.retain) result = { name, status: 'fail', detail: 'delivered, but without the retain flag' }
    else result = { name, status: 'pass', detail: `a new subscriber got it in ${ms(started, got.at)} ms; cleared`, latencyMs: ms(started, got.at) }
  } finally {
    // clear it again: an empty retained message deletes the topic's retained message
    await publish(pub, topic, Buffer.alloc(0), { qos: 1, retain: true }).then(
      () => ctx.retainedTopics.delete(topic),
      () => {},
    )
  }
  return result
}

async function wildcard(ctx: CheckContext, name: ProbeName, filter: string, match: string[], noMatch: string[]): Promise<ProbeResult> {
  if (ctx.caps !== undefined && !ctx.caps.wildcardSubscriptionAvailable) {
    return { name, status: 'unsupported', detail: 'the broker does not allow wildcard subscriptions (Wildcard Subscription Available = 0)' }
  }
  const conn = await ctx.connect(name === 'wildcard-plus' ? 'wp' : 'wh')
  const inbox = new Inbox(conn)
  const granted = await subscribe(conn, filter, 1)
  if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe to a wildcard filter refused (reason code ${granted})` }
  // the non-matching topics go first: by the time the last match arrives, they would have too
  for (const t of [...noMatch, ...match]) await publish(conn, t, t, { qos: 1 })
  const got = await inbox.waitFor((m) => match.includes(m.topic), match.length, ctx.budget(MESSAGE_WAIT_MS))
  const stray = inbox.items.filter((m) => noMatch.includes(m.topic)).map((m) => m.topic)
  const missing = match.filter((t) => !got.some((m) => m.topic === t))
  const rel = (t: string) => t.slice(ctx.base.length + 1)
  if (missing.length > 0) return { name, status: 'fail', detail: `'${rel(filter)}' did not deliver ${missing.map((t) => `'${rel(t)}'`).join(', ')}` }
  if (stray.length > 0) return { name, status: 'fail', detail: `'${rel(filter)}' also delivered ${stray.map((t) => `'${rel(t)}'`).join(', ')}` }
  return { name, status: 'pass', detail: `'${rel(filter)}' matched ${match.map((t) => `'${rel(t)}'`).join(', ')}, not ${noMatch.map((t) => `'${rel(t)}'`).join(', ')}` }
}

export function wildcardPlusProbe(ctx: CheckContext): Promise<ProbeResult> {
  const t = (s: string) => ctx.topic(`plus/${s}`)
  return wildcard(ctx, 'wildcard-plus', t('+/temp'), [t('room1/temp'), t('room2/temp')], [t('room1/humidity'), t('a/b/temp')])
}

export function wildcardHashProbe(ctx: CheckContext): Promise<ProbeResult> {
  const t = (s: string) => ctx.topic(`hash/${s}`)
  return wildcard(ctx, 'wildcard-hash', t('home/#'), [t('home'), t('home/kitchen'), t('home/kitchen/light/1')], [t('homes')])
}
