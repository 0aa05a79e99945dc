/** mqtx watch's pure parts: the topic tree (counts, decayed rates, retained, history), rows, chart numbers. */
import { describe, expect, it } from 'vitest'
import { historyOf, lastOf, rateAt, RATE_TAU_MS, StoredMessage, topicsUnder, TopicTree } from '../../src/watch/tree.js'
import { ancestorsOf, findTopic, flattenRows } from '../../src/watch/rows.js'
import { lineChart, numberOf, numericFields, payloadNumber, seriesOf, sparkline } from '../../src/watch/chart.js'
import { preview, shortAge, shortCount, shortRate } from '../../src/watch/format.js'
import { backupName, retainedBackup, writeBackup } from '../../src/watch/actions.js'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const msg = (payload: string | Buffer, at = 1_000_000, retain = false): StoredMessage => new StoredMessage(at, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), 0, retain)

function sample(): TopicTree {
  const t = new TopicTree(3)
  t.add('home/kitchen/temp', msg('21', 1000, true))
  t.add('home/kitchen/temp', msg('22', 2000))
  t.add('home/living/hum', msg('40', 3000, true))
  t.add('home', msg('root', 4000))
  t.add('b/x', msg('y', 5000))
  return t
}

describe('topic tree', () => {
  it('counts messages per topic and aggregates them up the tree', () => {
    const t = sample()
    expect(t.topics).toBe(4)
    expect(t.messages).toBe(5)
    const home = t.get('home')
    expect(home?.own).toBe(1)
    expect(home?.total).toBe(4)
    expect(t.root.total).toBe(5)
    expect(t.root.children?.get('home')?.children?.get('kitchen')?.total).toBe(2)
    expect(topicsUnder(t.root.children?.get('home') ?? t.root)).toBe(3)
    // last update of a subtree: its newest message
    expect(home?.lastAt).toBe(4000)
    expect(t.root.lastAt).toBe(5000)
  })

  it('keeps a bounded history per topic, oldest first, and the last message', () => {
    const t = new TopicTree(3)
    for (let i = 1; i <= 5; i++) t.add('a', msg(String(i), i))
    const a = t.get('a')
    if (a === undefined) throw new Error('no node')
    expect(historyOf(a).map((m) => m.payload.toString())).toEqual(['3', '4', '5'])
    expect(lastOf(a)?.payload.toString()).toBe('5')
    expect(a.history).toHaveLength(3)
  })

  it('marks retained topics; an empty retained message unmarks; retainedUnder lists a subtree', () => {
    const t = sample()
    expect(t.retainedUnder(t.root).map((n) => n.path)).toEqual(['home/kitchen/temp', 'home/living/hum'])
    // a live (non-retained) message does not change what the broker holds
    expect(t.get('home/kitchen/temp')?.retained?.payload.toString()).toBe('21')
    t.add('home/living/hum', msg('', 6000, true))
    expect(t.retainedUnder(t.root).map((n) => n.path)).toEqual(['home/kitchen/temp'])
  })

  it("the clear's backup holds the retained message, not a later live one, even once it left the history", () => {
    const t = new TopicTree(2)
    t.add('lamp', msg('on', 1000, true))
    for (let i = 0; i < 3; i++) t.add('lamp', msg(`live ${i}`, 2000 + i))
    t.add('plain', msg('not retained', 3000))
    const records = retainedBackup(t, ['lamp', 'plain'], 9000).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records).toEqual([expect.objectContaining({ topic: 'lamp', payload: 'on', retain: true, time: new Date(9000).toISOString() })])
  })

  it('two clears in the same second write two backups (the second one is not refused)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-watch-backup-'))
    try {
      const at = Date.UTC(2026, 10, 26, 17, 55, 1)
      expect(writeBackup(dir, at, 'first\n')).toBe(backupName(at))
      expect(writeBackup(dir, at + 500, 'second\n')).toBe('mqtx-retained-20261126-175501-2.ndjson')
      expect(readdirSync(dir).sort()).toEqual(['mqtx-retained-20261126-175501-2.ndjson', 'mqtx-retained-20261126-175501.ndjson'])
      expect(readFileSync(join(dir, backupName(at)), 'utf8')).toBe('first\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rates decay exponentially and add up in parents', () => {
    const t = new TopicTree(1)
    // 10 msg/s for 30 s (6 tau): the rate settles at 10
    for (let i = 0; i < 300; i++) t.add(`r/${i % 2}`, msg('x', i * 100))
    const now = 29_900
    expect(rateAt(t.root.children?.get('r') ?? t.root, now)).toBeCloseTo(10, 0)
    expect(rateAt(t.get('r/0') ?? t.root, now)).toBeCloseTo(5, 0)
    // one tau later without messages: 1/e of it
    expect(rateAt(t.get('r/0') ?? t.root, now + RATE_TAU_MS) / rateAt(t.get('r/0') ?? t.root, now)).toBeCloseTo(Math.exp(-1), 5)
  })

  it('an empty level and a leading slash are levels of their own', () => {
    const t = new TopicTree(1)
    t.add('/a//b', msg('x'))
    expect([...(t.root.children?.keys() ?? [])]).toEqual([''])
    expect(t.get('/a//b')?.parent?.name).toBe('')
    expect(t.get('/a//b')?.parent?.path).toBe('/a/')
  })
})

describe('rows', () => {
  it('flattens expanded nodes, sorted by name, rate or recency', () => {
    const t = sample()
    const rows = (sort: 'name' | 'rate' | 'recency', expanded: string[] = []) => flattenRows(t.root, { sort, expanded: new Set(expanded), now: 6000 }).map((r) => `${'  '.repeat(r.depth)}${r.node.name}${r.branch ? (r.expanded ? '-' : '+') : ''}`)
    expect(rows('name')).toEqual(['b+', 'home+'])
    expect(rows('name', ['home', 'home/kitchen'])).toEqual(['b+', 'home-', '  kitchen-', '    temp', '  living+'])
    expect(rows('recency')).toEqual(['b+', 'home+'])
    expect(rows('rate')).toEqual(['home+', 'b+'])
  })

  it('a filter keeps matching topics and their ancestors, expanded', () => {
    const t = sample()
    const rows = flattenRows(t.root, { sort: 'name', expanded: new Set(), filter: 'HUM', now: 0 }).map((r) => r.node.path)
    expect(rows).toEqual(['home', 'home/living', 'home/living/hum'])
  })

  it('search finds the next topic containing the text, wrapping, in both directions', () => {
    const t = sample()
    expect(findTopic(t.root, 'o', undefined, 1, 'name', 0)).toBe('home')
    expect(findTopic(t.root, 'o', 'home', 1, 'name', 0)).toBe('home/kitchen')
    expect(findTopic(t.root, 'o', 'home', -1, 'name', 0)).toBe('home/living/hum')
    expect(findTopic(t.root, 'nothing', undefined, 1, 'name', 0)).toBeUndefined()
    expect(ancestorsOf('a/b/c')).toEqual(['a', 'a/b'])
  })
})

describe('chart numbers', () => {
  it('reads a numeric payload or a JSON field', () => {
    expect(payloadNumber(Buffer.from(' 21.5\n'))).toBe(21.5)
    expect(payloadNumber(Buffer.from('-1e3'))).toBe(-1000)
    expect(payloadNumber(Buffer.from('0x10'))).toBeUndefined()
    expect(payloadNumber(Buffer.from('NaN'))).toBeUndefined()
    expect(numericFields(Buffer.from('{"a":1,"b":{"c":2.5,"d":"x"},"e":[3]}'))).toEqual(['a', 'b.c', 'e.0'])
    expect(numberOf(msg('{"b":{"c":2.5}}'), 'b.c')).toBe(2.5)
    expect(numberOf(msg('{"b":"x"}'), 'b')).toBeUndefined()
    expect(seriesOf([msg('1'), msg('x'), msg('3'), msg('4')], undefined, 2)).toEqual([3, 4])
  })

  it('draws a sparkline scaled from min to max, and a line chart that fits its width', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█')
    expect(sparkline([5, 5], 8)).toBe('▄▄')
    expect(sparkline([1, 2, 3], 2)).toBe('▁█')
    const lines = lineChart([1, 5, 2, 8, 3], 30, 6)
    expect(lines).toHaveLength(6)
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(30)
    expect(lines[0]).toMatch(/^ +8┤/)
    expect(lines[5]).toMatch(/^ +1┼/)
    expect(lineChart([1], 30, 6)).toEqual([])
  })
})

describe('short texts', () => {
  it.each([
    [0, '0'], [999, '999'], [1000, '1.0k'], [12_345, '12k'], [1_500_000, '1.5M'], [2e9, '2.0G'],
  ])('count %i -> %s', (n, text) => expect(shortCount(n)).toBe(text))

  it('rates, ages and previews', () => {
    expect(shortRate(0.01)).toBe('')
    expect(shortRate(2.34)).toBe('2.3/s')
    expect(shortRate(1234)).toBe('1.2k/s')
    expect(shortAge(0, 5000)).toBe('')
    expect(shortAge(1000, 60_000)).toBe('59s')
    expect(shortAge(0 + 1, 1 + 7200_000)).toBe('2h')
    expect(preview(msg(''))).toBe('(empty)')
    expect(preview(msg(Buffer.from([0xff, 0x00])))).toBe('(2 bytes)')
    expect(preview(msg('a\nb\u001b[2J'))).toBe('a b\\e[2J')
    expect(preview(msg('x'.repeat(100)), 10)).toBe('xxxxxxxxx…')
  })
})

describe('the plan', () => {
  it("watches '#' by default, adds $SYS/# with --sys, keeps -t filters", async () => {
    const { planWatch } = await import('../../src/watch/run.js')
    expect(planWatch({ history: 100 }).filters).toEqual(['#'])
    expect(planWatch({ history: 100, sys: true }).filters).toEqual(['#', '$SYS/#'])
    expect(planWatch({ history: 5, topic: ['a/#', 'b/+'], qos: 1 })).toEqual({ filters: ['a/#', 'b/+'], qos: 1, history: 5 })
  })
})
