/** Hostile and odd input (issue 12): each case once crashed, changed its meaning silently or leaked. */
import { InvalidArgumentError } from 'commander'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { describePacket } from '../../src/mqtt/debug.js'
import { parseProtocolVersion } from '../../src/mqtt/parsers.js'
import { addProperty, PROPERTY_SEPARATOR, type PropertySets } from '../../src/mqtt/properties.js'
import { resolveConnection } from '../../src/mqtt/resolve.js'
import { parseBrokerUrl } from '../../src/mqtt/url.js'
import { validateFilter, validatePublishTopic } from '../../src/mqtt/topic.js'
import { redactUrl } from '../../src/mqtt/url.js'
import { escapeForTerminal, escapeJson } from '../../src/output/escape.js'
import { parseFormat, renderFormat } from '../../src/output/format.js'
import { jsonLine } from '../../src/output/json.js'
import type { ReceivedMessage } from '../../src/output/message.js'

function msg(over: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return { topic: 't/1', payload: Buffer.from('hi'), qos: 0, retain: false, dup: false, mid: 0, timeNs: 1795549688_039752754n, ...over }
}

/** The UsageError message `fn` throws (fails when it throws anything else, or nothing). */
function usage(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError)
    return (err as Error).message
  }
  throw new Error('expected a UsageError')
}

const resolve = (raw: Parameters<typeof resolveConnection>[0]) => resolveConnection(raw, { command: 'pub', env: {} })
const D = (...words: string[]) => words.join(PROPERTY_SEPARATOR)

describe('-F widths are bounded when the format is parsed, not when a message arrives', () => {
  it.each([
    ['%99999999999p', "-F: width 99999999999 is too large (at most 65535) at position 1 of '%99999999999p'."],
    ['x%-99999999999C', "-F: width 99999999999 is too large (at most 65535) at position 2 of 'x%-99999999999C'."],
    ['%.999999999999t', "-F: precision 999999999999 is too large (at most 268435455) at position 1 of '%.999999999999t'."],
  ])('%s', (format, message) => {
    expect(usage(() => parseFormat(format))).toBe(message)
  })
  it('the largest width still renders', () => {
    expect(renderFormat(parseFormat('%65535p'), msg(), { pretty: false, eol: false }).length).toBe(65535)
  })
  it('a format with a newline or escape character is quoted on one line', () => {
    expect(usage(() => parseFormat('a\n%Z\u001b'))).toBe("-F: invalid format specifier '%Z' (use one of %% %A %C %c %D %d %E %F %f %I %j %J %l %m %P %p %q %R %r %S %t %U %x %X) at position 4 of 'a\\n%Z\\e'.")
  })
})

describe('-L: the topic is everything after the host, as mosquitto', () => {
  it.each([
    ['mqtt://127.0.0.1:1883/a/#', 'a/#'],
    ['mqtt://h/a/+/b', 'a/+/b'],
    ['mqtt://h/a?b#c', 'a?b#c'],
    ['mqtt://h/%23', '#'],
    ['mqtt://h//lead', '/lead'],
    ['mqtt://h/$share/g/x/#', '$share/g/x/#'],
  ])('%s -> %s', (url, topic) => {
    expect(parseBrokerUrl(url).topic).toBe(topic)
  })
  it('a subscriber gets the filter it asked for; a publisher is told that # is a wildcard', () => {
    expect(validateFilter(parseBrokerUrl('mqtt://h/a/#').topic)).toBe('a/#')
    expect(usage(() => validatePublishTopic(parseBrokerUrl('mqtt://h/a/#').topic))).toBe("Invalid publish topic 'a/#', does it contain '+' or '#'?")
  })
  it("'?' or '#' in the host part is refused", () => {
    expect(usage(() => parseBrokerUrl('mqtt://h?x/t'))).toMatch(/^Invalid URL 'mqtt:\/\/h\?x\/t': the host part holds/)
    expect(usage(() => parseBrokerUrl('mqtt://h#/t'))).toMatch(/the host part holds/)
  })
  it('bad percent-encoding in the user name or password is a usage error that does not show the password', () => {
    expect(usage(() => parseBrokerUrl('mqtt://al%zz:pw@h/t'))).toBe("Invalid URL 'mqtt://al%zz:***@h/t': the user name is not valid percent-encoding (write % as %25).")
    const m = usage(() => parseBrokerUrl('mqtt://alice:s%E0%A4cret@h/t'))
    expect(m).toBe("Invalid URL 'mqtt://alice:***@h/t': the password is not valid percent-encoding (write % as %25).")
  })
})

describe('passwords are never echoed', () => {
  it.each([
    ['mqtt://alice:secret@127.0.0.1:1883', 'mqtt://alice:***@127.0.0.1:1883'],
    ['mqtt://alice:se/cret@h/t', 'mqtt://alice:***@h/t'],
    ['alice:secret@h', 'alice:***@h'],
    ['mqtt://h/no@password', 'mqtt://h/no@password'],
    ['mqtt://alice@h/t', 'mqtt://alice@h/t'],
  ])('redactUrl(%s)', (url, shown) => {
    expect(redactUrl(url)).toBe(shown)
  })
  it.each([
    [{ url: 'mqtt://alice:secret@127.0.0.1:1883' }, "Invalid URL 'mqtt://alice:***@127.0.0.1:1883': no topic (use …/topic, e.g. mqtt://host/home/temperature)."],
    [{ url: 'mqtt://alice:secret@h:99999/t' }, "Invalid URL 'mqtt://alice:***@h:99999/t' (use mqtt://[user[:pass]@]host[:port]/topic)."],
    [{ url: 'http://alice:secret@h/t' }, "Unsupported URL scheme 'http' in 'http://alice:***@h/t' (use mqtt, mqtts, ws or wss)."],
    [{ proxy: 'socks5h://alice:secret@h:99999' }, "Invalid --proxy 'socks5h://alice:***@h:99999': the port must be from 1 to 65535, not '99999' (use socks5h://[user[:pass]@]host[:port])."],
    [{ proxy: 'http://alice:secret@h:1080' }, "Invalid --proxy 'http://alice:***@h:1080': not a socks5h:// or socks5:// URL (use socks5h://[user[:pass]@]host[:port])."],
  ])('%j', (raw, message) => {
    expect(usage(() => resolve(raw))).toBe(message)
  })
  it('--proxy gets port 1080 by default (MQTT.js needs one)', () => {
    expect(resolve({ proxy: 'socks5h://u:p@127.0.0.1' }).proxy).toBe('socks5h://u:p@127.0.0.1:1080')
    expect(resolve({ proxy: 'socks5://[::1]:9050' }).proxy).toBe('socks5://[::1]:9050')
    expect(resolve({ proxy: 'socks5h://[::1]' }).proxy).toBe('socks5h://[::1]:1080')
    expect(() => resolve({ proxy: 'socks5h://u:p@[::1' })).toThrow("Invalid --proxy 'socks5h://u:***@[::1': an IPv6 address goes in brackets, '[::1]', followed by ':port' if any")
    expect(() => resolve({ proxy: 'socks5h://::1]:5' })).toThrow(/an IPv6 address goes in brackets/)
  })
  it('the CONNECT debug line hides the password', () => {
    const line = describePacket({ cmd: 'connect', protocolVersion: 5, clientId: 'c', clean: true, keepalive: 60, username: 'alice', password: Buffer.from('secret') } as never)
    expect(line).toContain("user 'alice', password <hidden>")
    expect(line).not.toContain('secret')
  })
})

describe('names are looked up without prototypes', () => {
  const add = (...words: string[]) => {
    const sets: PropertySets = {}
    addProperty(sets, words)
    return sets
  }
  it.each(['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty'])('-D %s … is an unknown command or property', (name) => {
    expect(usage(() => add(name, 'content-type', 'x'))).toBe(`Unknown -D command '${name}' (use connect, publish, subscribe, unsubscribe, disconnect, will).`)
    expect(usage(() => add('publish', name, 'x'))).toBe(`Unknown property '${name}'.`)
    expect(() => parseProtocolVersion(name)).toThrow(InvalidArgumentError)
  })
  it('a user property may be called __proto__ or toString: it is sent as given', () => {
    const props = add('publish', 'user-property', '__proto__', 'a').publish as { userProperties: Record<string, string> }
    addProperty({ publish: props }, ['publish', 'user-property', 'toString', 'b'])
    expect(Object.getOwnPropertyNames(props.userProperties)).toEqual(['__proto__', 'toString'])
    expect([props.userProperties.__proto__, props.userProperties.toString]).toEqual(['a', 'b'])
  })
})

describe('one rule per input, as mosquitto', () => {
  it('-x -1 (never expires) needs -i, as mosquitto', () => {
    expect(usage(() => resolve({ sessionExpiry: 4294967295 }))).toBe('You must provide a client id if you are using an infinite session expiry interval.')
    expect(usage(() => resolve({ sessionExpiry: 4294967295, idPrefix: 'p' }))).toMatch(/infinite session expiry/)
    expect(resolve({ sessionExpiry: 4294967295, id: 'keep' }).properties.connect?.sessionExpiryInterval).toBe(4294967295)
    expect(resolve({ sessionExpiry: 60 }).properties.connect?.sessionExpiryInterval).toBe(60)
  })
  it('a response topic is a topic name, from -D as from --response-topic', () => {
    expect(usage(() => resolve({ property: [D('publish', 'response-topic', 'r/#')] }))).toBe("Invalid response topic 'r/#', does it contain '+' or '#'?")
    expect(usage(() => resolve({ property: [D('will', 'response-topic', 'r/+')], willTopic: 'w' }))).toBe("Invalid response topic 'r/+', does it contain '+' or '#'?")
    expect(resolve({ property: [D('publish', 'response-topic', 'r/1')] }).properties.publish?.responseTopic).toBe('r/1')
  })
  it('--ws-path applies to WebSocket only', () => {
    expect(usage(() => resolve({ wsPath: '/x' }))).toBe('--ws-path applies to WebSocket connections only (use -L ws://host:port/topic or wss://…).')
    expect(resolve({ wsPath: '/x', url: 'ws://h/t' }).path).toBe('/x')
  })
  it('a topic with a real U+FFFD (valid UTF-8) is accepted when the command line had no invalid byte', () => {
    expect(validatePublishTopic('a/\uFFFD/b')).toBe('a/\uFFFD/b')
    expect(validateFilter('a/\uFFFD/#')).toBe('a/\uFFFD/#')
  })
})

describe('remote text: one escaping module for every path to a terminal', () => {
  const hostile = 'x\u202ey\u009b31mz\u2066\u007f'
  it('--json escapes C1 controls and bidi characters as \\u00XX; the value is unchanged', () => {
    const line = jsonLine(msg({ topic: hostile, payload: Buffer.from(hostile) }))
    expect(line).toContain('"topic":"x\\u202ey\\u009b31mz\\u2066\\u007f"')
    expect(line.slice(0, -1)).not.toMatch(/[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/)
    expect(JSON.parse(line)).toMatchObject({ topic: hostile, payload: hostile })
  })
  it('-F %j and %J too; otherwise byte-for-byte as before', () => {
    const out = renderFormat(parseFormat('%j'), msg({ topic: hostile, payload: Buffer.from(`"${hostile}"`) }), { pretty: false, eol: false }).toString()
    expect(out).toContain('"topic":"x\\u202ey\\u009b31mz\\u2066\\u007f"')
    expect(out).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/)
    const embedded = renderFormat(parseFormat('%J'), msg({ payload: Buffer.from(`{"k":"${hostile}"}`) }), { pretty: true, eol: false }).toString()
    expect(embedded).toContain('"k":\t"x\\u202ey\\u009b31mz\\u2066\\u007f"')
    expect(renderFormat(parseFormat('%j'), msg(), { pretty: false, eol: false }).toString()).toBe('{"tst":"2026-11-24T19:48:08.039752Z","topic":"t/1","qos":0,"retain":0,"payloadlen":2,"payload":"hi"}')
  })
  it('escapeJson leaves JSON structure and plain text alone', () => {
    expect(escapeJson('{"a":"\\n\u00e9\u{1f600}"}')).toBe('{"a":"\\n\u00e9\u{1f600}"}')
  })
  it('the --debug PUBLISH line escapes the topic', () => {
    const line = describePacket({ cmd: 'publish', qos: 0, retain: false, dup: false, topic: `a/${hostile}\u001b[2J`, payload: Buffer.alloc(0) } as never)
    expect(line).toBe("PUBLISH (q0, 'a/x\\u{202e}y\\x9b31mz\\u{2066}\\x7f\\e[2J', 0 bytes)")
    expect(escapeForTerminal(line)).toBe(line)
  })
})
