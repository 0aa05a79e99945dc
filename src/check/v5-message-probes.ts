/** MQTT 5 message features: request/response, user properties, topic aliases, message expiry. */
import { randomBytes } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import type { CheckContext } from './context.js'
import { MESSAGE_WAIT_MS } from './delivery-probes.js'
import { Inbox, clearRetained, ms, pause, publish, subscribe } from './messages.js'
import type { ProbeName, ProbeResult } from './probes.js'

/** The answer of a v5 probe on a 3.1.1 connection. */
export function needsV5(ctx: CheckContext, name: ProbeName): ProbeResult | undefined {
  if (ctx.version === 5) return undefined
  return { name, status: 'unsupported', detail: 'an MQTT 5 feature, and the probes run with MQTT 3.1.1 (the broker refused v5, or -V says so)' }
}

export async function requestResponseProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'request-response'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  const requestTopic = ctx.topic('rr/request')
  const responseTopic = ctx.topic('rr/response')
  const correlationData = randomBytes(8)
  const [requester, responder] = [await ctx.connect('rq'), await ctx.connect('rs')]
  const requests = new Inbox(responder)
  const responses = new Inbox(requester)
  for (const [conn, topic] of [[responder, requestTopic], [requester, responseTopic]] as const) {
    const granted = await subscribe(conn, topic, 1)
    if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe refused (reason code ${granted})` }
  }
  const started = performance.now()
  await publish(requester, requestTopic, 'ping', { qos: 1, properties: { responseTopic, correlationData } })
  const request = await requests.first((m) => m.topic === requestTopic, ctx.budget(MESSAGE_WAIT_MS))
  if (request === undefined) return { name, status: 'fail', detail: 'the request did not arrive' }
  const p = request.properties
  if (p?.responseTopic !== responseTopic) return { name, status: 'fail', detail: `the request arrived without its response topic${p?.responseTopic === undefined ? '' : ` (got '${p.responseTopic}')`}` }
  if (p.correlationData === undefined || !correlationData.equals(p.correlationData)) return { name, status: 'fail', detail: 'the request arrived without its correlation data, or with different data' }
  await publish(responder, p.responseTopic, 'pong', { qos: 1, properties: { correlationData: p.correlationData } })
  const response = await responses.first((m) => m.topic === responseTopic, ctx.budget(MESSAGE_WAIT_MS))
  if (response === undefined) return { name, status: 'fail', detail: 'the response did not arrive' }
  const back = response.properties?.correlationData
  if (back === undefined || !correlationData.equals(back)) return { name, status: 'fail', detail: 'the response lost its correlation data' }
  const latencyMs = ms(started, response.at)
  return { name, status: 'pass', detail: `response topic and correlation data carried; request and response in ${latencyMs} ms`, latencyMs }
}

export async function userPropertiesProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'user-properties'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  const topic = ctx.topic('user-properties')
  // a repeated name (its order must be kept) and non-ASCII text
  const sent = { origin: 'mqtx check', unit: ['°C', 'kelvin'], 'naïve key': 'ü' }
  const conn = await ctx.connect('up')
  const inbox = new Inbox(conn)
  const granted = await subscribe(conn, topic, 1)
  if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe refused (reason code ${granted})` }
  await publish(conn, topic, 'props', { qos: 1, properties: { userProperties: sent } })
  const got = await inbox.first((m) => m.topic === topic, ctx.budget(MESSAGE_WAIT_MS))
  if (got === undefined) return { name, status: 'fail', detail: 'published, but nothing arrived' }
  const received = got.properties?.userProperties
  if (received === undefined) return { name, status: 'fail', detail: 'the message arrived without its user properties' }
  if (!isDeepStrictEqual({ ...received }, sent)) return { name, status: 'fail', detail: `the user properties changed on the way: ${JSON.stringify(received)}` }
  return { name, status: 'pass', detail: '4 user properties (one name twice, in order; non-ASCII) arrived unchanged' }
}

export async function topicAliasProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'topic-alias'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  const max = ctx.caps?.topicAliasMaximum ?? 0
  if (max === 0) return { name, status: 'unsupported', detail: 'the broker accepts no topic aliases (Topic Alias Maximum 0)' }
  const topic = ctx.topic('topic-alias')
  const conn = await ctx.connect('ta')
  const inbox = new Inbox(conn)
  const granted = await subscribe(conn, topic, 1)
  if (granted >= 0x80) return { name, status: 'fail', detail: `subscribe refused (reason code ${granted})` }
  // the first PUBLISH sets alias 1, the second sends only the alias (an empty topic)
  await publish(conn, topic, 'a1', { qos: 1, properties: { topicAlias: 1 } })
  await publish(conn, '', 'a2', { qos: 1, properties: { topicAlias: 1 } })
  const got = await inbox.waitFor((m) => m.payload.toString() === 'a1' || m.payload.toString() === 'a2', 2, ctx.budget(MESSAGE_WAIT_MS))
  const second = got.find((m) => m.payload.toString() === 'a2')
  if (second === undefined) return { name, status: 'fail', detail: 'a PUBLISH by topic alias alone did not arrive' }
  if (second.topic !== topic) return { name, status: 'fail', detail: `a PUBLISH by topic alias arrived under another topic ('${second.topic}')` }
  return { name, status: 'pass', detail: `a PUBLISH by alias alone arrived under its topic (Topic Alias Maximum ${max})`, data: { topicAliasMaximum: max } }
}

/** Seconds the short-lived retained message lives; the probe waits a little longer. */
const EXPIRY_S = 1

export async function messageExpiryProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'message-expiry'
  const skip = needsV5(ctx, name)
  if (skip !== undefined) return skip
  if (ctx.caps !== undefined && !ctx.caps.retainAvailable) return { name, status: 'unsupported', detail: 'probed through retained messages, and the broker keeps none (Retain Available = 0)' }
  const short = ctx.topic('expiry/short')
  const long = ctx.topic('expiry/long')
  const pub = await ctx.connect('ep')
  for (const t of [short, long]) ctx.retainedTopics.add(t)
  try {
    await publish(pub, short, 'expires', { qos: 1, retain: true, properties: { messageExpiryInterval: EXPIRY_S } })
    await publish(pub, long, 'stays', { qos: 1, retain: true, properties: { messageExpiryInterval: 3600 } })
    await pause(ctx.budget(EXPIRY_S * 1000 + 1100))
    const sub = await ctx.connect('es')
    const inbox = new Inbox(sub)
    // the long-lived one is the marker: the expired one, if the broker kept it, would come with it
    const grantedShort = await subscribe(sub, short, 1)
    const grantedLong = await subscribe(sub, long, 1)
    if (grantedShort >= 0x80 || grantedLong >= 0x80) return { name, status: 'fail', detail: `subscribe refused (reason code ${Math.max(grantedShort, grantedLong)})` }
    const kept = await inbox.first((m) => m.topic === long, ctx.budget(MESSAGE_WAIT_MS))
    if (kept === undefined) return { name, status: 'fail', detail: 'a retained message with an hour to live was not delivered' }
    if (inbox.items.some((m) => m.topic === short)) return { name, status: 'fail', detail: `a retained message was still delivered after its ${EXPIRY_S} s expiry` }
    const left = kept.properties?.messageExpiryInterval
    if (left === undefined) return { name, status: 'fail', detail: 'a message with an expiry interval arrived without one' }
    if (left > 3600) return { name, status: 'fail', detail: `the expiry interval grew on the way (${left} s of 3600)` }
    return { name, status: 'pass', detail: `a retained message was dropped after its ${EXPIRY_S} s expiry; another arrived with ${left} s of 3600 left`, data: { remainingS: left } }
  } finally {
    await clearRetained(pub, [short, long], ctx.retainedTopics)
  }
}
