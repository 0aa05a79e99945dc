/**
 * README's examples run as written (only the port changes: never 1883 in a test): the Quick start
 * on the embedded broker, with the output it shows; the bench examples that must pass on a stock
 * mosquitto; the record and replay examples (which are also their --help examples). The set-up
 * commands are first-run.test.ts's; the config example is config.test.ts's.
 */
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
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

describe.skipIf(!hasMosquitto() || !hasMosquittoClients())('README: mqtx record and mqtx replay', () => {
  let mosquitto: Broker
  let port: string
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-readme-rec-'))
  beforeAll(async () => {
    mosquitto = await startMosquitto()
    port = String(mosquitto.port)
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })

  it('each record example records (here until -C 1, on the test broker, in a scratch directory)', async () => {
    const examples = lines(codeBlocks(readmeSection('mqtx record'))[0])
    expect(examples.length).toBeGreaterThan(2)
    let n = 0
    for (const line of examples) {
      const args = words(line)
      const id = `readme-rec-${++n}`
      const rec = startMqtx([...args, '-p', port, '-C', '1', '-i', id], { cwd: dir })
      await waitForSubscription(mosquitto, id)
      const filter = args[args.indexOf('-t') + 1] ?? ''
      const pub = await run('mosquitto_pub', ['-p', port, '-t', filter.replace('#', 'x').replace('+', 'y'), '-m', `m${n}`])
      expect(pub.code).toBe(0)
      const r = await rec.done
      expect(r.code, `${line}: ${r.stderr}`).toBe(0)
      expect(r.stderr).toMatch(/^mqtx: recorded 1 message \(\d B of payload, 1 topic\)/m)
    }
  }, 60_000)

  it('each replay example runs (the test broker and --speed max added; the files made first, globs expanded)', async () => {
    const examples = lines(codeBlocks(readmeSection('mqtx replay'))[0])
    expect(examples.length).toBeGreaterThan(3)
    const t0 = Date.parse('2026-01-01T00:00:00Z')
    const rec = (topic: string, minutes: number) => `${JSON.stringify({ time: new Date(t0 + minutes * 60_000).toISOString(), topic, qos: 1, retain: false, payload: `${topic}@${minutes}` })}\n`
    writeFileSync(join(dir, 'home.ndjson'), rec('home/kitchen/temp', 0) + rec('home/kitchen/temp', 6) + rec('home/door', 7) + rec('home/kitchen/temp', 12))
    writeFileSync(join(dir, 'plant.ndjson.gz'), gzipSync(rec('plant/line1', 0) + rec('plant/line1', 0.001)))
    writeFileSync(join(dir, 'fleet.000001.ndjson.gz'), gzipSync(rec('fleet/1', 0)))
    writeFileSync(join(dir, 'fleet.000002.ndjson.gz'), gzipSync(rec('fleet/2', 1)))
    writeFileSync(join(dir, 'site1.ndjson'), rec('site1/a', 0))
    const outputs: string[] = []
    for (const line of examples) {
      const args = words(line).flatMap((w) => (/^[\w.-]*\*[\w.-]*$/.test(w) ? readdirSync(dir).filter((f) => new RegExp(`^${w.replace(/\./g, '\\.').replace('*', '.*')}$`).test(f)).sort() : [w]))
      const r = await mqtx([...args, '-h', '127.0.0.1', '-p', port, '--speed', 'max'], { cwd: dir })
      expect(r.code, `${line}: ${r.stderr}`).toBe(0)
      outputs.push(r.stdout)
      if (args.includes('--dry-run')) continue
      // --since 5m --until 10m -t 'home/+/temp': only the kitchen at minute 6
      const sent = args.includes('--since') ? 1 : args.includes('--loop') ? 6 : args[1] === 'home.ndjson' ? 4 : 2
      expect(r.stderr, line).toMatch(new RegExp(`^mqtx: replayed ${sent} messages? `, 'm'))
    }
    expect(outputs.at(-1), JSON.stringify(examples)).toBe(`${JSON.stringify({ delayMs: 0, time: new Date(t0).toISOString(), topic: 'site2/a', qos: 1, retain: false, payloadLength: 9, payload: 'site1/a@0' })}\n`)
  }, 60_000)
})

describe.skipIf(!hasMosquitto())('README: mqtx respond', () => {
  let mosquitto: Broker
  beforeAll(async () => {
    mosquitto = await startMosquitto()
  })
  afterAll(async () => {
    await mosquitto?.stop()
  })
  const [pair, shown, more] = codeBlocks(readmeSection('mqtx respond'))
  const P = () => ['-p', String(mosquitto.port)]

  /** Run a README respond line (without its `&`) until it has answered `count` requests. */
  async function responder(line: string, id: string) {
    const p = startMqtx([...words(line.replace(/ &$/, '')), ...P(), '-i', id, '-C', '1'])
    await waitForSubscription(mosquitto, id)
    return p
  }

  it('mqtx rr against mqtx respond prints what README shows', async () => {
    const [respondLine = '', rrLine = ''] = lines(pair)
    const p = await responder(respondLine, 'readme-respond')
    const r = await mqtx([...words(rrLine), ...P(), '-W', '20'])
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: shown, stderr: '' })
    expect((await p.done).code).toBe(0)
  })

  it('the template and MQTT 3.1.1 examples answer as described', async () => {
    const examples = lines(more)
    const template = examples.find((l) => l.includes('--template')) ?? ''
    const p = await responder(template, 'readme-template')
    const r = await mqtx(['rr', ...P(), '-t', 'svc/greet/web', '-e', 'r/greet', '-m', '{"name": "Ann"}', '-W', '20'])
    expect(JSON.parse(r.stdout)).toEqual({ hello: 'Ann', from: 'web' })
    expect((await p.done).code).toBe(0)
    const v3 = examples.find((l) => l.includes('-V 311')) ?? ''
    const q = await responder(v3, 'readme-v311')
    const s = await mqtx(['rr', ...P(), '-V', '311', '-t', 'svc/ping', '-e', 'svc/pong', '-m', 'ping', '-W', '20'])
    expect({ code: s.code, stdout: s.stdout }).toEqual({ code: 0, stdout: 'pong\n' })
    expect((await q.done).code).toBe(0)
  })
})

describe.skipIf(!hasMosquitto() || !hasMosquittoClients())('README: mqtx bridge', () => {
  it('the first example, with two brokers on this machine, copies a message from one to the other', async () => {
    const [a, b] = await Promise.all([startMosquitto(), startMosquitto()])
    try {
      const line = lines(codeBlocks(readmeSection('mqtx bridge'))[0])[0] ?? ''
      const args = words(line.replace('mqtt://broker-a', `mqtt://127.0.0.1:${a.port}`).replace('mqtt://broker-b', `mqtt://127.0.0.1:${b.port}`))
      const sub = start('mosquitto_sub', ['-p', String(b.port), '-i', 'readme-bridge-sub', '-t', 'sensors/#', '-C', '1', '-v'])
      await waitForSubscription(b, 'readme-bridge-sub')
      const bridge = startMqtx([...args, '-C', '1', '-i', 'readme-bridge'])
      await waitForSubscription(a, 'readme-bridge')
      expect((await run('mosquitto_pub', ['-p', String(a.port), '-t', 'sensors/t1', '-m', '21.5', '-q', '1'])).code).toBe(0)
      expect((await sub.done).stdout).toBe('sensors/t1 21.5\n')
      const r = await bridge.done
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 0, stdout: '' })
      expect(r.stderr).toMatch(/^mqtx: bridge: forwarded 1 message; /m)
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
  })
})
