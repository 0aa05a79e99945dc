import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatNumber, jsonNestingExceeds, parseJson, printJson } from '../../src/output/cjson.js'
import { jsonLine, payloadOf, type JsonRecord } from '../../src/output/json.js'
import type { ReceivedMessage } from '../../src/output/message.js'
import { renderHuman } from '../../src/output/human.js'

function msg(over: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return { topic: 't/1', payload: Buffer.from('hi'), qos: 0, retain: false, dup: false, mid: 0, timeNs: 1795549688_039752754n, ...over }
}

describe('--json record', () => {
  it('round-trips random binary payloads byte for byte', () => {
    for (let i = 0; i < 200; i++) {
      const payload = randomBytes(i % 40)
      const rec = JSON.parse(jsonLine(msg({ payload }))) as JsonRecord
      expect(rec.payloadLength).toBe(payload.length)
      expect(payloadOf(rec)).toEqual(payload)
    }
  })

  it('text stays text; binary is base64 with an encoding field; fields in order', () => {
    expect(jsonLine(msg({ qos: 1, mid: 5, retain: true }))).toBe('{"time":"2026-11-24T19:48:08.039Z","topic":"t/1","qos":1,"retain":true,"dup":false,"mid":5,"payloadLength":2,"payload":"hi"}\n')
    expect(JSON.parse(jsonLine(msg({ payload: Buffer.from([0xff, 0]) })))).toMatchObject({ encoding: 'base64', payload: '/wA=' })
  })

  it('every v5 property; user properties keep duplicates', () => {
    const rec = JSON.parse(jsonLine(msg({ properties: { contentType: 'a/b', responseTopic: 'r', correlationData: Buffer.from([1, 2, 0xff]), messageExpiryInterval: 9, payloadFormatIndicator: true, topicAlias: 2, subscriptionIdentifier: 4, userProperties: { k: ['1', '2'], j: '3' } } }))) as JsonRecord
    expect(rec.properties).toEqual({ contentType: 'a/b', responseTopic: 'r', correlationData: 'AQL/', correlationDataEncoding: 'base64', messageExpiryInterval: 9, payloadFormatIndicator: 1, topicAlias: 2, subscriptionIdentifiers: [4], userProperties: [['k', '1'], ['k', '2'], ['j', '3']] })
  })
})

describe('cJSON-compatible printing', () => {
  it.each([[0, '0'], [42, '42'], [-7, '-7'], [1.5, '1.5'], [0.1, '0.1'], [1e21, '1e+21'], [1.5e-7, '1.5e-07'], [1e10, '10000000000'], [123456.789, '123456.789'], [NaN, 'null']])('%s', (n, s) => {
    expect(formatNumber(n)).toBe(s)
  })
  it('parses keeping order and duplicates; rejects invalid', () => {
    const node = parseJson(' {"b":1,"a":[true,false,null,"\\u00e9"],"b":2} ')
    expect(node && printJson(node)).toBe('{"b":1,"a":[true,false,null,"é"],"b":2}')
    for (const bad of ['', '{', '{"a":}', '[1,]', '01', 'nul', '"x', '{} x']) expect(parseJson(bad)).toBeUndefined()
  })
})

describe('human view', () => {
  it('never lets control characters or escape sequences through', () => {
    const evil = Buffer.from('x\u001b]0;pwned\u0007\u001b[2J\u009b31m\r\n\u202eabc')
    for (const color of [false, true]) {
      const out = renderHuman(msg({ topic: 'a/\u001b[31mred', payload: evil, properties: { userProperties: { '\u001b[1m': '\u0007' }, contentType: '\u001b[2J' } }), { color })
      const withoutOurColours = out.replace(/\u001b\[[0-9;]*m/g, (m) => (color ? '' : m))
      expect(withoutOurColours).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
      expect(out).toContain('\\e]0;pwned\\x07\\e[2J')
    }
  })
  it('JSON payloads are indented; binary as a hex dump', () => {
    expect(renderHuman(msg({ payload: Buffer.from('{"a":[1,"\u009b"]}') }), { color: false })).toContain('  {\n    "a": [\n      1,\n      "\\u009b"\n    ]\n  }\n')
    expect(renderHuman(msg({ payload: Buffer.from([0, 1, 0xff]) }), { color: false })).toContain('0000  00 01 ff')
  })

  it('caps huge JSON and text payloads as it caps binary; --full lifts every cap', () => {
    const array = Buffer.from(JSON.stringify(Array.from({ length: 3000 }, (_, i) => i)))
    const capped = renderHuman(msg({ payload: array }), { color: false }).split('\n')
    expect(capped).toHaveLength(1 + 40 + 1 + 1) // head, 40 lines, the note, the final newline
    expect(capped[41]).toBe('  … 2,962 more lines (--full shows all)')
    expect(renderHuman(msg({ payload: array }), { color: false, full: true }).split('\n')).toHaveLength(1 + 3002 + 1)
    const text = Buffer.from(`${'x'.repeat(5000)}\nend`)
    const cut = renderHuman(msg({ payload: text }), { color: false }).split('\n')
    expect(cut[1]).toBe(`  ${'x'.repeat(4000)}`)
    expect(cut[2]).toBe('  … 1,004 more characters (--full shows all)')
    const lines = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n'))
    expect(renderHuman(msg({ payload: lines }), { color: false }).split('\n')[41]).toBe('  … 60 more lines (--full shows all)')
    const bin = Buffer.alloc(100, 0xff)
    expect(renderHuman(msg({ payload: bin }), { color: false })).toContain('… 36 more bytes (--full shows all)')
    expect(renderHuman(msg({ payload: bin }), { color: false, full: true })).not.toContain('more bytes')
    const longString = Buffer.from(JSON.stringify({ s: 'y'.repeat(3000) }))
    expect(renderHuman(msg({ payload: longString }), { color: false })).toContain(`\n    "s": "${'y'.repeat(992)}…\n`)
  })
})

describe('JSON nesting limit (1,000 levels, as cJSON)', () => {
  const nested = (n: number, open = '[', close = ']') => `${open.repeat(n)}${close.repeat(n)}`
  it.each([
    [nested(1000), false],
    [nested(1001), true],
    [`${'{"a":'.repeat(1001)}1${'}'.repeat(1001)}`, true],
    // brackets inside strings do not count, escaped quotes included
    [`["${'['.repeat(5000)}\\"${'['.repeat(5000)}"]`, false],
    [`${'['.repeat(999)}"\\\\"${']'.repeat(999)}`, false],
  ])('jsonNestingExceeds(#%#) = %s', (text, deeper) => {
    expect(jsonNestingExceeds(text)).toBe(deeper)
    expect(parseJson(text) === undefined).toBe(deeper)
  })
})
