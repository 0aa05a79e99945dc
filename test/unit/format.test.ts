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

  it('fixed: %Nx pads instead of truncating; precision limits the payload bytes of %p', () => {
    expect(r('%30x')).toBe(`        68656c6c6f20776f726c64`)
    expect(r('%-30X|')).toBe(`68656C6C6F20776F726C64        |`)
    expect(r('%5p|%.5p')).toBe('hello world|hello')
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

describe('mosquitto 2.1 -F additions', () => {
  const m3 = msg({ payload: Buffer.from('mes') })
  it.each([
    ['%.2x', '6d 65 73'],
    ['%.2X', '6D 65 73'],
    ['%.4x', '6d65 73'],
    ['%.3x', '6d6 573'],
    ['%.2:x', '6d:65:73'],
    ['%.2-X', '6D-65-73'],
    ['%.2 x', '6d 65 73'],
    ['%.6x', '6d6573'],
    ['%.0x', '6d6573'],
    ['%12.2:x|', '    6d:65:73|'],
    ['%-12.2x|', '6d 65 73    |'],
  ])('hex grouping %s', (f, out) => {
    expect(r(f, m3)).toBe(out)
  })

  it('a separator is only taken before x/X: %.2:t is an error at the colon', () => {
    expect(() => parseFormat('%.2:t')).toThrow(/invalid format specifier '%:'/)
  })

  const dbl = (v: number) => {
    const b = Buffer.alloc(8)
    b.writeDoubleLE(v)
    return msg({ payload: b })
  }
  const flt = (v: number) => {
    const b = Buffer.alloc(4)
    b.writeFloatLE(v)
    return msg({ payload: b })
  }
  it.each([
    ['%d', 3.14159265, '3.141593'],
    ['%.2d', 3.14159265, '3.14'],
    ['%10.3d|', -2.5, '    -2.500|'],
    ['%-10.1d|', 2.25, '2.2       |'],
    ['%010.2d', -1.5, '-000001.50'],
    ['%.0d|%.0d', 0.5, '0|0'],
    ['%.0d', 2.5, '2'],
    ['%d', 1e21, '1000000000000000000000.000000'],
    ['%.3d', 0.1, '0.100'],
    ['%.20d', 0.1, '0.10000000000000000555'],
    ['%d', -0, '-0.000000'],
    ['%d', Infinity, 'inf'],
    ['%05d', -Infinity, ' -inf'],
    ['%d', 5e-324, '0.000000'],
  ])('double %s of %d', (f, v, out) => {
    expect(r(f, dbl(v))).toBe(out)
  })

  it('float: 4 bytes, printed as the float value widened to double', () => {
    expect(r('%f', flt(0.1))).toBe('0.100000')
    expect(r('%.10f', flt(0.1))).toBe('0.1000000015')
  })

  it('NaN prints nan (-nan when the sign bit is set), as glibc', () => {
    expect(r('%d', msg({ payload: Buffer.from('000000000000f87f', 'hex') }))).toBe('nan')
    expect(r('%5d|', msg({ payload: Buffer.from('000000000000f8ff', 'hex') }))).toBe(' -nan|')
  })

  it('a payload of the wrong size: a warning and an empty field (padded to the width)', () => {
    const warnings: string[] = []
    const out = renderFormat(parseFormat('[%d][%6f]'), msg({ payload: Buffer.from('abc') }), { pretty: false, eol: false, warn: (t) => warnings.push(t) })
    expect(out.toString()).toBe('[][      ]')
    expect(warnings).toEqual([
      "-F %d needs an 8-byte payload (IEEE-754 double); the one on 'sensors/a' has 3: field left empty",
      "-F %f needs a 4-byte payload (IEEE-754 float); the one on 'sensors/a' has 3: field left empty",
    ])
  })
})
