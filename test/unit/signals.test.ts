import { describe, expect, it } from 'vitest'
import { ExitCode, HangupError, InterruptedError, TerminatedError } from '../../src/errors.js'
import { exitCodeFor, stoppedBy, stopWord, type StopSignal } from '../../src/signals.js'

describe('stop signals', () => {
  it.each([
    ['SIGINT', 130, 'interrupted', InterruptedError],
    ['SIGTERM', 143, 'terminated', TerminatedError],
    ['SIGHUP', 129, 'hung up', HangupError],
  ] as const)('%s: exit %i, "%s"', (signal: StopSignal, code, word, type) => {
    expect(exitCodeFor(signal)).toBe(code)
    expect(stopWord(signal)).toBe(word)
    const err = stoppedBy(signal)
    expect(err).toBeInstanceOf(type)
    expect([err.message, err.exitCode]).toEqual([word, code])
  })

  it('129 is 128 + SIGHUP', () => {
    expect(ExitCode.hangup).toBe(128 + 1)
  })
})
