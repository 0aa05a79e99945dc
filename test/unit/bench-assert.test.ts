import { describe, expect, it } from 'vitest'
import { checkAssertions, describeFailure, parseAssertions } from '../../src/bench/assert.js'
import { UsageError } from '../../src/errors.js'

describe('--assert', () => {
  it('parses metrics, operators and units (latencies in µs)', () => {
    expect(parseAssertions('rate>=40000, p99<10ms,loss=0,max<=2s,p50<500us,loss<0.5%').map((a) => [a.metric, a.op, a.value, a.percent])).toEqual([
      ['rate', '>=', 40000, false],
      ['p99', '<', 10000, false],
      ['loss', '=', 0, false],
      ['max', '<=', 2_000_000, false],
      ['p50', '<', 500, false],
      ['loss', '<', 0.5, true],
    ])
  })
  it.each(['', 'rate>>5', 'speed>5', 'rate>=fast', 'rate>5ms', 'p99<5%'])('refuses %j with a usage error', (text) => {
    expect(() => parseAssertions(text)).toThrow(UsageError)
  })
  it('lists the failed conditions with the measured value', () => {
    const f = checkAssertions(parseAssertions('rate>=100,p99<10ms,loss=0,ack-p99<1ms'), { rate: 150, p99: 12_500, loss: 3 })
    expect(f.map(describeFailure)).toEqual(['p99<10ms: measured 12.500 ms', 'loss=0: measured 3', 'ack-p99<1ms: not measured in this run'])
  })
})
