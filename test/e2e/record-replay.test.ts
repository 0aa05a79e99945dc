/**
 * mqtx record and mqtx replay against a real mosquitto, checked by an independent mosquitto_sub:
 * exact bytes (binary, empty, v5 properties, retained) through record -> replay, sub --json output
 * (gzipped) replayed too, order at 1x and 10x, rotation, gzip, a cut last line, --dry-run, and a
 * persistent-session recording across a broker restart. Waits on log lines and output, never sleeps.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { startMqtxBroker, waitForMqtxSubscription } from '../helpers/mqtx-broker.js'
import { MQTX_SHELL, mqtx, run, start, startMqtx, type Running } from '../helpers/run.js'
import { until } from '../helpers/socket-queue.js'

let broker: Broker
let port: string
const dir = mkdtempSync(join(tmpdir(), 'mqtx-record-'))
beforeAll(async () => {
  if (!mosquittoReady) return
  broker = await startMosquitto({ global: ['persistence true', 'autosave_interval 1', 'max_queued_messages 0'] })
  port = String(broker.port)
})
afterAll(async () => {
  await broker?.stop()
  rmSync(dir, { recursive: true, force: true })
})

let seq = 0
const uniq = (base: string) => `${base}-${process.pid}-${++seq}`
/** mosquitto_sub's view of a message: topic, QoS, retain, payload hex, user properties in order, content type, response topic, correlation data. */
const FORMAT = '%t|%q|%r|%x|%P|%C|%R|%D'

/** An independent v5 subscriber that keeps the retain flag as published. */
async function independentSub(filter: string, count: number): Promise<Running> {
  const id = uniq('isub')
  const sub = start('mosquitto_sub', ['-p', port, '-V', '5', '-q', '1', '-i', id, '--retain-as-published', '-t', filter, '-F', FORMAT, '-C', String(count)], { timeoutMs: 60_000 })
  await waitForSubscription(broker, id)
  return sub
}

const pub = async (args: string[]) => {
  const r = await run('mosquitto_pub', ['-p', port, '-V', '5', ...args])
  expect(r.code, r.stderr).toBe(0)
}

const recordingLines = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l !== '')

describe.skipIf(!mosquittoReady)('mqtx record -> mqtx replay', () => {
  it('exact bytes come back: binary, empty, v5 properties (user properties in order), retained; sub --json output (gzipped) replays alike', async () => {
    const base = uniq('bytes')
    const binFile = join(dir, `${base}.bin`)
    writeFileSync(binFile, Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0xc3, 0x28, 0x7f]))
    // a retained message from before anyone subscribed: it arrives with the retain flag
    await pub(['-t', `${base}/ret`, '-m', 'kept', '-r', '-q', '1'])
    const count = 5
    const reference = await independentSub(`${base}/#`, count)
    const recId = uniq('rec')
    const file = join(dir, `${base}.ndjson`)
    const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-o', file, '-q', '1', '-i', recId, '-C', String(count)])
    await waitForSubscription(broker, recId)
    const jsonId = uniq('json')
    const json = startMqtx(['sub', '-p', port, '-t', `${base}/#`, '-q', '1', '-i', jsonId, '-C', String(count), '--json'])
    await waitForSubscription(broker, jsonId)
    await pub(['-t', `${base}/bin`, '-f', binFile, '-q', '1'])
    await pub(['-t', `${base}/empty`, '-n', '-q', '1'])
    await pub(['-t', `${base}/props`, '-m', 'héllo', '-q', '1', '-D', 'publish', 'content-type', 'text/x', '-D', 'publish', 'user-property', 'b', '1', '-D', 'publish', 'user-property', 'a', '2', '-D', 'publish', 'user-property', 'b', '3', '-D', 'publish', 'response-topic', 'r/t', '-D', 'publish', 'correlation-data', 'c0rr', '-D', 'publish', 'payload-format-indicator', '1'])
    await pub(['-t', `${base}/qos0`, '-m', 'zero'])
    const [r, j, ref] = await Promise.all([rec.done, json.done, reference.done])
    expect(r.code, r.stderr).toBe(0)
    expect(j.code, j.stderr).toBe(0)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: recorded 5 messages \\(\\d+ B of payload, 5 topics\\) in \\d+\\.\\d s to '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'$`, 'm'))
    const lines = recordingLines(file)
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ mqtx: 'record', version: 1, filters: [`${base}/#`] })
    expect(lines).toHaveLength(count + 1)
    // the broker forgets the retained message: what comes back must come from the replay
    await pub(['-t', `${base}/ret`, '-n', '-r'])

    const again = await independentSub(`${base}/#`, count)
    const rp = await mqtx(['replay', file, '-p', port, '--speed', 'max'])
    expect(rp.code, rp.stderr).toBe(0)
    expect((await again.done).stdout).toBe(ref.stdout)
    expect(ref.stdout.split('\n')).toContain(`${base}/ret|1|1|6b657074||||`)
    expect(ref.stdout).toContain(`${base}/bin|1|0|00fffe800a0dc3287f|`)
    expect(ref.stdout).toContain(`${base}/props|1|0|68c3a96c6c6f|b:1 a:2 b:3|text/x|r/t|c0rr`)

    // sub --json's output, no header, gzipped: the same messages under another prefix
    const gz = join(dir, `${base}.json.gz`)
    writeFileSync(gz, gzipSync(j.stdoutBytes))
    const copy = await independentSub(`copy/${base}/#`, count)
    const rc = await mqtx(['replay', gz, '-p', port, '--speed', 'max', '--prefix', 'copy/'])
    expect(rc.code, rc.stderr).toBe(0)
    expect((await copy.done).stdout.replaceAll('copy/', '')).toBe(ref.stdout)
  }, 90_000)

  it('a retained message published while recording is recorded retained (v5 retain-as-published) and replayed retained', async () => {
    const base = uniq('live-retain')
    const recId = uniq('lrec')
    const file = join(dir, `${base}.ndjson`)
    const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-o', file, '-q', '1', '-i', recId, '-C', '2'])
    await waitForSubscription(broker, recId)
    await pub(['-t', `${base}/ret`, '-m', 'kept', '-r', '-q', '1'])
    await pub(['-t', `${base}/live`, '-m', 'now', '-q', '1'])
    const r = await rec.done
    expect(r.code, r.stderr).toBe(0)
    // forget it on the broker: a retained copy afterwards comes from the replay
    await pub(['-t', `${base}/ret`, '-n', '-r'])
    expect(recordingLines(file).slice(1).map((l) => JSON.parse(l) as { topic: string; retain: boolean }).map((m) => [m.topic, m.retain])).toEqual([[`${base}/ret`, true], [`${base}/live`, false]])
    const rp = await mqtx(['replay', file, '-p', port, '--speed', 'max'])
    expect(rp.code, rp.stderr).toBe(0)
    const after = await run('mosquitto_sub', ['-p', port, '-t', `${base}/#`, '-C', '1', '-W', '5', '-F', '%t|%r|%p'])
    expect(after.stdout).toBe(`${base}/ret|1|kept\n`)
    await pub(['-t', `${base}/ret`, '-n', '-r'])
  })

  it('-W without -C: exit 27, the hint says -W passed (not "-C  was not reached")', async () => {
    const file = join(dir, `${uniq('w')}.ndjson`)
    const r = await mqtx(['record', '-p', port, '-t', `${uniq('w')}/#`, '-o', file, '-W', '0.5'])
    expect(r.code).toBe(27)
    expect(r.stderr).toMatch(/^mqtx: Timed out\nhint: -W 0\.5 s passed without -C \(--duration stops with exit 0\)$/m)
  })

  it("a message over the broker's v5 maximum packet size: exit 1 before anything is sent (the broker dropped the connection mid-replay)", async () => {
    const small = await startMosquitto({ global: ['max_packet_size 1000'] })
    try {
      const base = uniq('maxpkt')
      const file = join(dir, `${base}.ndjson`)
      writeFileSync(file, ['a', 'x'.repeat(2000), 'c'].map((payload, i) => JSON.stringify({ time: new Date(Date.parse('2026-01-01T00:00:00Z') + i).toISOString(), topic: `${base}/t`, payload })).join('\n') + '\n')
      const id = uniq('msub')
      const sub = start('mosquitto_sub', ['-p', String(small.port), '-V', '5', '-i', id, '-t', `${base}/#`, '-v'], { timeoutMs: 30_000 })
      await waitForSubscription(small, id)
      const r = await mqtx(['replay', file, '-p', String(small.port), '--speed', 'max'])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^mqtx: message 2 of the selection \('.*\/t', 2026-01-01T00:00:00\.001Z\) is a PUBLISH packet of 2,0\d\d bytes, over the broker's maximum packet size of 1,000 bytes \(CONNACK\); nothing was sent\.$/m)
      // a QoS 0 probe after the replay: it is the first (and only) message the subscriber gets
      await run('mosquitto_pub', ['-p', String(small.port), '-t', `${base}/probe`, '-m', 'p'])
      await sub.waitFor(/probe/, 'stdout', 10_000)
      sub.kill('SIGTERM')
      expect((await sub.done).stdout).toBe(`${base}/probe p\n`)
    } finally {
      await small.stop()
    }
  })

  it('order at 1x and 10x; the schedule (--dry-run delays) follows the recording, 10x is ten times shorter; --speed max is not paced', async () => {
    const base = uniq('timing')
    const file = join(dir, `${base}.ndjson`)
    const t0 = Date.parse('2026-01-01T00:00:00.000Z')
    const at = [0, 120, 130, 300, 301, 450]
    writeFileSync(file, at.map((ms, i) => JSON.stringify({ time: new Date(t0 + ms).toISOString(), topic: `${base}/t`, qos: 1, retain: false, payload: String(i) })).join('\n') + '\n')
    const delays = async (speed: string) => (await mqtx(['replay', file, '--dry-run', '--speed', speed])).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { delayMs: number }).delayMs)
    expect(await delays('1')).toEqual(at)
    expect(await delays('10')).toEqual(at.map((ms) => ms / 10))
    expect(await delays('max')).toEqual(at.map(() => 0))
    for (const speed of ['1', '10']) {
      const sub = await independentSub(`${base}/t`, at.length)
      const r = await mqtx(['replay', file, '-p', port, '--speed', speed])
      expect(r.code, r.stderr).toBe(0)
      expect((await sub.done).stdout).toBe(at.map((_, i) => `${base}/t|1|0|${Buffer.from(String(i)).toString('hex')}||||\n`).join(''))
    }
    // an hour between two messages: --speed max sends both at once (the test's timeout is the bound)
    const hour = join(dir, `${base}-hour.ndjson`)
    writeFileSync(hour, [0, 3_600_000].map((ms, i) => JSON.stringify({ time: new Date(t0 + ms).toISOString(), topic: `${base}/h`, payload: String(i) })).join('\n') + '\n')
    const sub = await independentSub(`${base}/h`, 2)
    expect((await mqtx(['replay', hour, '-p', port, '--speed', 'max'])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${base}/h|0|0|30||||\n${base}/h|0|0|31||||\n`)
  }, 60_000)

  it('--loop, --since/--until, -t, --rewrite, -q/-r overrides, --no-properties in --dry-run', async () => {
    const base = uniq('select')
    const file = join(dir, `${base}.ndjson`)
    const t0 = Date.parse('2026-01-01T00:00:00.000Z')
    const rows = [
      { time: new Date(t0).toISOString(), topic: 'site1/a/temp', qos: 0, retain: false, payload: 'a', properties: { contentType: 'x' } },
      { time: new Date(t0 + 1000).toISOString(), topic: 'site1/b/hum', qos: 1, retain: true, payload: 'b' },
      { time: new Date(t0 + 2000).toISOString(), topic: 'site1/c/temp', qos: 2, retain: false, payload: 'c' },
    ]
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const dry = async (...args: string[]) => {
      const r = await mqtx(['replay', file, '--dry-run', ...args])
      expect(r.code, r.stderr).toBe(0)
      return r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    }
    expect((await dry('--loop', '2')).map((m) => [m.delayMs, m.payload])).toEqual([[0, 'a'], [1000, 'b'], [2000, 'c'], [2000, 'a'], [3000, 'b'], [4000, 'c']])
    expect((await dry('--since', '1s')).map((m) => m.payload)).toEqual(['b', 'c'])
    expect((await dry('--until', new Date(t0 + 1000).toISOString())).map((m) => m.payload)).toEqual(['a', 'b'])
    expect((await dry('-t', '+/+/temp')).map((m) => [m.topic, m.delayMs])).toEqual([['site1/a/temp', 0], ['site1/c/temp', 2000]])
    expect((await dry('--rewrite', '^site1/(.*)', 'site2/$1', '--prefix', 'x/')).map((m) => m.topic)).toEqual(['x/site2/a/temp', 'x/site2/b/hum', 'x/site2/c/temp'])
    expect((await dry('-q', '1', '--no-retain', '--no-properties')).map((m) => [m.qos, m.retain, m.properties])).toEqual([[1, false, undefined], [1, false, undefined], [1, false, undefined]])
    expect((await dry('-r')).map((m) => m.retain)).toEqual([true, true, true])
    // standard input, gzipped or not
    for (const input of [readFileSync(file), gzipSync(readFileSync(file))]) {
      const r = await mqtx(['replay', '-', '--dry-run', '--speed', 'max'], { input })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { payload: string }).payload)).toEqual(['a', 'b', 'c'])
    }
  })

  it('rotation by size: numbered files, each within the size, every message once in order; .gz files are gzip', async () => {
    const base = uniq('rotate')
    for (const name of [`${base}.ndjson`, `${base}.ndjson.gz`]) {
      const id = uniq('rot')
      const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-o', join(dir, name), '--rotate-size', '2k', '-C', '200', '-i', id])
      await waitForSubscription(broker, id)
      await run('mosquitto_pub', ['-p', port, '-t', `${base}/n`, '-l', '-q', '1'], { input: `${Array.from({ length: 200 }, (_, i) => String(i + 1)).join('\n')}\n` })
      const r = await rec.done
      expect(r.code, r.stderr).toBe(0)
      const ext = name.slice(base.length)
      const ours = readdirSync(dir).filter((f) => f.startsWith(`${base}.`) && f.endsWith(ext) && /^\.\d{6}$/.test(f.slice(base.length, f.length - ext.length))).sort()
      expect(ours[0]).toBe(name.replace(base, `${base}.000001`))
      if (!name.endsWith('.gz')) {
        expect(ours.length).toBeGreaterThan(3)
        for (const f of ours) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(2048)
      } else {
        for (const f of ours) expect(gunzipSync(readFileSync(join(dir, f))).toString()).toMatch(/^\{"mqtx":"record","version":1,/)
      }
      expect(r.stderr).toMatch(ours.length === 1 ? /to '.*\.000001\./ : new RegExp(`to ${ours.length} files`))
      const dryRun = await mqtx(['replay', ...ours.map((f) => join(dir, f)), '--dry-run'])
      expect(dryRun.code, dryRun.stderr).toBe(0)
      expect(dryRun.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { payload: string }).payload)).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)))
    }
  }, 60_000)

  it.skipIf(spawnSync('script', ['--version'], { stdio: 'ignore' }).status !== 0)('a progress line on a terminal (script(1)), none on a pipe', async () => {
    const base = uniq('progress')
    const file = join(dir, `${base}.ndjson`)
    writeFileSync(file, [0, 1500].map((ms, i) => JSON.stringify({ time: new Date(Date.parse('2026-01-01T00:00:00Z') + ms).toISOString(), topic: `${base}/t`, payload: String(i) })).join('\n') + '\n')
    const args = ['replay', file, '-p', port]
    // the pseudo-terminal needs a size: the live line stays off on a 0-column terminal
    const tty = await run('script', ['-qec', `stty rows 24 cols 100; ${[MQTX_SHELL, ...args.map((a) => `'${a}'`)].join(' ')}`, '/dev/null'], { env: { TERM: 'xterm', NO_COLOR: '1' } })
    expect(tty.stdout).toContain('replaying: 1 of 2 sent, 0 waiting for the broker')
    expect(tty.stdout).toMatch(/mqtx: replayed 2 messages in \d+\.\d s/)
    const piped = await mqtx(args)
    expect(piped.code).toBe(0)
    expect(piped.stderr).toMatch(/^mqtx: replayed 2 messages in \d+\.\d s \(\d+ msg\/s\)\n$/)
  })

  it('over WebSocket (mqtx broker --ws-port): QoS 0 past the 256 KB socket room (it stalled), and QoS 0, 1, 2 mixed, in order per QoS', async () => {
    const ws = await startMqtxBroker(['--ws-port', '0'])
    try {
      for (const [name, total, qosOf, size] of [['q0', 5000, () => 0, 1000], ['mixed', 3000, (i: number) => i % 3, 100]] as const) {
        const base = uniq(`ws-${name}`)
        const file = join(dir, `${base}.ndjson`)
        writeFileSync(file, Array.from({ length: total }, (_, i) => JSON.stringify({ time: '2026-01-01T00:00:00.000Z', topic: `${base}/t`, qos: qosOf(i), payload: `${i}-${'x'.repeat(size)}` })).join('\n') + '\n')
        const sub = startMqtx(['sub', '-p', String(ws.port), '-t', `${base}/t`, '-q', '2', '-C', String(total), '-i', `${base}-sub`])
        await waitForMqtxSubscription(ws, `${base}-sub`, `${base}/t`)
        const r = await mqtx(['replay', file, '--ws', '-h', '127.0.0.1', '-p', String(ws.portOf('ws')), '--speed', 'max'], { timeoutMs: 30_000 })
        expect(r.code, r.stderr).toBe(0)
        const got = (await sub.done).stdout.trim().split('\n').map((l) => Number(l.split('-')[0]))
        // MQTT orders messages within one QoS (a QoS 2 message is forwarded at its PUBREL): per QoS, in order
        for (const qos of [0, 1, 2]) expect(got.filter((i) => qosOf(i) === qos)).toEqual(Array.from({ length: total }, (_, i) => i).filter((i) => qosOf(i) === qos))
      }
    } finally {
      await ws.stop()
    }
  }, 90_000)

  it('a cut last line (a recorder killed mid-write) is skipped with a warning; the rest replays', async () => {
    const base = uniq('torn')
    const file = join(dir, `${base}.ndjson`)
    const whole = JSON.stringify({ time: '2026-01-01T00:00:00.000Z', topic: `${base}/t`, payload: 'whole' })
    writeFileSync(file, `${whole}\n${whole.slice(0, 30)}`)
    const r = await mqtx(['replay', file, '--dry-run'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`mqtx: warning: ${file}:2: the last line is cut (the recording was interrupted while it was written); it was skipped\n`)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    // the same cut inside a gzip stream
    const gz = join(dir, `${base}.ndjson.gz`)
    const bytes = gzipSync(`${whole}\n${whole}\n`)
    writeFileSync(gz, bytes.subarray(0, bytes.length - 12))
    const g = await mqtx(['replay', gz, '--dry-run'])
    expect(g.code, g.stderr).toBe(0)
    expect(g.stderr).toMatch(/^mqtx: warning: .*\.ndjson\.gz(:\d+: the last line is cut|: the compressed data is cut)/)
  })

  it('record -q 1 -c: mosquitto restarted mid-stream (persistence on), 2,000 messages, none lost', async () => {
    const base = uniq('persist')
    const file = join(dir, `${base}.ndjson`)
    const recId = uniq('prec')
    const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-o', file, '-q', '1', '-c', '-i', recId], { timeoutMs: 120_000 })
    await waitForSubscription(broker, recId)
    const total = 2000
    const sender = startMqtx(['pub', '-p', port, '-t', `${base}/n`, '-l', '-q', '1', '-c', '-i', uniq('ppub')], { timeoutMs: 120_000 })
    sender.child.stdin?.end(`${Array.from({ length: total }, (_, i) => String(i + 1)).join('\n')}\n`)
    // read while the recorder writes: a line still being written (no newline yet) is not counted
    const wholeLines = () => readFileSync(file, 'utf8').split('\n').slice(1, -1).filter((l) => l !== '')
    const payloads = () => new Set(wholeLines().map((l) => (JSON.parse(l) as { payload: string }).payload))
    const until = async (check: () => boolean, what: string) => {
      const deadline = Date.now() + 60_000
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${rec.stderr()}`)
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    await until(() => payloads().size >= 200, 'the first messages')
    await broker.restart()
    await rec.waitFor(/^mqtx: reconnected; the session was kept$/m, 'stderr', 30_000)
    expect((await sender.done).code).toBe(0)
    await until(() => payloads().size >= total, `all ${total} messages`)
    rec.kill('SIGINT')
    const r = await rec.done
    expect(r.code).toBe(130)
    const got = payloads()
    expect(Array.from({ length: total }, (_, i) => String(i + 1)).filter((p) => !got.has(p))).toEqual([])
    expect(r.stderr).toMatch(/^mqtx: recorded [\d,]+ messages .* to '.*'(; [\d,]+ redelivered with the DUP flag \(possible duplicates\))?$/m)
    // every line is whole
    for (const line of recordingLines(file)) expect(() => JSON.parse(line)).not.toThrow()
  }, 120_000)
})

/** A 64 KiB tmpfs of our own (root only), unmounted after the test. */
function smallDisk(): string | undefined {
  if (process.getuid?.() !== 0) return undefined
  const mnt = mkdtempSync(join(tmpdir(), 'mqtx-full-'))
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt])
  return r.status === 0 ? mnt : undefined
}

const disk = mosquittoReady ? smallDisk() : undefined
afterAll(() => {
  if (disk === undefined) return
  spawnSync('umount', [disk])
  rmSync(disk, { recursive: true, force: true })
})

describe.skipIf(!mosquittoReady || disk === undefined)('mqtx record on a full disk', () => {
  it.each(['1', '0'])('-q %s: one error line, exit 1, the file keeps only whole lines (replay reads it without a warning), the summary counts what is in it', async (qos) => {
    const base = uniq('full')
    const file = join(disk ?? '', `${base}.ndjson`)
    const id = uniq('frec')
    const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-o', file, '-q', qos, '-i', id])
    await waitForSubscription(broker, id)
    const line = 'x'.repeat(200)
    // one message in the file first: on a busy machine the first QoS 0 batch could hold more than
    // the 64 KiB, fail whole, and leave a recording of no message at all (nothing to check below)
    await run('mosquitto_pub', ['-p', port, '-t', `${base}/n`, '-m', line, '-q', qos])
    await until(() => existsSync(file) && recordingLines(file).length >= 2, 'the first message in the file')
    await run('mosquitto_pub', ['-p', port, '-t', `${base}/n`, '-l', '-q', qos], { input: `${Array.from({ length: 999 }, () => line).join('\n')}\n` })
    const r = await rec.done
    expect(r.code, r.stderr).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: cannot write '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}': no space left on the device\\nhint: what was written before is whole: every line in the file is a complete message\\n$`, 'm'))
    const bytes = readFileSync(file)
    expect(bytes[bytes.length - 1]).toBe(0x0a)
    const d = await mqtx(['replay', file, '--dry-run'])
    expect(d.code).toBe(0)
    expect(d.stderr).toBe('')
    const inFile = recordingLines(file).length - 1
    expect(d.stdout.trim().split('\n').length).toBe(inFile)
    // QoS 0 lines go out in batches: a batch that failed is not counted as recorded (the first batch
    // after the one message waited for can fail whole: "1 message (200 B")
    const payload = inFile * 200 < 1024 ? `${inFile * 200} B` : `${(inFile * 200 / 1024).toFixed(1)} KiB`
    expect(r.stderr).toMatch(new RegExp(`^mqtx: recorded ${inFile.toLocaleString('en-US')} message${inFile === 1 ? '' : 's'} \\(${payload} of payload`, 'm'))
    rmSync(file)
  }, 60_000)
})
