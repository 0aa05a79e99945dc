import { describe, expect, it } from 'vitest'
import { fitColumns, fittedTable, wrapLong, type Column } from '../../src/output/table.js'

const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length))

describe('tables fitted to 80 columns', () => {
  const columns: Column[] = [
    { head: 'messages' },
    { head: 'sent', priority: 9 },
    { head: 'acked', priority: 8 },
    { head: 'duplicates', short: 'dup', priority: 6 },
    { head: 'in flight at end', short: 'in flight', priority: 4 },
    { head: 'a rather long column', short: 'long', priority: 1 },
  ]

  it('leaves out columns where every cell is "-" or empty', () => {
    expect(fitColumns(columns, [['total', '10', '-', '0', '-', '']]).keep).toEqual([0, 1, 3])
  })

  it('abbreviates headers, then drops the least important columns, until it fits', () => {
    const row = ['per second (measured)', '1,000,000', '1,000,000', '1,000,000', '1,000,000', '1,000,000']
    // 85 wide with short headers: the lowest priority goes first
    expect(fitColumns(columns, [row], 80)).toEqual({ keep: [0, 1, 2, 3, 4], heads: ['messages', 'sent', 'acked', 'dup', 'in flight', 'long'] })
    expect(fitColumns(columns, [row], 60).keep).toEqual([0, 1, 2])
    expect(width(fittedTable(columns, [row], 60))).toBeLessThanOrEqual(60)
  })

  it('keeps the full headers when they fit', () => {
    expect(fitColumns(columns.slice(0, 5), [['total', '1', '1', '1', '1']]).heads[4]).toBe('in flight at end')
  })

  it('wraps long lines at spaces, indenting the continuation', () => {
    const text = wrapLong(`short\n${'word '.repeat(30).trim()}`)
    expect(width(text)).toBeLessThanOrEqual(80)
    expect(text.split('\n')[2]).toMatch(/^ {2}word/)
  })
})
