#!/usr/bin/env node
// Process start -> SUBACK for `mqtx sub` vs mosquitto_sub, `node -e 0` (start -> exit) as the floor and
// `mqtx --version` (start -> exit: loading mqtx without connecting).
// A script that starts `mqtx sub … &`, sleeps 0.1 s and publishes needs this under 100 ms.
// The broker logs every SUBACK on stderr (unbuffered, unlike its stdout to a pipe); the clock runs from spawn() to that line. RUNS (default 30)
// rounds, the three taking turns. Usage: npm run build && node scripts/bench-sub-start.mjs
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, mosquittoConfig } from './bench/common.mjs'

const RUNS = Number(process.env.RUNS ?? 30)
const port = await freePort()
const dir = mkdtempSync(join(tmpdir(), 'mqtx-start-'))
const conf = join(dir, 'm.conf')
writeFileSync(conf, mosquittoConfig(port, ['log_type all', 'log_dest stderr']))
const broker = spawn(process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'inherit', 'pipe'] })
let waiters = []
let text = ''
broker.stderr.on('data', (d) => {
  text += d.toString()
  const lines = text.split('\n')
  text = lines.pop() ?? ''
  for (const line of lines) for (const w of [...waiters]) w(line)
})
const until = (re) => new Promise((resolve) => {
  const w = (line) => {
    if (re.test(line)) {
      waiters = waiters.filter((x) => x !== w)
      resolve()
    }
  }
  waiters.push(w)
})
await until(/Opening ipv4 listen socket|mosquitto version .* running/)

const BIN = join(import.meta.dirname, '..', 'bin', 'mqtx.cjs')
async function toSuback(cmd, args, id) {
  const seen = until(new RegExp(`Sending SUBACK to ${id}$`))
  const t0 = performance.now()
  const child = spawn(cmd, args, { stdio: 'ignore' })
  await seen
  const ms = performance.now() - t0
  child.kill('SIGKILL') // mosquitto_sub 2.0.11 sometimes stays after SIGTERM once disconnected
  await new Promise((r) => child.on('exit', r))
  return ms
}
async function toExit(args) {
  const t0 = performance.now()
  const child = spawn(process.execPath, args, { stdio: 'ignore' })
  await new Promise((r) => child.on('exit', r))
  return performance.now() - t0
}

const times = { mqtx: [], mosquitto_sub: [], 'node -e 0': [], 'mqtx --version': [] }
for (let i = 0; i < RUNS; i++) {
  times.mqtx.push(await toSuback(process.execPath, [BIN, 'sub', '-p', String(port), '-i', `m${i}`, '-t', 't'], `m${i}`))
  times.mosquitto_sub.push(await toSuback('mosquitto_sub', ['-p', String(port), '-i', `s${i}`, '-t', 't'], `s${i}`))
  times['node -e 0'].push(await toExit(['-e', '0']))
  times['mqtx --version'].push(await toExit([BIN, '--version']))
}
broker.kill()
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]
console.log(`${RUNS} runs, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
for (const [name, a] of Object.entries(times)) console.log(`${name.padEnd(14)} median ${pct(a, 50).toFixed(1)} ms  p95 ${pct(a, 95).toFixed(1)} ms${name === 'node -e 0' || name === 'mqtx --version' ? '  (start -> exit)' : '  (start -> SUBACK)'}`)
