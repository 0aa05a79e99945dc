/** mqtx watch's bad input, run in-process: exit 2 before connecting (port 9: nothing listens), nothing on stdout. */
import { afterAll, describe, expect, it } from 'vitest'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind } from '../helpers/usage.js'

afterAll(expectNothingLeftBehind)

describe('mqtx watch: usage errors', () => {
  it.each([
    [['-t', 'a/#/b'], "mqtx: Invalid subscription topic 'a/#/b', are all '+' and '#' wildcards correct?"],
    [['--history', '0'], "mqtx: option '--history <n>' argument '0' is invalid. --history must be from 1 to 10000."],
    [['--history', 'x'], "mqtx: option '--history <n>' argument 'x' is invalid. --history must be a whole number from 1 to 10000."],
    [['-q', '3'], "mqtx: option '-q, --qos <qos>' argument '3' is invalid. Invalid QoS given: 3 (use 0, 1 or 2)."],
    [['--where', 'temp > `30`'], 'mqtx: watch shows every message: --where does not apply to it.'],
    // stdout is not a terminal here: the last check, after the flags
    [[], 'mqtx: watch is a full-screen view and needs a terminal, but standard output is not one.'],
  ])('%j: exit 2', async (args, line) => {
    const r = await mqtxInProcess(['watch', '-h', '127.0.0.1', '-p', '9', ...args])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe(line)
  })
})
