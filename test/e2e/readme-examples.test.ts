/**
 * README's examples run as written (only the port changes: never 1883 in a test): the Quick start
 * on the embedded broker, with the output it shows; the bench examples that must pass on a stock
 * mosquitto. The set-up commands are first-run.test.ts's; the config example is config.test.ts's.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasMosquitto, hasMosquittoClients, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { codeBlocks, readmeSection } from '../helpers/readme.js'
import { mqtx, ROOT, run, start, startMqtx } from '../helpers/run.js'
import type { BenchResult } from '../../src/bench/result.js'

/** Shell words of a one-line command (plain words and '…' quoting, as README uses), without `mqtx`. */
function words(line: string): string[] {
  const out = [...line.replace(/\s+#.*$/, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
  expect(out[0]).toBe('mqtx')
  return out.slice(1)
}

const lines = (block: string | undefined) => (block ?? '').split('\n').filter((l) => l.trim() !== '')

describe('README: Quick start', () => {
  let broker: MqtxBroker
  afterAll(async () => {
    await broker?.stop()
  })

  it('step 0 is the embedded broker; the subscriber shows what the README shows', async () => {
    const [start, publish, shown] = codeBlocks(readmeSection('Quick start'))
    const [brokerLine, subLine] = lines(start)
    expect(brokerLine).toBe('mqtx broker &')
    broker = await startMqtxBroker(words((brokerLine ?? '').replace(/ &$/, '')).slice(1))
    const port = String(broker.port)
    const pubs = lines(publish)
    // the human view, as at a terminal (colour off: NO_COLOR)
    const sub = startMqtx([...words(subLine ?? ''), '-p', port, '--human', '-C', String(pubs.length), '-i', 'readme-qs'])
    await waitForMqtxSubscription(broker, 'readme-qs', 'home/#')
    for (const line of pubs) {
      const r = await mqtx([...words(line), '-p', port])
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    }
    const r = await sub.done
    expect(r.code).toBe(0)
    const time = /^\d\d:\d\d:\d\d\.\d{3} /gm
    expect(r.stdout.replace(time, 'HH:MM:SS.mmm ')).toBe((shown ?? '').replace(time, 'HH:MM:SS.mmm '))
  })
})

describe('README: mqtx broker', () => {
  it.skipIf(!hasMosquittoClients())("mosquitto's clients work with it as they are (no -V), and README does not say otherwise", async () => {
    expect(readmeSection('mqtx broker')).not.toMatch(/clients need `-V 311`/)
    const broker = await startMqtxBroker()
    try {
      const port = String(broker.port)
      const sub = start('mosquitto_sub', ['-p', port, '-i', 'readme-mosq', '-t', 'home/temperature', '-C', '1', '-v'])
      await waitForMqtxSubscription(broker, 'readme-mosq', 'home/temperature')
      expect((await run('mosquitto_pub', ['-p', port, '-t', 'home/temperature', '-m', '25.5'])).code).toBe(0)
      const r = await sub.done
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: 'home/temperature 25.5\n' })
    } finally {
      await broker.stop()
    }
  })
})

describe.skipIf(!hasMosquitto())('README: mqtx bench', () => {
  let mosquitto: Broker
  beforeAll(async () => {
    mosquitto = await startMosquitto()
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })
  const examples = lines(codeBlocks(readmeSection('mqtx bench'), ['sh'])[0])

  it('the ten-pairs example has no fan-out and loses nothing on a default mosquitto (a short run)', async () => {
    const line = examples.find((l) => l.includes('--publishers 10 --subscribers 10'))
    expect(line).toBeDefined()
    // the same clients and topics; a bounded count instead of the rate, so the test is not timed
    const args = words(line ?? '').filter((w, i, all) => w !== '--rate' && all[i - 1] !== '--rate')
    const r = await mqtx([...args, '--count', '100', '-p', String(mosquitto.port), '--json'], { timeoutMs: 60_000 })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const res = JSON.parse(r.stdout) as BenchResult
    expect(res.totals).toMatchObject({ sent: 1000, expected: 1000, received: 1000, lost: 0 })
  })

  it('no example asserts the rate it offers (the measured rate sits just under it)', () => {
    for (const line of examples.filter((l) => l.includes('--assert'))) {
      const offered = Number(/--rate (\d+)/.exec(line)?.[1] ?? Infinity)
      const asserted = Number(/rate>=(\d+)/.exec(line)?.[1] ?? 0)
      expect(asserted, line).toBeLessThan(offered)
    }
  })
})

describe('README: mqtx simulate', () => {
  const section = readmeSection('mqtx simulate')
  const [oneLine, examples, dryRun, shown] = codeBlocks(section)
  const [moduleCode] = codeBlocks(section, ['js'])

  it('the --dry-run example prints what README shows', async () => {
    const [line] = lines(dryRun)
    const r = await mqtx(words(line ?? ''))
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' })
    expect(r.stdout).toBe(shown)
  })

  it('every other example makes messages (dry runs, 3 messages; the module is README\'s own)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-readme-sim-'))
    writeFileSync(join(dir, 'gen.mjs'), moduleCode ?? '')
    copyFileSync(join(ROOT, 'test', 'fixtures', 'codecs', 'sensor.proto'), join(dir, 'sensor.proto'))
    const all = [...lines(oneLine), ...lines(examples)].filter((l) => l.startsWith('mqtx simulate'))
    expect(all).toHaveLength(5)
    for (const line of all) {
      const r = await mqtx([...words(line).filter((w, i, ws) => w !== '--duration' && ws[i - 1] !== '--duration'), '--dry-run', '-C', '3', '--seed', '1'], { cwd: dir })
      expect({ line, code: r.code, stderr: r.stderr }).toEqual({ line, code: 0, stderr: '' })
      expect(r.stdout.length, line).toBeGreaterThan(0)
      if (line.includes('gen.mjs')) expect(lines(r.stdout).map((l) => l.split(' ')[0])).toEqual(['tanks/0/level', 'tanks/1/level', 'tanks/2/level'])
    }
  })

  it.skipIf(!hasMosquitto())('the one-liner shows on the subscriber README pairs it with', async () => {
    const mosquitto = await startMosquitto()
    try {
      const port = String(mosquitto.port)
      const [simLine, subLine] = lines(oneLine)
      const sub = startMqtx([...words(subLine ?? ''), '-p', port, '-C', '4', '-i', 'readme-sim'])
      await waitForSubscription(mosquitto, 'readme-sim')
      const r = await mqtx([...words(simLine ?? ''), '-p', port, '-C', '4', '--rate', '100'])
      expect(r.code).toBe(0)
      const got = await sub.done
      expect(got.code).toBe(0)
      expect(lines(got.stdout).map((l) => l.split(' ')[0]).sort()).toEqual(['sim/home/bathroom/climate', 'sim/home/bedroom/climate', 'sim/home/kitchen/climate', 'sim/home/living-room/climate'])
    } finally {
      await mosquitto.stop()
    }
  })
})
