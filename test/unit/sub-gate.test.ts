import { describe, expect, it } from 'vitest'
import type { ReceivedMessage } from '../../src/output/message.js'
import { planOutput, renderMessage, type OutputPlan } from '../../src/output/render.js'
import { gate, shouldClear } from '../../src/sub/gate.js'
import type { SubPlan } from '../../src/sub/plan.js'

const msg = (over: Partial<ReceivedMessage> = {}): ReceivedMessage => ({ topic: 'a/b', payload: Buffer.from('{"online":true}'), qos: 0, retain: false, dup: false, mid: 0, timeNs: 0n, ...over })
const plan = (over: Partial<SubPlan> = {}): SubPlan => ({ filters: ['a/#'], filterOut: [], unsubscribe: [], qos: 0, ignoreRetained: false, retainedOnly: false, removeRetained: false, exitAfterSubscribe: false, noLocal: false, retainAsPublished: false, messageRate: false, watch: false, output: {} as OutputPlan, connection: {} as SubPlan['connection'], ...over })

describe('sub gate (mosquitto_sub order of checks)', () => {
  it('--retained-only ends at a live message', () => {
    expect(gate(plan({ retainedOnly: true }), msg())).toBe('end')
    expect(gate(plan({ retainedOnly: true }), msg({ retain: true }))).toBe('print')
  })
  it('-R, -T, --match, --random-filter skip', () => {
    expect(gate(plan({ ignoreRetained: true }), msg({ retain: true }))).toBe('skip')
    expect(gate(plan({ filterOut: ['a/+'] }), msg())).toBe('skip')
    expect(gate(plan({ match: /"online":false/ }), msg())).toBe('skip')
    expect(gate(plan({ match: /"online":true/ }), msg())).toBe('print')
    expect(gate(plan({ randomFilter: 0.25 }), msg(), { random: () => 0.3 })).toBe('skip')
    expect(gate(plan({ randomFilter: 0.25 }), msg(), { random: () => 0.2 })).toBe('print')
  })
  it('--remove-retained clears retained, non-empty, not filtered-out messages', () => {
    expect(shouldClear(plan({ removeRetained: true }), msg({ retain: true }))).toBe(true)
    expect(shouldClear(plan({ removeRetained: true }), msg())).toBe(false)
    expect(shouldClear(plan({ removeRetained: true, filterOut: ['a/b'] }), msg({ retain: true }))).toBe(false)
  })
})

describe('output mode', () => {
  it('human only on a terminal without output flags; conflicts are usage errors', () => {
    expect((planOutput({}, true, false) as OutputPlan).mode).toBe('human')
    expect((planOutput({}, false, false) as OutputPlan).mode).toBe('raw')
    expect((planOutput({ verbose: true }, true, false) as OutputPlan).mode).toBe('raw')
    expect((planOutput({ raw: true }, true, false) as OutputPlan).mode).toBe('raw')
    expect((planOutput({ human: true }, false, false) as OutputPlan).mode).toBe('human')
    expect(planOutput({ json: true, human: true }, false, false)).toBe('--json and --human cannot be used together.')
  })
  it("mosquitto's plain output: empty payload prints nothing, -v '(null)', -N", () => {
    const raw = planOutput({}, false, false) as OutputPlan
    expect(renderMessage(raw, msg({ payload: Buffer.alloc(0) }))).toBeUndefined()
    expect(renderMessage({ ...raw, verbose: true }, msg({ payload: Buffer.alloc(0) }))?.toString()).toBe('a/b (null)\n')
    expect(renderMessage({ ...raw, verbose: true, eol: false }, msg({ payload: Buffer.alloc(0) }))).toBeUndefined()
    expect(renderMessage({ ...raw, eol: false }, msg())?.toString()).toBe('{"online":true}')
  })
})
