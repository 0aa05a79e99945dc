import { afterEach, describe, expect, it, vi } from 'vitest'
import { nowUs, sleepUntilUs } from '../../src/session/schedule.js'

describe('sleepUntilUs', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('does not return before the time even when timers fire early', async () => {
    // libuv times a timer from the loop's cached clock, so it can fire before the delay has passed;
    // here every timer fires 3 ms early. A bench run's first messages went out before its start.
    const realSetTimeout = globalThis.setTimeout
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((cb: () => void, ms?: number) => realSetTimeout(cb, Math.max(0, (ms ?? 0) - 3))) as typeof setTimeout)
    for (const aheadMs of [1, 4, 10]) {
      const target = nowUs() + aheadMs * 1000
      await sleepUntilUs(target)
      expect(nowUs()).toBeGreaterThanOrEqual(target)
    }
  })

  it('returns at once for a time already past', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout')
    await sleepUntilUs(nowUs() - 1000)
    expect(spy).not.toHaveBeenCalled()
  })
})
