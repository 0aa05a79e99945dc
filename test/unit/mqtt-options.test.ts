import { describe, expect, it } from 'vitest'
import { foldPropertyArgs } from '../../src/mqtt/argv.js'
import { addProperty, parsePropertyArgs, PROPERTY_SEPARATOR, type PropertySets } from '../../src/mqtt/properties.js'
import { resolveConnection } from '../../src/mqtt/resolve.js'
import { parseBrokerUrl } from '../../src/mqtt/url.js'
import { topicMatches, validateFilter, validatePublishTopic } from '../../src/mqtt/topic.js'
import { decodeText } from '../../src/session/payload.js'
import { parseRetainHandling } from '../../src/mqtt/parsers.js'

describe('foldPropertyArgs', () => {
  it('keeps the words of each -D together, even when a value starts with "-"', () => {
    const sep = PROPERTY_SEPARATOR
    expect(foldPropertyArgs(['node', 'mqtx', 'pub', '-D', 'publish', 'user-property', 'k', '-v', '-t', 'a'])).toEqual(['node', 'mqtx', 'pub', `--property=publish${sep}user-property${sep}k${sep}-v`, '-t', 'a'])
    expect(foldPropertyArgs(['pub', '--property', 'connect', 'session-expiry-interval', '-1'])).toEqual(['pub', `--property=connect${sep}session-expiry-interval${sep}-1`])
  })
  it('rejects a -D that runs out of words', () => {
    expect(() => foldPropertyArgs(['pub', '-D', 'publish', 'content-type'])).toThrow(/needs a command, a property name and a value/)
  })
})

describe('-D properties', () => {
  const add = (...words: string[]) => {
    const sets: PropertySets = {}
    addProperty(sets, words)
    return sets
  }
  it.each([
    [['connect', 'receive-maximum', '10'], { connect: { receiveMaximum: 10 } }],
    [['connect', 'request-problem-information', '0'], { connect: { requestProblemInformation: false } }],
    [['publish', 'payload-format-indicator', '1'], { publish: { payloadFormatIndicator: true } }],
    [['publish', 'correlation-data', 'abc'], { publish: { correlationData: Buffer.from('abc') } }],
    [['subscribe', 'subscription-identifier', '268435455'], { subscribe: { subscriptionIdentifier: 268435455 } }],
    [['will', 'will-delay-interval', '5'], { will: { willDelayInterval: 5 } }],
    [['disconnect', 'session-expiry-interval', '0'], { disconnect: { sessionExpiryInterval: 0 } }],
  ])('%j', (words, expected) => {
    expect(add(...words)).toEqual(expected)
  })
  it('user properties keep duplicates in order', () => {
    const sep = PROPERTY_SEPARATOR
    const sets = parsePropertyArgs([`publish${sep}user-property${sep}a${sep}1`, `publish${sep}user-property${sep}a${sep}2`, `publish${sep}user-property${sep}b${sep}3`])
    expect(sets.publish?.userProperties).toEqual({ a: ['1', '2'], b: '3' })
  })
  it.each([
    [['publish', 'topic-alias', '0'], /use 1 to 65535/],
    [['subscribe', 'subscription-identifier', '0'], /use 1 to 268435455/],
    [['publish', 'message-expiry-interval', '-5'], /Invalid value '-5'/],
    [['connect', 'content-type', 'x'], /not allowed for connect/],
    [['unsubscribe', 'subscription-identifier', '1'], /not allowed for unsubscribe/],
  ])('rejects %j', (words, message) => {
    expect(() => add(...words)).toThrow(message)
  })
})

describe('topics and filters', () => {
  it.each(['a', 'a/b', '/', 'a//b', '$SYS/x', 'ü/€'])('valid publish topic %s', (t) => {
    expect(validatePublishTopic(t)).toBe(t)
  })
  it.each(['#', 'a/#', '+', 'a/+/b', 'a/b/c', '$share/g/a/#', 'a//+'])('valid filter %s', (f) => {
    expect(validateFilter(f)).toBe(f)
  })
  it.each(['a/#/b', 'a+', 'a/b#', '#/a', '$share//a', '$share/g', '$share/g+/a', ''])('invalid filter %s', (f) => {
    expect(() => validateFilter(f)).toThrow()
  })
  it.each([
    ['h/\u001b[5;41mT', "Invalid publish topic 'h/\\e[5;41mT': it contains a control character (U+001B), which brokers refuse."],
    ['a\tb', "Invalid publish topic 'a\\tb': it contains a control character (U+0009), which brokers refuse."],
    ['a\u007f', "Invalid publish topic 'a\\x7f': it contains a control character (U+007F), which brokers refuse."],
    ['a\u009bb', "Invalid publish topic 'a\\x9bb': it contains a control character (U+009B), which brokers refuse."],
  ])('refuses a control character in a topic (escaped in the message): %j', (t, message) => {
    expect(() => validatePublishTopic(t)).toThrow(message)
    expect(() => validateFilter(t)).toThrow(/Invalid subscription topic .*control character/)
  })
  it.each([
    ['a/+', 'a/b', true],
    ['a/+', 'a/b/c', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['#', '$SYS/x', false],
    ['$share/g/a/+', 'a/x', true],
    ['+/+', '/x', true],
  ])('%s matches %s: %s', (f, t, m) => {
    expect(topicMatches(f, t)).toBe(m)
  })
})

describe('broker URLs and resolution', () => {
  it('parses credentials, port, IPv6 and a percent-encoded topic', () => {
    expect(parseBrokerUrl('mqtts://u%40x:p%3Aw@[::1]:8884/a%2Fb/c')).toEqual({ transport: 'tls', host: '::1', port: 8884, username: 'u@x', password: 'p:w', topic: 'a/b/c' })
  })
  it('TLS options switch the default port to 8883; flags beat the URL', () => {
    const cfg = resolveConnection({ cafile: '/etc/hostname' }, { command: 'pub', env: {} })
    expect([cfg.transport, cfg.port]).toEqual(['tls', 8883])
    const url = resolveConnection({ url: 'mqtt://h:1884/t', port: 1999, host: 'other' }, { command: 'pub', env: {} })
    expect([url.host, url.port, url.urlTopic]).toEqual(['other', 1999, 't'])
  })
  it('password precedence: flag > --password-file > MQTX_PASSWORD; env alone needs -u', () => {
    expect(resolveConnection({ username: 'u', pw: 'flag' }, { command: 'pub', env: { MQTX_PASSWORD: 'env' } }).password?.toString()).toBe('flag')
    expect(resolveConnection({ username: 'u' }, { command: 'pub', env: { MQTX_PASSWORD: 'env' } }).password?.toString()).toBe('env')
    expect(resolveConnection({}, { command: 'pub', env: { MQTX_PASSWORD: 'env' } }).password).toBeUndefined()
  })
  it('-c makes a v5 session that never expires unless -x; -D pins v5', () => {
    const c = resolveConnection({ disableCleanSession: true, id: 'x' }, { command: 'pub', env: {} })
    expect([c.clean, c.properties.connect?.sessionExpiryInterval, c.versionPinned]).toEqual([false, 4294967295, false])
    const d = resolveConnection({ property: [`connect${PROPERTY_SEPARATOR}receive-maximum${PROPERTY_SEPARATOR}5`] }, { command: 'pub', env: {} })
    expect(d.versionPinned).toBe(true)
  })
})

describe('--encoding', () => {
  it('decodes hex (spaces allowed) and base64 (standard and url-safe)', () => {
    expect(decodeText('de ad BE ef', 'hex', '-m')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]))
    expect(decodeText('AAH/', 'base64', '-m')).toEqual(Buffer.from([0, 1, 255]))
    expect(decodeText('AAH_', 'base64', '-m')).toEqual(Buffer.from([0, 1, 255]))
  })
  it.each([['abc', 'hex'], ['zz', 'hex'], ['a', 'base64'], ['a$b=', 'base64']] as const)('rejects %s as %s', (text, enc) => {
    expect(() => decodeText(text, enc, '-m')).toThrow(/-m is not valid/)
  })
})

describe('mosquitto 2.1 connection rules', () => {
  const resolve = (raw: Parameters<typeof resolveConnection>[0]) => resolveConnection(raw, { command: 'pub', env: {} })
  it('port 8883 turns TLS on (default CAs) unless --no-tls; an mqtt:// URL keeps its scheme', () => {
    expect(resolve({ port: 8883 }).transport).toBe('tls')
    expect(resolve({ port: 8883 }).tls).toEqual({ verify: true })
    expect(resolve({ port: 8883, tls: false }).transport).toBe('tcp')
    expect(resolve({ url: 'mqtt://h:8883/t' }).transport).toBe('tcp')
    expect(resolve({ port: 1884 }).transport).toBe('tcp')
  })
  it('--ws: WebSocket to -h/-p (wss with TLS); -x pins MQTT 5', () => {
    expect(resolve({ ws: true, port: 8080 })).toMatchObject({ transport: 'ws', port: 8080, path: '/mqtt' })
    expect(resolve({ ws: true, port: 8883 })).toMatchObject({ transport: 'wss', port: 8883 })
    expect(resolve({ sessionExpiry: 10 })).toMatchObject({ protocolVersion: 5, versionPinned: true })
  })
  it('--insecure turns every certificate check off', () => {
    expect(resolve({ port: 8883, insecure: true }).tls).toEqual({ verify: false })
  })
})

describe('--retain-handling (sub and rr): mosquitto 2.1 words or the v5 numbers', () => {
  it.each([['always', 0], ['new', 1], ['never', 2], ['0', 0], ['1', 1], ['2', 2]] as const)('%s -> %d', (word, n) => {
    expect(parseRetainHandling(word)).toBe(n)
  })
  it.each(['3', 'sometimes', 'toString', ''])('%j is refused', (word) => {
    expect(() => parseRetainHandling(word)).toThrow('--retain-handling takes always, new or never (or 0, 1, 2).')
  })
})
