import { describe, expect, it } from 'vitest'
import { fitWidth, terminalSize, WatchBoard, type WatchSize } from '../../src/output/watch.js'
import { screen } from '../helpers/screen.js'

const SIZE: WatchSize = { rows: 24, columns: 80 }

describe('sub --watch board', () => {
  it('one line per topic in order of first arrival, rewritten in place', () => {
    const b = new WatchBoard()
    let out = ''
    b.update('a', 'a 1', SIZE)
    b.update('b', 'b 1', SIZE)
    out += b.render(SIZE)
    b.update('a', 'a 2', SIZE)
    b.update('c', 'c 1', SIZE)
    out += b.render(SIZE)
    b.update('b', 'b 2 longer', SIZE)
    b.update('a', 'a 3', SIZE)
    out += b.render(SIZE)
    expect(screen(out)).toEqual(['a 3', 'b 2 longer', 'c 1', ''])
    expect(b.pending).toBe(false)
    expect(b.render(SIZE)).toBe('')
  })

  it('control characters are escaped and long lines cut to the width (no wrapping)', () => {
    const b = new WatchBoard()
    const size = { rows: 10, columns: 12 }
    b.update('x', 'ab\u001b[2J\ncd', size)
    b.update('y', '0123456789ABCDEF', size)
    b.update('z', '\u4e2d\u6587\u4e2d\u6587\u4e2d\u6587\u4e2d', size)
    expect(screen(b.render(size))).toEqual(['ab\\e[2J\\ncd', '0123456789\u2026', '\u4e2d\u6587\u4e2d\u6587\u4e2d\u2026', ''])
  })

  it('more topics than lines: the rest are counted on a status line, the board stays in place', () => {
    const b = new WatchBoard()
    const size = { rows: 4, columns: 80 }
    let out = ''
    for (const t of ['a', 'b', 'c', 'd', 'e']) b.update(t, `${t} 1`, size)
    out += b.render(size)
    b.update('a', 'a 2', size)
    b.update('f', 'f 1', size)
    b.update('d', 'd 2', size)
    out += b.render(size)
    // 4 rows: 2 topic lines, the status line and the cursor's line
    expect(screen(out)).toEqual(['a 2', 'b 1', '(4 more topics not shown: the terminal is too short)', ''])
  })

  it('after reset() (a stderr line landed below it) the whole board is drawn again below', () => {
    const b = new WatchBoard()
    let out = ''
    b.update('a', 'a 1', SIZE)
    b.update('b', 'b 1', SIZE)
    out += b.render(SIZE)
    out += 'mqtx: warning: something\n'
    b.reset()
    b.update('a', 'a 2', SIZE)
    out += b.render(SIZE)
    expect(screen(out)).toEqual(['a 1', 'b 1', 'mqtx: warning: something', 'a 2', 'b 1', ''])
  })

  it('fitWidth and terminalSize', () => {
    expect(fitWidth('abc', 4)).toBe('abc')
    expect(fitWidth('abcd', 4)).toBe('ab\u2026')
    expect(terminalSize({})).toEqual({ rows: 24, columns: 80 })
    expect(terminalSize({ rows: 5, columns: 40 })).toEqual({ rows: 5, columns: 40 })
  })
})
