/** bridge's pure parts: the upstream ack ledger, topic rewriting, the loop marker and forwarded properties. */
import type { IPublishPacket } from 'mqtt'
import { describe, expect, it } from 'vitest'
import { AckLedger } from '../../src/bridge/ledger.js'
import { compileRewrite } from '../../src/bridge/rewrite.js'
import { carriesMarker, forwardOptions } from '../../src/bridge/forward.js'
import { summaryLine, newCounts } from '../../src/bridge/summary.js'
import { sideWords } from '../../src/bridge/side.js'
import type { AckPacket } from '../../src/mqtt/internals.js'

const ack = (messageId: number): AckPacket => ({ cmd: 'puback', messageId })
const tick = () => new Promise<void>((r) => queueMicrotask(r))

function ledger() {
  const written: number[] = []
  return { l: new AckLedger((a) => written.push(a.messageId)), written }
}

describe('AckLedger: upstream acks wait for the downstream confirmation, in arrival order', () => {
  it('holds each ack until its message is confirmed, and writes them in the order the messages came', async () => {
    const { l, written } = ledger()
    const e1 = l.received(1, 't', Buffer.from('a'))
    const e2 = l.received(2, 't', Buffer.from('b'))
    expect(l.hold(ack(1))).toBe(true)
    expect(l.hold(ack(2))).toBe(true)
    expect(l.inFlight).toBe(2)
    if (e2.kind !== 'new' || e1.kind !== 'new') throw new Error('new expected')
    l.confirmed(e2.entry)
    await tick()
    expect(written).toEqual([]) // 1 is not confirmed: 2 waits behind it
    l.confirmed(e1.entry)
    await tick()
    expect(written).toEqual([1, 2])
    expect(l.inFlight).toBe(0)
    expect(l.size()).toBe(0)
  })

  it('a message confirmed before MQTT.js makes its ack (QoS 0 downstream) is acknowledged as soon as the ack comes', async () => {
    const { l, written } = ledger()
    const e = l.received(7, 't', Buffer.from('x'))
    if (e.kind !== 'new') throw new Error('new expected')
    l.confirmed(e.entry)
    expect(written).toEqual([])
    expect(l.hold(ack(7))).toBe(true)
    await tick()
    expect(written).toEqual([7])
  })

  it('a message the downstream broker refused is never acknowledged, and does not hold back the acks behind it', async () => {
    const { l, written } = ledger()
    const refused = l.received(1, 't', Buffer.from('a'))
    const next = l.received(2, 't', Buffer.from('b'))
    l.hold(ack(1))
    l.hold(ack(2))
    if (refused.kind !== 'new' || next.kind !== 'new') throw new Error('new expected')
    l.confirmed(next.entry)
    l.abandon(refused.entry)
    await tick()
    expect(written).toEqual([2])
    expect(l.inFlight).toBe(0)
  })

  it('an ack for a message not on file goes out at once', () => {
    const { l } = ledger()
    expect(l.hold(ack(99))).toBe(false)
  })

  it('after a reconnect with the session kept, a redelivery of a message on file is a duplicate: not forwarded, acked once the first copy is confirmed', async () => {
    const { l, written } = ledger()
    const first = l.received(5, 't', Buffer.from('p'))
    l.hold(ack(5))
    l.lost()
    l.back(true)
    const again = l.received(5, 't', Buffer.from('p'))
    expect(again.kind).toBe('duplicate')
    expect(l.hold(ack(5))).toBe(true)
    if (first.kind !== 'new') throw new Error('new expected')
    l.confirmed(first.entry)
    await tick()
    expect(written).toEqual([5]) // once, on the new connection; the old connection's ack was void
  })

  it('a confirmed message whose ack was lost with the connection: its redelivery is acked at once, not forwarded', async () => {
    const { l, written } = ledger()
    const first = l.received(3, 't', Buffer.from('p'))
    if (first.kind !== 'new') throw new Error('new expected')
    l.confirmed(first.entry)
    l.lost() // before MQTT.js made the ack
    l.back(true)
    expect(l.received(3, 't', Buffer.from('p')).kind).toBe('duplicate')
    l.hold(ack(3))
    await tick()
    expect(written).toEqual([3])
  })

  it('failed reconnect attempts while the upstream broker restarts do not make it forget what it forwarded (MQTT.js closes each attempt)', async () => {
    const { l, written } = ledger()
    const first = l.received(3, 't', Buffer.from('p'))
    if (first.kind !== 'new') throw new Error('new expected')
    l.hold(ack(3))
    l.lost() // the broker went away before the downstream confirmation
    l.confirmed(first.entry)
    l.lost() // two attempts while it is down
    l.lost()
    l.back(true)
    expect(l.received(3, 't', Buffer.from('p'), true).kind).toBe('duplicate')
    l.hold(ack(3))
    await tick()
    expect(written).toEqual([3])
  })

  it('a redelivery (DUP) of a message already acknowledged is forwarded, flagged as a possible duplicate (the broker may have lost the ack)', async () => {
    const { l, written } = ledger()
    const e = l.received(11, 't', Buffer.from('m'))
    l.hold(ack(11))
    if (e.kind !== 'new') throw new Error('new expected')
    l.confirmed(e.entry)
    await tick()
    expect(written).toEqual([11])
    l.lost()
    l.back(true)
    expect(l.received(11, 't', Buffer.from('m'), true)).toMatchObject({ kind: 'new', again: true })
    // the same id with other bytes, or without DUP, is just new
    expect(l.received(12, 't', Buffer.from('m'), true)).toMatchObject({ kind: 'new', again: false })
    l.lost()
    l.back(false)
    expect(l.received(11, 't', Buffer.from('m'), true)).toMatchObject({ kind: 'new', again: false })
  })

  it('the same id with another payload is a new message; a new session forgets every id', () => {
    const { l } = ledger()
    l.received(4, 't', Buffer.from('a'))
    l.lost()
    l.back(true)
    expect(l.received(4, 't', Buffer.from('b')).kind).toBe('new')
    l.lost()
    l.back(false)
    expect(l.size()).toBe(0)
    expect(l.received(4, 't', Buffer.from('b')).kind).toBe('new')
  })

  it('QoS 2: a PUBREL answered again after a reconnect (no handleMessage) is held until the confirmation', async () => {
    const { l, written } = ledger()
    const e = l.received(9, 't', Buffer.from('q2'))
    l.hold({ cmd: 'pubcomp', messageId: 9 })
    l.lost()
    l.back(true)
    expect(l.hold({ cmd: 'pubcomp', messageId: 9 })).toBe(true)
    await tick()
    expect(written).toEqual([])
    if (e.kind !== 'new') throw new Error('new expected')
    l.confirmed(e.entry)
    expect(written).toEqual([9])
  })
})

describe('topic rewrite (replay\'s meaning: each rule in order replaces the first match)', () => {
  it.each([
    [[['^site1/(.*)', 'mirror/$1']], undefined, 'site1/a/b', 'mirror/a/b'],
    [[['^site1/(.*)', 'mirror/$1']], undefined, 'x/site1/a', 'x/site1/a'], // anchored: no match, kept
    [[['site1/', 'mirror/']], undefined, 'x/site1/a', 'x/mirror/a'], // unanchored: the first match
    [[['(a)/(b)', '$2/$1/$$/${1}0']], undefined, 'a/b', 'b/a/$/a0'],
    [[['^a/', 'b/'], ['^b/', 'c/']], undefined, 'a/x', 'c/x'], // in order, each on the result of the last
    [[['(?i)^HOME/(.*)', 'h/$1']], 'p/', 'home/x', 'p/h/x'],
    [[], 'pre/', 't', 'pre/t'],
    [[['(x)?y', 'z$1']], undefined, 'y', 'z'], // an unmatched group is empty
    [[['ä/(.)', '$1!']], undefined, 'grüß/ä/ö/x', 'grüß/ö!/x'], // positions in non-ASCII topics
  ])('%j prefix %j: %s -> %s', async (rules, prefix, topic, out) => {
    const rewrite = await compileRewrite(rules.map(([from = '', to = '']) => ({ from, to })), prefix)
    expect(rewrite(topic)).toBe(out)
  })

  it.each([
    ['(', 'x', /Invalid --rewrite regular expression '\('/],
    ['(a)', 'x/$2', /TO uses \$2, but FROM has only 1 group in parentheses/],
    ['a', 'x/$1', /TO uses \$1, but FROM has no groups/],
    ['a', 'x/$z', /a '\$' in TO must be \$1…\$9, \$\{N\} or \$\$/],
  ])('bad rule %s %s', async (from, to, re) => {
    await expect(compileRewrite([{ from, to }], undefined)).rejects.toThrow(re)
  })
})

const packet = (properties?: IPublishPacket['properties'], retain = false): IPublishPacket => ({ cmd: 'publish', topic: 't', payload: Buffer.from('x'), qos: 1, dup: false, retain, ...(properties === undefined ? {} : { properties }) })

describe('forwarded options and the loop marker', () => {
  it('keeps what the publisher set, drops per-connection properties, appends the marker to the user properties', () => {
    const opts = forwardOptions(packet({ contentType: 'a/b', correlationData: Buffer.from('c'), topicAlias: 3, subscriptionIdentifier: 7, messageExpiryInterval: 9, userProperties: { k: 'v', 'mqtx-bridge': 'other' } }, true), { qos: 1, v5: true, marker: 'me' })
    expect(opts).toEqual({ qos: 1, retain: true, properties: { contentType: 'a/b', correlationData: Buffer.from('c'), messageExpiryInterval: 9, userProperties: expect.objectContaining({ k: 'v', 'mqtx-bridge': ['other', 'me'] }) } })
  })

  it('to an MQTT 3.1.1 broker: QoS and retain only', () => {
    expect(forwardOptions(packet({ contentType: 'x' }), { qos: 0, v5: false, marker: 'me' })).toEqual({ qos: 0, retain: false })
  })

  it.each([
    [{ userProperties: { 'mqtx-bridge': 'me' } }, true],
    [{ userProperties: { 'mqtx-bridge': ['a', 'me'] } }, true],
    [{ userProperties: { 'mqtx-bridge': 'mex' } }, false],
    [{ userProperties: { other: 'me' } }, false],
    [undefined, false],
  ])('carriesMarker(%j)', (properties, yes) => {
    expect(carriesMarker(packet(properties as IPublishPacket['properties']), 'me')).toBe(yes)
  })
})

describe('the summary line', () => {
  it('says forwarded, duplicates and reconnects always, what was not forwarded when any', () => {
    expect(summaryLine(newCounts())).toBe('bridge: forwarded 0 messages; duplicates: 0 suppressed, 0 possible; reconnects: upstream 0, downstream 0')
    expect(summaryLine({ ...newCounts(), forwarded: 1, suppressed: 2, resent: 3, redelivered: 1, looped: 4, dropped: 5, badTopic: 6, reconnectsUp: 1, reconnectsDown: 2 })).toBe(
      "bridge: forwarded 1 message; duplicates: 2 suppressed, 4 possible (3 resent downstream, 1 redelivered upstream); reconnects: upstream 1, downstream 2; not forwarded: 4 with this bridge's loop marker, 5 QoS 0 while the downstream broker was away, 6 whose rewritten topic is invalid",
    )
  })
})

describe('sideWords: errors of the connection layer name the side\'s own flags (bridge has no -u, --cafile, -L)', () => {
  it.each([
    ["check -u and the password (-P, --password-file or MQTX_PASSWORD), and the broker's ACLs", 'to', "check --to-username and the password (--to-password-file, or user:pass@ in the --to URL), and the broker's ACLs"],
    ['check the spelling of -h / the URL', 'from', 'check the spelling of the host in --from'],
    ['connect with TLS: --cafile ca.crt (the CA that signed its certificate) or an mqtts://h:1/… URL (-L); plain MQTT', 'to', 'connect with TLS: --to-cafile ca.crt (the CA that signed its certificate) or an mqtts://h:1/… URL (--to); plain MQTT'],
    ['TLS: signed by "x", which is not trusted: --cafile /a/ca.crt is not that CA.', 'from', 'TLS: signed by "x", which is not trusted: --from-cafile /a/ca.crt is not that CA.'],
    ['pass --cert client.crt --key client.key (make one with: mqtx certgen client <id>)', 'to', 'pass --to-cert client.crt --to-key client.key (make one with: mqtx certgen client <id>)'],
    ['--insecure: not checked; --cafile-x and --key-file stay', 'to', '--to-insecure: not checked; --cafile-x and --key-file stay'],
    ['connect by a listed name, pass --servername <listed name>, or re-issue it: mqtx certgen server h', 'to', 'connect by a listed name (the host in --to), or re-issue it: mqtx certgen server h'],
  ] as const)('%s', (text, side, want) => {
    expect(sideWords(text, side)).toBe(want)
  })
})
