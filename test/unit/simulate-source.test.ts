/** simulate's message sources: what a --module generator may return, and topics a template can give at run time. */
import { describe, expect, it } from 'vitest'
import { functionSource, templateSource, type Encode } from '../../src/simulate/source.js'
import { compileTemplate } from '../../src/simulate/template.js'
import { newDevice } from '../../src/simulate/plan.js'
import { MqtxError, UsageError } from '../../src/errors.js'

const utf8: Encode = (text) => Buffer.from(text, 'utf8')
const delivery = { qos: 0 as const, retain: false }

function errorOf(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

describe('--module: what the generator returns', () => {
  const circular: Record<string, unknown> = {}
  circular.self = circular
  it.each([
    ['a topic with a control character', { topic: 'a\tb', payload: 'x' }, "Invalid topic 'a\\tb': it contains a control character (U+0009), which brokers refuse."],
    ['a topic with NUL', { topic: 'a\u0000b', payload: 'x' }, 'Invalid topic: it contains a NUL character.'],
    ['a topic over 65535 bytes', { topic: 'a'.repeat(65536), payload: 'x' }, 'Invalid topic: longer than 65535 bytes.'],
    ['a BigInt inside the payload', { topic: 't', payload: { n: 1n } }, 'the payload cannot be made JSON (Do not know how to serialize a BigInt)'],
    ['a circular payload', { topic: 't', payload: circular }, 'the payload cannot be made JSON (Converting circular structure to JSON)'],
    ['a payload whose toJSON gives nothing', { topic: 't', payload: { toJSON: () => undefined } }, 'the payload gives no JSON'],
    ['QoS as text', { topic: 't', payload: 'x', qos: '1' }, "qos must be 0, 1 or 2, not the text '1'"],
  ])('%s: an error naming the module, the device and the message', (_what, out, message) => {
    const source = functionSource('--module gen.mjs', () => out, 3, utf8, delivery)
    const device = newDevice(2, 1)
    device.seq = 5
    const err = errorOf(() => source.next(device, 0))
    expect(err).toBeInstanceOf(MqtxError)
    expect((err as MqtxError).message).toBe(`--module gen.mjs: message 5 of device 2: ${message}`)
  })
})

describe('templates: a topic made at run time', () => {
  const source = (topic: string) => {
    const walks = { count: 0 }
    return templateSource('the templates', compileTemplate(topic, { where: '-t', walks }), compileTemplate('x', { where: '-m', walks }), utf8, delivery, '-m')
  }
  it('an empty one (a list item that is empty) is a usage error naming the message', () => {
    const err = errorOf(() => source('{{device ""}}').next(newDevice(0, 1), 0))
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).message).toBe('template -t: message 0 of device 0 has an empty topic.')
  })
  it('one over 65535 bytes too', () => {
    const err = errorOf(() => source(`{{device ${'é'.repeat(40000)}}}`).next(newDevice(0, 1), 0))
    expect((err as UsageError).message).toBe('template -t: message 0 of device 0 has a topic longer than 65535 bytes.')
  })
  it('a topic within the limits is sent as made', () => {
    expect(source('{{device a}}/{{seq}}').next(newDevice(1, 1), 0)?.topic).toBe('a-2/0')
  })
})
