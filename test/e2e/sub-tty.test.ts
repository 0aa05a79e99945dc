/** The human view is the default on a terminal: run mqtx sub under a pseudo-terminal (util-linux script). */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { MQTX_SHELL, mqtx, run, start } from '../helpers/run.js'
import { screen } from '../helpers/screen.js'
import { publishPacket, startV311Stub } from '../helpers/v311-stub.js'

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).error === undefined
let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

let ttyRuns = 0
describe.skipIf(!hasScript)('on a terminal', () => {
  it.each([
    ['human view by default, escape sequences shown escaped', [], (out: string) => {
      expect(out).toMatch(/\d\d:\d\d:\d\d\.\d{3} pty\/\d+\/x \[q0\] evil\\e\]0;title\\x07\\e\[2J/)
      expect(out).not.toContain('\u001b]0;')
      expect(out).not.toContain('\u001b[2J')
    }],
    ['--raw prints the bytes as mosquitto_sub', ['--raw'], (out: string) => {
      expect(out).toContain('evil\u001b]0;title\u0007\u001b[2J')
    }],
    // before: -v, -N and -F printed what the broker sent as it came, on a terminal too
    ['-v: topic and payload with the escape sequences escaped', ['-v'], (out: string) => {
      expect(out).toMatch(/pty\/\d+\/x evil\\e\]0;title\\x07\\e\[2J\r?\n/)
      expect(out).not.toContain('\u001b]0;')
    }],
    ['-N: the same', ['-N'], (out: string) => {
      expect(out).toContain('evil\\e]0;title\\x07\\e[2J')
      expect(out).not.toContain('\u001b[2J')
    }],
    ["-F: the fields escaped, the format's own \\e kept", ['-F', "'\\e[1m%t\\e[0m %p'"], (out: string) => {
      expect(out).toMatch(/\u001b\[1mpty\/\d+\/x\u001b\[0m evil\\e\]0;title\\x07\\e\[2J/)
      expect(out).not.toContain('\u001b[2J')
    }],
  ])('%s', async (_name, extra, check) => {
    const n = ++ttyRuns
    const id = `tty-${n}`
    const topic = `pty/${n}`
    // fixed, known-safe words only (a port number and literals): no input reaches this shell string
    const cmd = [MQTX_SHELL, 'sub', '-p', String(broker.port), '-i', id, '-t', `${topic}/#`, '-C', '1', ...extra].join(' ')
    const s = start('script', ['-qfec', cmd, '/dev/null'])
    await waitForSubscription(broker, id)
    const p = await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${topic}/x`, '-s'], { input: Buffer.from('evil\u001b]0;title\u0007\u001b[2J') })
    expect(p.code).toBe(0)
    const r = await s.done
    expect(r.code).toBe(0)
    check(r.stdout)
  })
  // A busy machine can read the SUBACK and the first messages in one go; the line was printed after
  // them (or, once -C was reached, not at all), and sub -w drew its board above it.
  it.each([
    ['-C 1', ['-C', '1'], ['one']],
    ['-w -C 2', ['-w', '-C', '2'], ['one', 'two']],
  ])('the SUBACK and messages in one TCP segment (%s): "subscribed to" comes first', async (_name, extra, payloads) => {
    const stub = await startV311Stub('connack', { withSuback: Buffer.concat(payloads.map((p, i) => publishPacket(`seg/${i}`, p))) })
    try {
      // fixed, known-safe words only (a port number and literals): no input reaches this shell string
      const cmd = [MQTX_SHELL, 'sub', '-V', '311', '-p', String(stub.port), '-t', "'seg/#'", '-v', ...extra].join(' ')
      const r = await run('script', ['-qfec', cmd, '/dev/null'])
      expect(r.code).toBe(0)
      expect(screen(r.stdout).filter((l) => l !== '')).toEqual(["mqtx: subscribed to 'seg/#' (QoS 0)", ...payloads.map((p, i) => `seg/${i} ${p}`)])
    } finally {
      await stub.close()
    }
  })
})

describe.skipIf(!hasScript)('--watch in a real pseudo-terminal (mosquitto 2.1)', () => {
  /** mqtx sub -w under script(1) with the terminal size set by stty; messages published one by one. */
  async function watch(id: string, size: [number, number], extra: string[], messages: Array<[string, string]>): Promise<string[]> {
    // fixed, known-safe words only (numbers, literals): no input reaches this shell string
    const cmd = `stty rows ${size[0]} cols ${size[1]}; exec ${[MQTX_SHELL, 'sub', '-p', String(broker.port), '-i', id, '-t', `'${id}/#'`, '-w', '-C', String(messages.length), ...extra].join(' ')}`
    const s = start('script', ['-qfec', cmd, '/dev/null'])
    await waitForSubscription(broker, id)
    for (const [topic, payload] of messages) {
      const p = await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${id}/${topic}`, '-m', payload])
      expect(p.code).toBe(0)
    }
    const r = await s.done
    expect(r.code).toBe(0)
    // the pty carries stderr too: "mqtx: subscribed to …" comes before the board
    const lines = screen(r.stdout).filter((l) => l !== '')
    expect(lines[0]).toBe(`mqtx: subscribed to '${id}/#' (QoS 0)`)
    return lines.slice(1)
  }

  it('-v: one line per topic, updated in place', async () => {
    const lines = await watch('watch1', [24, 80], ['-v'], [['a', 'one'], ['b', 'two'], ['a', 'three'], ['c', 'four'], ['b', 'five']])
    expect(lines).toEqual(['watch1/a three', 'watch1/b five', 'watch1/c four'])
  })

  it('-F works; control characters are escaped', async () => {
    const lines = await watch('watch2', [24, 80], ['-F', "'%t=%p'"], [['x', 'old'], ['x', 'new\u001b[2J']])
    expect(lines).toEqual(['watch2/x=new\\e[2J'])
  })

  it('more topics than lines: the rest are counted on a status line, no garbage', async () => {
    const lines = await watch('watch3', [5, 80], ['-v'], [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', '5'], ['a', '6']])
    expect(lines).toEqual(['watch3/a 6', 'watch3/b 2', 'watch3/c 3', '(2 more topics not shown: the terminal is too short)'])
  })

  it('a warning on the terminal while watching: the board is drawn again below it, whole', async () => {
    const lines = await watch('watch4', [24, 80], ['-F', "'%t=%p%d'"], [['a', 'abc'], ['b', 'xyz'], ['a', 'abcd']])
    // the last lines are the board, complete; everything above is a warning or an older copy of it
    expect(lines.slice(-2)).toEqual(['watch4/a=abcd', 'watch4/b=xyz'])
    expect(lines.filter((l) => l.startsWith('mqtx: warning: -F %d needs an 8-byte payload'))).toHaveLength(3)
    for (const l of lines) expect(l).toMatch(/^(mqtx: warning: -F %d needs an 8-byte payload .*|watch4\/[ab]=(abc|xyz|abcd))$/)
  })

  it('without a terminal: exit 2', async () => {
    const r = await mqtx(['sub', '-p', String(broker.port), '-t', 'a', '-w'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('mqtx: --watch needs a terminal, and standard output is not one.\nhint: without --watch every message is printed on its own line\n')
  })
})
