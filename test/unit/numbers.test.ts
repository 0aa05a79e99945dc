import { afterEach, describe, expect, it, vi } from 'vitest'
import { grouped } from '../../src/output/numbers.js'

describe('grouped', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('writes what toLocaleString("en-US") writes', () => {
    const values = [0, 1, 12, 999, 1000, 1001, 65_535, 999_999, 1_000_000, 268_435_455, 1234567890, Number.MAX_SAFE_INTEGER]
    for (const v of values) {
      expect(grouped(v)).toBe(v.toLocaleString('en-US'))
      expect(grouped(-v || 0)).toBe((-v || 0).toLocaleString('en-US'))
    }
    // not integers, or too large to be exact: through Intl, as before
    for (const v of [1.5, 1234.5678, 2 ** 60, Infinity, NaN]) expect(grouped(v)).toBe(v.toLocaleString('en-US'))
  })

  it('leaves Intl alone for a count (a cold pub would pay ~10 ms loading ICU data)', () => {
    const spy = vi.spyOn(Number.prototype, 'toLocaleString')
    expect(grouped(268_435_455)).toBe('268,435,455')
    expect(spy).not.toHaveBeenCalled()
  })
})
