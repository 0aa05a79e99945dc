/**
 * --match: the payload test runs on RE2JS, a linear-time (RE2) engine in pure JavaScript, so a user
 * pattern cannot hang mqtx: `^(a+)+$` that backtracks for minutes in V8 takes microseconds, and -W
 * and SIGTERM stay responsive. RE2 syntax (as Go's regexp / RE2): no backreferences, no lookahead or
 * lookbehind; flags inline, e.g. (?i). Loaded only when --match is given (start-up time).
 * Why this engine and not a worker with a timeout, the re2 addon or V8's experimental linear engine:
 * NOTES.md "sub --match".
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

export interface PayloadMatcher {
  test(text: string): boolean
}

export async function compileMatch(pattern: string): Promise<PayloadMatcher> {
  const { RE2JS } = await import('re2js')
  try {
    return RE2JS.compile(pattern)
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '')
    throw new UsageError(`Invalid --match regular expression '${escapeForTerminal(pattern)}': ${escapeForTerminal(reason)}.`, {
      cause: err,
      hint: 'RE2 syntax: no backreferences (\\1) and no lookaround ((?=…), (?<=…)); (?i) makes it case-insensitive',
    })
  }
}
