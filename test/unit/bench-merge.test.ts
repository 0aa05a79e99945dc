import { describe, expect, it } from 'vitest'
import { fillTemplate, resolveBench, scenarioKey } from '../../src/bench/config.js'
import { mergeParts } from '../../src/bench/merge.js'
import { zeroCounts, type PartResult } from '../../src/bench/part.js'
import { HIST_NAMES, decodeHistogram, encodeHistogram, newHistogram } from '../../src/bench/recorder.js'
import { buildResult } from '../../src/bench/result.js'
import { UsageError } from '../../src/errors.js'

function part(originS: number, values: number[], pubs: PartResult['publishers'], streams: PartResult['streams'], received: number[]): PartResult {
  const h = newHistogram()
  for (const v of values) h.recordValue(v)
  const hist = Object.fromEntries(HIST_NAMES.map((n) => [n, encodeHistogram(n === 'e2e' ? h : newHistogram())])) as PartResult['hist']
  return {
    publishers: pubs,
    streams,
    counts: { ...zeroCounts(), sent: pubs.reduce((a, p) => a + p[1], 0) },
    hist,
    series: { offered: [], acked: [], received, bytesOut: [], bytesIn: [] },
    originUs: originS * 1e6,
    measureStartUs: originS * 1e6,
    loadEndUs: (originS + 2) * 1e6,
    generator: { elu: [0.2, 0.5], delayP99Ms: 1, delayMaxMs: 2 },
    window: 20,
    receiveMaximum: 20,
    protocolVersion: 5,
  }
}

describe('mergeParts', () => {
  const a = part(100, [100, 200, 300], [[0, 10, 0, 0, 0, 't/0']], [{ key: 's0', shared: false, filter: 't/+', pubs: [[0, 10, 0, 0], [1, 9, 1, 0]] }], [5, 5])
  const b = part(101, [400, 5000], [[1, 10, 0, 0, 0, 't/1']], [{ key: 's1', shared: false, filter: 't/+', pubs: [[0, 10, 0, 0], [1, 10, 0, 0]] }], [7, 3])

  it('adds histograms, counters and series aligned by wall-clock second', () => {
    const m = mergeParts([a, b])
    const h = decodeHistogram(m.hist.e2e)
    expect(h.totalCount).toBe(5)
    expect(h.maxValue).toBeGreaterThanOrEqual(4995)
    expect(m.series.received).toEqual([5, 12, 3])
    expect(m.counts.sent).toBe(20)
    expect(m.generator.elu).toEqual([0.2, 0.5, 0.5])
    expect(m.originUs).toBe(100e6)
    expect(m.loadEndUs).toBe(103e6)
  })

  it('reconciles per publisher: expected = sent x matching subscriptions = received + lost', () => {
    const cfg = resolveBench('pubsub', { topic: 't/%t', topics: 2, publishers: 2, subscribers: 2, count: 10 })
    const r = buildResult(cfg, mergeParts([a, b]), {} as never, 'now')
    expect(r.publishers.map((p) => [p.id, p.sent, p.expected, p.received, p.lost, p.duplicates])).toEqual([
      [0, 10, 20, 20, 0, 0],
      [1, 10, 20, 19, 1, 1],
    ])
    expect(r.totals).toMatchObject({ expected: 40, received: 39, lost: 1, duplicates: 1 })
  })

  it('a pub file and a longer sub file: each side\'s rates over its own window', () => {
    // publisher: 10 s at 10,000 msg/s; subscriber: ran 20 s, received all 100,000 in its window
    const pub: PartResult = { ...part(100, [], [[0, 100_000, 0, 0, 0, 't/0']], [], []), loadEndUs: 110e6 }
    pub.counts = { ...pub.counts, sentMeasured: 100_000, bytesOutMeasured: 1_600_000 }
    const sub: PartResult = { ...part(95, [], [], [{ key: 's0', shared: false, filter: 't/+', pubs: [[0, 100_000, 0, 0]] }], []), loadEndUs: 115e6 }
    sub.counts = { ...zeroCounts(), receivedMeasured: 100_000, bytesInMeasured: 1_600_000 }
    const cfg = resolveBench('pubsub', { topic: 't/%t', count: 100_000 })
    const r = buildResult(cfg, mergeParts([pub, sub], { strictIds: true }), {} as never, 'now')
    expect(r.rates.sent).toBe(10_000)
    expect(r.rates.bytesOut).toBe(160_000)
    expect(r.rates.received).toBe(5_000)
    expect(r.rates.bytesIn).toBe(80_000)
  })

  it('refuses the same publisher id twice when merging files', () => {
    expect(() => mergeParts([a, a], { strictIds: true })).toThrow(UsageError)
  })
})

describe('bench config', () => {
  it('fills topic templates and derives the subscription filter', () => {
    expect(fillTemplate('a/%i/%t/100%%', 7, 3)).toBe('a/7/3/100%')
    expect(resolveBench('pubsub', { topic: 'x/%i/y' }).subTopic).toBe('x/+/y')
    expect(() => resolveBench('pubsub', { topic: 'x/dev%i' })).toThrow(/give --sub-topic/)
    expect(resolveBench('pubsub', { topic: 'x/dev%i', subTopic: 'x/#' }).subTopic).toBe('x/#')
  })
  it('defaults: 10 s with 1 s warm-up; --count alone has no duration and no warm-up', () => {
    expect(resolveBench('pubsub', {})).toMatchObject({ durationS: 10, warmupS: 1, size: 16, qos: 0, inflight: 64, publishers: 1, subscribers: 1 })
    const c = resolveBench('pub', { count: 5 })
    expect(c.durationS).toBeUndefined()
    expect(c.warmupS).toBe(0)
    expect(c.subscribers).toBe(0)
  })
  it('--rate-per-client is the total rate divided over the publishers', () => {
    expect(resolveBench('pub', { ratePerClient: 250, publishers: 4 }).rate).toBe(1000)
  })
  it('keys scenarios so that only like runs merge', () => {
    expect(scenarioKey(resolveBench('pub', { idOffset: 5, rate: 100 }))).toBe(scenarioKey(resolveBench('pub', { rate: 200 })))
    expect(scenarioKey(resolveBench('pub', { qos: 1 }))).not.toBe(scenarioKey(resolveBench('pub', {})))
  })
})
