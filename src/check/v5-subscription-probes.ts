/**
 * MQTT 5 subscription options and identifiers: no-local, retain-as-published, retain-handling,
 * subscription identifiers. To show that something did NOT arrive without waiting for a fixed time,
 * each probe ends with a marker message that MQTT's ordering puts after the one that must not come.
 */
import type { CheckContext } from './context.js'
import { MESSAGE_WAIT_MS } from './delivery-probes.js'
import { Inbox, clearRetained, publish, subscribe, subscribeMany, unsubscribe } from './messages.js'
import type { ProbeResult } from './probes.js'
import { needsV5 } from './v5-message-probes.js'

const refused = (name: ProbeResult['name'], codes: number[]): ProbeResult | undefined => {
  const bad = codes.find((c) => c >= 0x80)
  return bad === undefined ? undefined : { name, status: 'fail', detail: `subscribe refused (reason code ${bad})` }
}

export async function noLocalProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'no-local'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  const topic = ctx.topic('no-local')
  const marker = ctx.topic('no-local/marker')
  const [self, other] = [await ctx.connect('nl'), await ctx.connect('no')]
  const inbox = new Inbox(self)
  const bad = refused(name, await subscribeMany(self, { [topic]: { qos: 1, nl: true }, [marker]: { qos: 1 } }))
  if (bad !== undefined) return bad
  await publish(self, topic, 'own', { qos: 1 })
  await publish(other, topic, 'other', { qos: 1 })
  await publish(self, marker, 'marker', { qos: 1 })
  const got = await inbox.waitFor((m) => m.topic === marker || m.payload.toString() === 'other', 2, ctx.budget(MESSAGE_WAIT_MS))
  if (!got.some((m) => m.payload.toString() === 'other')) return { name, status: 'fail', detail: "another client's message did not arrive" }
  if (inbox.items.some((m) => m.topic === topic && m.payload.toString() === 'own')) return { name, status: 'fail', detail: 'the client got its own message back despite no-local' }
  return { name, status: 'pass', detail: "its own message was not sent back; another client's was" }
}

export async function retainAsPublishedProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'retain-as-published'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  if (ctx.caps !== undefined && !ctx.caps.retainAvailable) return { name, status: 'unsupported', detail: 'the broker keeps no retained messages (Retain Available = 0)' }
  const kept = ctx.topic('rap/kept')
  const cleared = ctx.topic('rap/cleared')
  const sub = await ctx.connect('ra')
  const inbox = new Inbox(sub)
  const bad = refused(name, await subscribeMany(sub, { [kept]: { qos: 1, rap: true }, [cleared]: { qos: 1, rap: false } }))
  if (bad !== undefined) return bad
  const pub = await ctx.connect('rb')
  for (const t of [kept, cleared]) ctx.retainedTopics.add(t)
  try {
    for (const t of [kept, cleared]) await publish(pub, t, 'live', { qos: 1, retain: true })
    const got = await inbox.waitFor((m) => m.topic === kept || m.topic === cleared, 2, ctx.budget(MESSAGE_WAIT_MS))
    const a = got.find((m) => m.topic === kept)
    const b = got.find((m) => m.topic === cleared)
    if (a === undefined || b === undefined) return { name, status: 'fail', detail: 'a retained message published to a live subscription did not arrive' }
    if (!a.retain) return { name, status: 'fail', detail: 'retain-as-published: the retain flag was cleared anyway' }
    if (b.retain) return { name, status: 'fail', detail: 'without retain-as-published the retain flag was kept (it must be cleared on live delivery)' }
    return { name, status: 'pass', detail: 'retain flag kept with retain-as-published, cleared without it' }
  } finally {
    await clearRetained(pub, [kept, cleared], ctx.retainedTopics)
  }
}

export async function retainHandlingProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'retain-handling'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  if (ctx.caps !== undefined && !ctx.caps.retainAvailable) return { name, status: 'unsupported', detail: 'the broker keeps no retained messages (Retain Available = 0)' }
  const topic = ctx.topic('rh/topic')
  const marker = ctx.topic('rh/marker')
  const pub = await ctx.connect('hp')
  for (const t of [topic, marker]) ctx.retainedTopics.add(t)
  try {
    for (const t of [topic, marker]) await publish(pub, t, t === topic ? 'retained' : 'marker', { qos: 1, retain: true })
    const sub = await ctx.connect('hs')
    const inbox = new Inbox(sub)
    const count = (t: string) => inbox.items.filter((m) => m.topic === t).length
    const markers = (n: number) => inbox.waitFor((m) => m.topic === marker, n, ctx.budget(MESSAGE_WAIT_MS))
    // 2: never send retained messages on subscribe
    let bad = refused(name, await subscribeMany(sub, { [topic]: { qos: 1, rh: 2 }, [marker]: { qos: 1, rh: 0 } }))
    if (bad !== undefined) return bad
    if ((await markers(1)).length < 1) return { name, status: 'fail', detail: 'retain-handling 0: no retained message on subscribe' }
    if (count(topic) > 0) return { name, status: 'fail', detail: 'retain-handling 2: a retained message was sent on subscribe' }
    // 1: only for a new subscription
    await unsubscribe(sub, topic)
    bad = refused(name, [await subscribe(sub, topic, 1, { rh: 1 })])
    if (bad !== undefined) return bad
    if ((await inbox.waitFor((m) => m.topic === topic, 1, ctx.budget(MESSAGE_WAIT_MS))).length < 1) return { name, status: 'fail', detail: 'retain-handling 1: no retained message for a new subscription' }
    bad = refused(name, await subscribeMany(sub, { [topic]: { qos: 1, rh: 1 }, [marker]: { qos: 1, rh: 0 } }))
    if (bad !== undefined) return bad
    if ((await markers(2)).length < 2) return { name, status: 'fail', detail: 'retain-handling 0: no retained message on a repeated subscribe' }
    if (count(topic) > 1) return { name, status: 'fail', detail: 'retain-handling 1: a retained message was sent again for an existing subscription' }
    return { name, status: 'pass', detail: '0 sends retained messages, 1 only for a new subscription, 2 never' }
  } finally {
    await clearRetained(pub, [topic, marker], ctx.retainedTopics)
  }
}

export async function subscriptionIdProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'subscription-id'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  if (ctx.caps !== undefined && !ctx.caps.subscriptionIdentifiersAvailable) return { name, status: 'unsupported', detail: 'the broker does not offer subscription identifiers (Subscription Identifiers Available = 0)' }
  const topic = ctx.topic('subscription-id')
  const id = 4242
  const conn = await ctx.connect('si')
  const inbox = new Inbox(conn)
  const bad = refused(name, [await subscribe(conn, topic, 1, { properties: { subscriptionIdentifier: id } })])
  if (bad !== undefined) return bad
  await publish(conn, topic, 'id', { qos: 1 })
  const got = await inbox.first((m) => m.topic === topic, ctx.budget(MESSAGE_WAIT_MS))
  if (got === undefined) return { name, status: 'fail', detail: 'published, but nothing arrived' }
  const ids = [got.properties?.subscriptionIdentifier ?? []].flat()
  if (!ids.includes(id)) return { name, status: 'fail', detail: ids.length === 0 ? 'the message arrived without its subscription identifier' : `the message arrived with identifier ${ids.join(', ')}, not ${id}` }
  return { name, status: 'pass', detail: `the message arrived with its subscription identifier (${id})` }
}
