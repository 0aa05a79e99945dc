/** respond's --template: placeholders, | json, missing values, own properties only, and malformed templates (exit 2). */
import { describe, expect, it } from 'vitest'
import { compileTemplate, type TemplateRequest } from '../../src/respond/template.js'

const req = (payload: string, extra: Partial<TemplateRequest> = {}): TemplateRequest => ({ topic: 'svc/dev7/get', payload: Buffer.from(payload), qos: 1, seq: 3, ...extra })
const fill = (t: string, r: TemplateRequest) => {
  const out = compileTemplate(t)(r)
  return { text: out.payload.toString('utf8'), missing: out.missing }
}

describe('--template', () => {
  it.each([
    ['{{topic}} {{topic.1}} {{qos}} {{seq}}', '{}', 'svc/dev7/get dev7 1 3'],
    ['{{payload}}', 'raw "text"', 'raw "text"'],
    ['{{ payload.a.b }}|{{payload.list[1]}}|{{payload.n}}|{{payload.o}}', '{"a":{"b":"x y"},"list":[1,2],"n":null,"o":{"k":[true]}}', 'x y|2|null|{"k":[true]}'],
    ['{{payload.s | json}} {{payload.n|json}}', '{"s":"q\\"u\\nx","n":1.5}', '"q\\"u\\nx" 1.5'],
    ['{{responseTopic}}:{{correlationData}}', '{}', 'r/1:abc'],
    ['no placeholders', '', 'no placeholders'],
  ])('%s with %s', (t, payload, text) => {
    expect(fill(t, req(payload, { responseTopic: 'r/1', correlationData: Buffer.from('abc') })).text).toBe(text)
  })

  it('a value the request lacks is empty (null with | json) and named', () => {
    expect(fill('[{{payload.x}}][{{payload.x | json}}][{{topic.9}}]', req('not json'))).toEqual({ text: '[][null][]', missing: ['{{payload.x}}', '{{payload.x | json}}', '{{topic.9}}'] })
  })

  it('only the JSON document\'s own fields: __proto__ and constructor are not reachable', () => {
    expect(fill('{{payload.__proto__}}{{payload.constructor}}{{payload.a.toString}}', req('{"a":{}}')).missing).toHaveLength(3)
  })

  it('{{time}} is an ISO 8601 time', () => {
    expect(fill('{{time}}', req('')).text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })

  it.each([
    ['{{nope}}', /--template: \{\{nope\}\} at position 1: unknown name/],
    ['a {{payload', /the '\{\{' at position 3 is not closed with '\}\}'/],
    ['a }} b', /'\}\}' at position 3 closes nothing/],
    ['{{payload | upper}}', /the only filter is '\| json'/],
    ['{{qos.1}}', /only topic and payload have parts/],
    ['{{topic.x}}', /topic\.N takes a level number/],
    ['{{}}', /unknown name/],
  ])('%s is a usage error', (t, re) => {
    expect(() => compileTemplate(t)).toThrow(re)
  })
})
