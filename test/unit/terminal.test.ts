/** The one colour decision: NO_COLOR, FORCE_COLOR, TERM=dumb and whether the stream is a terminal. */
import { describe, expect, it } from 'vitest'
import { wantsColor } from '../../src/output/terminal.js'

describe('wantsColor', () => {
  const cases: Array<[string, boolean, Record<string, string>, boolean]> = [
    ['terminal, nothing set', true, {}, true],
    ['not a terminal (pipe, file)', false, {}, false],
    ['NO_COLOR=1 on a terminal', true, { NO_COLOR: '1' }, false],
    ['NO_COLOR set to anything non-empty', true, { NO_COLOR: 'yes please' }, false],
    ['NO_COLOR empty is ignored (no-color.org)', true, { NO_COLOR: '' }, true],
    ['TERM=dumb on a terminal', true, { TERM: 'dumb' }, false],
    ['TERM=xterm-256color on a terminal', true, { TERM: 'xterm-256color' }, true],
    ['FORCE_COLOR=1 when piped', false, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=true when piped', false, { FORCE_COLOR: 'true' }, true],
    ['FORCE_COLOR=0 on a terminal', true, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', true, { FORCE_COLOR: 'false' }, false],
    ['FORCE_COLOR empty is ignored', false, { FORCE_COLOR: '' }, false],
    ['FORCE_COLOR=1 beats NO_COLOR (an explicit request)', false, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    ['FORCE_COLOR=1 beats TERM=dumb', false, { FORCE_COLOR: '1', TERM: 'dumb' }, true],
  ]
  for (const [name, isTTY, env, expected] of cases) {
    it(name, () => {
      expect(wantsColor({ isTTY, env })).toBe(expected)
    })
  }
})
