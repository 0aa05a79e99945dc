/** The human view is the default on a terminal: run mqtx sub under a pseudo-terminal (util-linux script). */
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { MQTX_SHELL, run, start } from '../helpers/run.js'

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).error === undefined
let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

describe.skipIf(!hasScript)('on a terminal', () => {
  it.each([
    ['human view by default, escape sequences shown escaped', [], (out: string) => {
      expect(out).toMatch(/\d\d:\d\d:\d\d\.\d{3} pty\/0\/x \[q0\] evil\\e\]0;title\\x07\\e\[2J/)
      expect(out).not.toContain('\u001b]0;')
      expect(out).not.toContain('\u001b[2J')
    }],
    ['--raw prints the bytes as mosquitto_sub', ['--raw'], (out: string) => {
      expect(out).toContain('evil\u001b]0;title\u0007\u001b[2J')
    }],
  ])('%s', async (_name, extra, check) => {
    const id = `tty-${extra.length}`
    const topic = `pty/${extra.length}`
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
})
