/** max-payload: the largest payload that gets through, by binary search, bounded in steps and time. */
import type { Connection } from '../mqtt/connect.js'
import type { CheckContext } from './context.js'
import { Inbox, publish, subscribe } from './messages.js'
import type { ProbeResult } from './probes.js'
import { grouped } from '../output/numbers.js'

/** The search never tries more than this (1 MiB): enough to tell a constrained broker. */
export const PAYLOAD_PROBE_LIMIT = 1024 * 1024
const MAX_STEPS = 24
const BUDGET_MS = 15_000
const ARRIVAL_WAIT_MS = 2000

const fmt = (n: number) => `${grouped(n)} bytes`

export async function maxPayloadProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'max-payload'
  const topic = ctx.topic('size')
  const sub = await ctx.connect('zs')
  const inbox = new Inbox(sub)
  await subscribe(sub, topic, 1)
  const stated = ctx.caps?.maximumPacketSize ?? null
  const limit = Math.min(PAYLOAD_PROBE_LIMIT, stated ?? PAYLOAD_PROBE_LIMIT)
  const deadline = performance.now() + ctx.budget(BUDGET_MS)
  let pub: Connection | undefined
  let steps = 0

  // Each size is tried once, so the length identifies the message. A refused publish usually
  // ends the publisher's connection (the broker's answer to a packet too large); reconnect then.
  const attempt = async (size: number): Promise<boolean> => {
    steps += 1
    if (pub === undefined || !pub.client.connected) pub = await ctx.connect('zp')
    const arrived = inbox.first((m) => m.topic === topic && m.payload.length === size, Math.min(ARRIVAL_WAIT_MS, ctx.remaining()))
    try {
      await publish(pub, topic, Buffer.alloc(size, 0x2e), { qos: 1 })
    } catch {
      return false
    }
    return (await arrived) !== undefined
  }

  let lo = 0
  let hi: number | undefined
  if (await attempt(limit)) lo = limit
  else hi = limit
  while (hi !== undefined && hi - lo > 1 && steps < MAX_STEPS && performance.now() < deadline) {
    const mid = Math.floor((lo + hi) / 2)
    if (await attempt(mid)) lo = mid
    else hi = mid
  }
  const data = { largestPayload: lo, smallestRefused: hi ?? null, exact: hi === undefined || hi - lo <= 1, steps, maximumPacketSize: stated, probeLimit: PAYLOAD_PROBE_LIMIT }
  const statedText = stated === null ? '' : `; Maximum Packet Size ${fmt(stated)}`
  if (hi === undefined) {
    return { name, status: 'pass', detail: `${fmt(lo)} got through (the probe's limit${stated !== null && stated <= PAYLOAD_PROBE_LIMIT ? ', from the Maximum Packet Size' : ''})`, data }
  }
  if (lo === 0) return { name, status: 'fail', detail: `even a small payload did not get through (search stopped at ${fmt(hi)})`, data }
  if (!data.exact) return { name, status: 'pass', detail: `between ${fmt(lo)} and ${fmt(hi)} (search stopped after ${steps} steps)${statedText}`, data }
  return { name, status: 'pass', detail: `largest ${fmt(lo)} (${fmt(hi)} refused)${statedText}`, data }
}
