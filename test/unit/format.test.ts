import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { parseFormat, renderFormat } from '../../src/output/format.js'
import type { ReceivedMessage } from '../../src/output/message.js'

const T = 1795549688_039752754n
function msg(over: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return { topic: 'sensors/a', payload: Buffer.from('hello world'), qos: 1, retain: false, dup: false, mid: 7, timeNs: T, ...over }
}
const r = (f: string, m = msg(), eol = false) => renderFormat(parseFormat(f), m, { pretty: false, eol }).toString('latin1')

describe('-F parse errors: one UsageError naming the position', () => {
  it.each([
    ['%Z', /invalid format specifier '%Z'.* at position 2/],
    ['abc%', /incomplete format specifier at position 4/],
    ['%-05', /incomplete format specifier at position 1/],
    ['x@', /incomplete time specifier at position 2/],
    ['@K', /invalid time specifier '@K' at position 2/],
    ['a\\q', /invalid escape specifier '\\q' at position 3/],
    ['a\\', /incomplete escape specifier at position 2/],
  ])('%s', (f, re) => {
    expect(() => parseFormat(f)).toThrow(UsageError)
    expect(() => parseFormat(f)).toThrow(re)
  })
})

describe('-F codes (mosquitto 2.0.11 semantics where right)', () => {
  it.each([
    ['%%', '%'],
    ['%t', 'sensors/a'],
    ['%12t|%-12t|%.3t|%5.3t|%012t', '   sensors/a|sensors/a   |sen|  sen|   sensors/a'],
    ['%l|%5l|%-5l|%05l|%.2l', '11|   11|11   |00011|11'],
    ['%m|%05m', '7|00007'],
    ['%q|%3q|%r', '1|1|0'],
    ['%p', 'hello world'],
    ['%15p|%-15p|%015p', '    hello world|hello world    |0000hello world'],
    ['%x', '68656c6c6f20776f726c64'],
    ['%X', '68656C6C6F20776F726C64'],
    ['\\\\\\0\\a\\e\\n\\r\\t\\v', '\\\0\x07\x1b\n\r\t\v'],
    ['@@', '@'],
    ['%U', '1795549688.039752754'],
    ['@N', '039752754'],
    ['@s', '1795549688'],
    ['%A%C%D%E%F%P%R%S', ''],
  ])('%s', (f, out) => {
    expect(r(f)).toBe(out)
  })

  it('v5 properties', () => {
    const m = msg({ properties: { contentType: 'text/plain', responseTopic: 'resp/x', correlationData: Buffer.from('cd1'), messageExpiryInterval: 77, payloadFormatIndicator: true, topicAlias: 3, subscriptionIdentifier: 42, userProperties: { k1: ['v1', 'v3'], k2: 'v2' } } })
    expect(r('%C|%12C|%.4C|%R|%D|%E|%05E|%F|%A|%S|%P', m)).toBe('text/plain|  text/plain|text|resp/x|cd1|77|00077|1|3|42|k1:v1 k1:v3 k2:v2')
  })

  it('fixed: %Nx pads instead of truncating; precision limits the payload bytes', () => {
    expect(r('%30x')).toBe(`        68656c6c6f20776f726c64`)
    expect(r('%-30X|')).toBe(`68656C6C6F20776F726C64        |`)
    expect(r('%5p|%.5p|%.2x')).toBe('hello world|hello|6865')
  })

  it('-N: no newline unless eol', () => {
    expect(r('%t', msg(), true)).toBe('sensors/a\n')
  })

  it('%I and @ codes are local time of the receipt', () => {
    expect(r('%I')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}$/)
    expect(r('@Y-@m-@dT@H:@M:@S')).toBe(r('%I').slice(0, 19))
  })

  it('%j: valid ISO 8601 tst and a binary payload never cut at NUL', () => {
    const bin = Buffer.from([0x61, 0x00, 0xff, 0x62])
    const out = JSON.parse(r('%j', msg({ payload: bin }))) as Record<string, unknown>
    expect(out.tst).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    expect(new Date(out.tst as string).getTime()).toBe(1795549688039)
    expect(out).toMatchObject({ topic: 'sensors/a', qos: 1, retain: 0, payloadlen: 4, mid: 7, encoding: 'base64' })
    expect(Buffer.from(out.payload as string, 'base64')).toEqual(bin)
    expect(JSON.parse(r('%j', msg({ payload: Buffer.from('a\0b') }))).payload).toBe('a\0b')
  })

  it('%J embeds JSON like cJSON (order, duplicates, numbers); not JSON => nothing', () => {
    const m = msg({ qos: 0, payload: Buffer.from('{"b":1,"2":[1.5,1e21,1.5e-7,true,null],"b":"x\\u0001"}') })
    expect(r('%J', m).replace(/"tst":"[^"]*",/, '')).toBe('{"topic":"sensors/a","qos":0,"retain":0,"payloadlen":53,"payload":{"b":1,"2":[1.5,1e+21,1.5e-07,true,null],"b":"x\\u0001"}}')
    expect(() => r('%J', msg({ payload: Buffer.from('not json') }))).toThrow()
  })

  it('--pretty indents like cJSON (tabs)', () => {
    const out = renderFormat(parseFormat('%J'), msg({ qos: 0, payload: Buffer.from('{"a":[1,{}]}') }), { pretty: true, eol: false }).toString()
    expect(out.replace(/\t"tst":\t"[^"]*",\n/, '')).toBe('{\n\t"topic":\t"sensors/a",\n\t"qos":\t0,\n\t"retain":\t0,\n\t"payloadlen":\t12,\n\t"payload":\t{\n\t\t"a":\t[1, {\n\t\t\t}]\n\t}\n}')
  })
})
