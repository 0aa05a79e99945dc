#!/usr/bin/env node
// `node scripts/bench-pub-restart.mjs`: `mqtx pub -l -c -i` keeps going while its broker is killed -9
// and restarted (issue 12). A mosquitto with persistence on; an independent mosquitto_sub counts what
// arrives; the broker is killed with SIGKILL when the subscriber has seen 1/(K+1), 2/(K+1)… of the
// lines (a signal, not a timer) and started again on the same port at once. Prints lost (must be 0),
// duplicates and times. Asserts nothing (figures go in NOTES.md); exits 1 if anything was lost.
//
// Why the subscriber is QoS 0 with a persistent session (-c, queue_qos0_messages): a broker killed -9
// loses whatever it held only in memory (autosave runs every few seconds). Subscribed at QoS 0, mosquitto
// writes each message to the subscriber's socket before it sends the PUBACK, and that data survives
// the broker's death; while the subscriber is away after a restart, its saved session queues for it.
// What this measures is then the publisher: every line it was not sure of, it must send again.
//
// The input is fed at RATE lines/s (so that the kills fall mid-stream), and a kill waits until the
// subscriber is back online after the previous restart (a broker killed while it queues for an absent
// subscriber loses that queue, which says nothing about the publisher).
//
// Env: LINES (default 100000), KILLS (default 2), QOS (default 1), RATE (default 10000), MQTX_ARGS
// (more pub flags, space-separated).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { feedLines, freePort, mosquittoConfig } from './bench/common.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.cjs')
const lines = Number(process.env.LINES ?? 100_000)
const kills = Number(process.env.KILLS ?? 2)
const qos = process.env.QOS ?? '1'
const rate = Number(process.env.RATE ?? 10_000)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-restart-'))
const port = await freePort()
const conf = join(dir, 'mosquitto.conf')
writeFileSync(
  conf,
  mosquittoConfig(port, [
    'persistence true',
    `persistence_location ${dir}/`,
    'autosave_interval 1',
    'max_queued_messages 0',
    'queue_qos0_messages true',
    'log_dest stderr',
    'log_type all',
  ]),
)
const input = join(dir, 'input.txt')
writeFileSync(input, `${Array.from({ length: lines }, (_, i) => String(i + 1)).join('\n')}\n`)

let brokerLog = ''
let broker
function startBroker() {
  brokerLog = ''
  broker = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  broker.stderr.setEncoding('utf8')
  broker.stderr.on('data', (d) => {
    brokerLog += d
  })
  return waitFor(() => /mosquitto version [\d.]+ running/.test(brokerLog), 'broker start')
}
async function waitFor(check, what, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; mqtx stderr so far:\n${typeof pubErr === 'string' ? pubErr : ''}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

await startBroker()
let received = ''
let count = 0
const sub = spawn('mosquitto_sub', ['-p', String(port), '-c', '-i', 'restart-rx', '-q', '0', '-t', 'restart/x'], { stdio: ['ignore', 'pipe', 'pipe'] })
sub.stdout.setEncoding('utf8')
sub.stdout.on('data', (d) => {
  received += d
  for (let i = d.indexOf('\n'); i !== -1; i = d.indexOf('\n', i + 1)) count++
})
await waitFor(() => /Sending SUBACK to restart-rx/.test(brokerLog), 'the subscription')
// the session (and its subscription) must be on disk before the first kill
await waitFor(() => /Saving in-memory database/.test(brokerLog), 'the first autosave')

const started = performance.now()
const pub = spawn(process.execPath, [bin, 'pub', '-p', String(port), '-t', 'restart/x', '-l', '-q', qos, '-c', '-i', 'restart-tx', ...(process.env.MQTX_ARGS ?? '').split(' ').filter(Boolean)], { stdio: ['pipe', 'ignore', 'pipe'] })
// (if pub ends early, the feeder's writes fail: the result says why)
pub.stdin.on('error', () => {})
// RATE lines a second, in 20 slices a second
const text = readFileSync(input)
const feed = feedLines(pub.stdin, text, lines, rate, { lead: Math.max(1, Math.round(rate / 20)), stop: () => pub.exitCode !== null })
let pubErr = ''
pub.stderr.setEncoding('utf8')
pub.stderr.on('data', (d) => {
  pubErr += d
})
const pubDone = new Promise((resolve) => pub.once('exit', (code) => resolve({ code, ms: performance.now() - started })))
const killTimes = []
for (let k = 1; k <= kills; k++) {
  await waitFor(() => count >= (lines * k) / (kills + 1) && /Sending SUBACK to restart-rx/.test(brokerLog), `${k}/${kills + 1} of the lines at the subscriber`)
  const exited = new Promise((r) => broker.once('exit', r))
  broker.kill('SIGKILL')
  await exited
  const t = performance.now()
  await startBroker()
  killTimes.push({ atLine: count, restartMs: performance.now() - t })
}
const result = await pubDone
const feedMs = await feed
// every line once at least: wait until the subscriber has them all (or 30 s without progress)
let last = -1
let still = performance.now()
while (true) {
  const seen = new Set(received.split('\n').filter((l) => l !== ''))
  if (seen.size >= lines) break
  if (count !== last) {
    last = count
    still = performance.now()
  } else if (performance.now() - still > 30_000) break
  await new Promise((r) => setTimeout(r, 20))
}
const endToEnd = performance.now() - started
sub.kill('SIGTERM')
broker.kill('SIGTERM')
const got = received.split('\n').filter((l) => l !== '')
const unique = new Set(got)
let lost = 0
for (let i = 1; i <= lines; i++) if (!unique.has(String(i))) lost++
console.log(`${lines.toLocaleString('en')} lines at QoS ${qos}, broker (persistence on) killed -9 and restarted ${kills} times`)
for (const k of killTimes) console.log(`  kill at ${k.atLine.toLocaleString('en')} lines received; broker up again after ${k.restartMs.toFixed(0)} ms`)
console.log(`  input fed in ${(feedMs / 1000).toFixed(2)} s (${rate.toLocaleString('en')} lines/s); mqtx pub exit ${result.code} after ${(result.ms / 1000).toFixed(2)} s; all at the subscriber after ${(endToEnd / 1000).toFixed(2)} s`)
console.log(`  at the subscriber: ${got.length.toLocaleString('en')} messages, ${unique.size.toLocaleString('en')} distinct, lost ${lost}, duplicates ${got.length - unique.size}`)
console.log(`  mqtx stderr:\n${pubErr.replace(/^/gm, '    ').trimEnd()}`)
if (process.env.SHOW_LOG) console.log(brokerLog.split("\n").filter((l) => /restart-tx/.test(l) && !/(Received|Sending) (PUBLISH|PUBREC|PUBREL|PUBCOMP|PUBACK)/.test(l)).slice(0, 40).join("\n"))
process.exitCode = lost === 0 && result.code === 0 ? 0 : 1
