#!/usr/bin/env node
// `npm run bench:bridge`: `mqtx bridge` copies LINES QoS 1 messages from broker A to broker B while B
// is killed -9 and restarted mid-stream (when the receiver has seen half of them: a signal, not a
// timer). Prints lost (must be 0), duplicates at the receiver, what the bridge counted, msgs/s end to
// end and the bridge's CPU per message. Exits 1 if anything was lost. Figures go in NOTES.md.
//
// Set-up: two mosquitto 2.0 with persistence on (autosave every second) and no queue limit (A holds
// what arrives while B is away). `mqtx pub -l -q 1` feeds A; the bridge runs with -q 1 -c -i. The
// receiver is mosquitto_sub on B at QoS 0 with a persistent session (queue_qos0_messages): mosquitto
// writes a message to a connected QoS 0 subscriber before it acknowledges it, so what B acknowledged
// to the bridge survives B's kill -9; what it had not, the bridge must send again. So this measures
// the bridge, not B's durability. Brokers log to a pipe, never per message (subscribe/notice lines only).
//
// Env: LINES (default 100000), KILLS (default 1: restarts of B), UP (default 0: graceful restarts of A
// too, after B's), RATE (lines/s fed to pub; default 0: as fast as it takes them), BRIDGE_ARGS (more
// bridge flags, space-separated, e.g. -d), SHOW_DUPS=1 (which messages came twice, and where).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuSeconds, feedLines, restartableMosquitto, waitFor as waitForCheck } from './bench/common.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.cjs')
const lines = Number(process.env.LINES ?? 100_000)
const kills = Number(process.env.KILLS ?? 1)
const upRestarts = Number(process.env.UP ?? 0)
const rate = Number(process.env.RATE ?? 0)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-bridge-'))
const topic = 'bench/bridge'

const waitFor = (check, what) => waitForCheck(check, what, 120_000, () => `\nbridge stderr:\n${bridgeErr}`)

/** A mosquitto on a free port that can be killed and started again on it. */
const broker = () => restartableMosquitto(dir, ['persistence true', 'autosave_interval 1', 'max_queued_messages 0', 'queue_qos0_messages true'])

const a = await broker()
const b = await broker()

let received = ''
let count = 0
const sub = spawn('mosquitto_sub', ['-p', String(b.port), '-c', '-i', 'bench-rx', '-q', '0', '-t', topic], { stdio: ['ignore', 'pipe', 'pipe'] })
sub.stdout.setEncoding('utf8')
sub.stdout.on('data', (d) => {
  received += d
  for (let i = d.indexOf('\n'); i !== -1; i = d.indexOf('\n', i + 1)) count++
})
await waitFor(() => / bench-rx 0 bench\/bridge/.test(b.log), 'the receiver to subscribe')
// its session must be on disk before B is killed: an autosave after the subscription
await waitFor(() => /bench-rx 0 bench\/bridge[^]*Saving in-memory database/.test(b.log), "B's autosave after the subscription")

let bridgeErr = ''
const bridge = spawn(process.execPath, [bin, 'bridge', '--from', `mqtt://127.0.0.1:${a.port}`, '--to', `mqtt://127.0.0.1:${b.port}`, '-t', topic, '-q', '1', '-c', '-i', 'bench-bridge', ...(process.env.BRIDGE_ARGS ?? '').split(' ').filter(Boolean)], { stdio: ['ignore', 'ignore', 'pipe'] })
bridge.stderr.setEncoding('utf8')
bridge.stderr.on('data', (d) => {
  bridgeErr += d
})
await waitFor(() => / bench-bridge 1 bench\/bridge/.test(a.log), 'the bridge to subscribe')

const input = join(dir, 'input.txt')
writeFileSync(input, `${Array.from({ length: lines }, (_, i) => String(i + 1)).join('\n')}\n`)
const started = performance.now()
const pub = spawn(process.execPath, [bin, 'pub', '-p', String(a.port), '-t', topic, '-l', '-q', '1', '-c', '-i', 'bench-tx'], { stdio: ['pipe', 'ignore', 'pipe'] })
pub.stdin.on('error', () => {})
let pubErr = ''
pub.stderr.setEncoding('utf8')
pub.stderr.on('data', (d) => {
  pubErr += d
})
const text = readFileSync(input)
if (rate === 0) pub.stdin.end(text)
else void feedLines(pub.stdin, text, lines, rate)
const pubDone = new Promise((resolve) => pub.once('exit', (code) => resolve(code)))

const events = []
for (let k = 1; k <= kills; k++) {
  await waitFor(() => count >= (lines * k) / (kills + upRestarts + 1), `${k}/${kills + upRestarts + 1} of the messages at the receiver`)
  const at = count
  await b.kill('SIGKILL')
  const t = performance.now()
  await b.start()
  events.push(`B killed -9 at ${at.toLocaleString('en')} received, up again after ${(performance.now() - t).toFixed(0)} ms`)
}
for (let k = 1; k <= upRestarts; k++) {
  await waitFor(() => count >= (lines * (kills + k)) / (kills + upRestarts + 1), 'the next share of the messages at the receiver')
  const at = count
  await a.kill('SIGTERM')
  const t = performance.now()
  await a.start()
  events.push(`A restarted (SIGTERM) at ${at.toLocaleString('en')} received, up again after ${(performance.now() - t).toFixed(0)} ms`)
}
const pubCode = await pubDone
// every message at least once: wait until the receiver has them all (or 30 s without progress)
let last = -1
let still = performance.now()
let seen = new Set()
while (true) {
  seen = new Set(received.split('\n').filter((l) => l !== ''))
  if (seen.size >= lines) break
  if (count !== last) {
    last = count
    still = performance.now()
  } else if (performance.now() - still > 30_000) break
  await new Promise((r) => setTimeout(r, 20))
}
const seconds = (performance.now() - started) / 1000
const cpu = cpuSeconds(bridge.pid)
const bridgeExit = new Promise((r) => bridge.once('exit', r))
bridge.kill('SIGINT')
await bridgeExit
sub.kill('SIGTERM')
await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')])
const got = received.split('\n').filter((l) => l !== '')
let lost = 0
for (let i = 1; i <= lines; i++) if (!seen.has(String(i))) lost++
console.log(`mqtx bridge: ${lines.toLocaleString('en')} QoS 1 messages A -> B (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`)
for (const e of events) console.log(`  ${e}`)
console.log(`  at the receiver: ${got.length.toLocaleString('en')} messages, ${seen.size.toLocaleString('en')} distinct: lost ${lost}, duplicates ${got.length - seen.size}`)
console.log(`  ${Math.round(lines / seconds).toLocaleString('en')} msgs/s end to end (${seconds.toFixed(2)} s from the first publish to the last message at the receiver); bridge CPU ${cpu.toFixed(2)} s, ${((cpu / lines) * 1e6).toFixed(1)} us/msg`)
console.log(`  mqtx pub exit ${pubCode}${pubErr.trim() === '' ? '' : `; stderr: ${pubErr.trim().replace(/\n/g, ' | ')}`}`)
console.log(`  bridge stderr:\n${bridgeErr.replace(/^/gm, '    ').trimEnd()}`)
if (process.env.SHOW_DUPS) {
  const c = new Map()
  for (const g of got) c.set(g, (c.get(g) ?? 0) + 1)
  const d = [...c].filter(([, n]) => n > 1).map(([k]) => Number(k)).sort((x, y) => x - y)
  console.log(`  duplicated: ${d.length} from ${d[0]} to ${d[d.length - 1]}; first: ${d.slice(0, 10).join(' ')}`)
  const order = got.map(Number)
  const firstDupAt = order.findIndex((v, i) => order.indexOf(v) !== i)
  console.log(`  receiver order around the first duplicate: ${order.slice(Math.max(0, firstDupAt - 5), firstDupAt + 5).join(' ')}`)
}
process.exitCode = lost === 0 && pubCode === 0 ? 0 : 1
