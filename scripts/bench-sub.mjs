#!/usr/bin/env node
// `npm run bench:sub`: mqtx sub against mosquitto_sub in ONE run, on a mosquitto this script starts
// on a free loopback port. Prints figures and ratios; asserts nothing (figures go in notes).
//
//   receive     100,000 QoS 0 and QoS 1 messages (published by `mqtx pub -l`, which delivers every
//               line at QoS 1, unlike mosquitto_pub 2.0.11) into a file: time from the publisher's
//               start until the subscriber exits with -C 100000; msgs/s of mqtx sub vs mosquitto_sub
//               (best of BENCH_ROUNDS, interleaved), and mqtx's peak RSS (VmHWM)
//   to SUBACK   process start until the broker sends SUBACK, median of BENCH_RUNS, for mqtx sub and
//               mosquitto_sub, vs bare `node -e 0` start-to-exit
//
// Env: BENCH_MESSAGES (default 100000), BENCH_ROUNDS (default 2), BENCH_RUNS (default 11).
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuSeconds, freePort, mosquittoConfig } from './bench/common.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.cjs')
const N = Number(process.env.BENCH_MESSAGES ?? 100_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const RUNS = Number(process.env.BENCH_RUNS ?? 11)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-sub-'))

async function startBroker() {
  const port = await freePort()
  const conf = join(dir, 'mosquitto.conf')
  // max_queued_messages 0: the broker must not drop QoS 1 messages for a subscriber that lags.
  // Only `information` (start) and `subscribe` lines are logged: per-message debug logging would make
  // the broker the bottleneck. A `subscribe` line ("<client id> <qos> <filter>") is written as the
  // broker handles SUBSCRIBE, right before it sends SUBACK.
  writeFileSync(conf, mosquittoConfig(port, ['max_queued_messages 0', 'log_dest stderr', 'log_type information', 'log_type subscribe']))
  const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
  const waiters = new Set()
  let tail = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d) => {
    const text = tail + d
    tail = text.slice(-200)
    for (const w of [...waiters]) if (w.re.test(text)) {
      waiters.delete(w)
      w.resolve(performance.now())
    }
  })
  const waitLog = (re) => new Promise((resolve) => waiters.add({ re, resolve }))
  await waitLog(/running/)
  return { port, child, waitSub: (id) => waitLog(new RegExp(` ${id} [0-2] bench/`)) }
}

function exited(child) {
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, t: performance.now() })))
}

/** Poll /proc: peak RSS (VmHWM) and CPU seconds (utime+stime, last value seen before exit). */
function watch(pid) {
  let peak = 0
  let cpu = 0
  const t = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m) peak = Math.max(peak, Number(m[1]) * 1024)
      cpu = cpuSeconds(pid)
    } catch {}
  }, 20)
  return () => {
    clearInterval(t)
    return { peak, cpu }
  }
}

const lines = join(dir, 'lines.txt')
writeFileSync(lines, Array.from({ length: N }, (_, i) => `message ${String(i).padStart(8, '0')} payload`).join('\n') + '\n')

let idn = 0
async function receive(broker, who, qos) {
  const id = `bench-${who}-${++idn}`
  const outPath = join(dir, `${id}.out`)
  const out = openSync(outPath, 'w')
  const args = ['-p', String(broker.port), '-i', id, '-t', 'bench/sub', '-q', String(qos), '-C', String(N)]
  const sub = who === 'mqtx' ? spawn(process.execPath, [bin, 'sub', ...args], { stdio: ['ignore', out, 'inherit'] }) : spawn('mosquitto_sub', args, { stdio: ['ignore', out, 'inherit'] })
  const stopWatch = watch(sub.pid)
  const subDone = exited(sub)
  await broker.waitSub(id)
  const t0 = performance.now()
  const input = openSync(lines, 'r')
  const pub = spawn(process.execPath, [bin, 'pub', '-p', String(broker.port), '-t', 'bench/sub', '-q', String(qos), '-l'], { stdio: [input, 'ignore', 'inherit'] })
  const [{ code }, { t }] = await Promise.all([exited(pub), subDone])
  closeSync(out)
  closeSync(input)
  const { peak: rss, cpu } = stopWatch()
  const got = statSync(outPath).size
  const expected = statSync(lines).size
  rmSync(outPath)
  if (code !== 0 || got !== expected) console.error(`  ! ${who} q${qos}: publisher exit ${code}, wrote ${got} of ${expected} bytes`)
  return { seconds: (t - t0) / 1000, rate: N / ((t - t0) / 1000), rss, cpu }
}

async function toSuback(broker, who) {
  const id = `start-${who}-${++idn}`
  const args = ['-p', String(broker.port), '-i', id, '-t', 'bench/start', '-E']
  const t0 = performance.now()
  const child = who === 'mqtx' ? spawn(process.execPath, [bin, 'sub', ...args], { stdio: 'ignore' }) : spawn('mosquitto_sub', args, { stdio: 'ignore' })
  const t = await broker.waitSub(id)
  await exited(child)
  return t - t0
}

async function nodeStart() {
  const t0 = performance.now()
  const { t } = await exited(spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' }))
  return t - t0
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

const broker = await startBroker()
try {
  console.log(`mqtx sub vs mosquitto_sub, ${fmt(N)} messages, mosquitto on 127.0.0.1:${broker.port} (one run; the machine may be shared)`)
  for (const qos of [0, 1]) {
    const best = { mosquitto: undefined, mqtx: undefined }
    for (let r = 0; r < ROUNDS; r++) {
      for (const who of ['mosquitto', 'mqtx']) {
        const res = await receive(broker, who, qos)
        if (best[who] === undefined || res.rate > best[who].rate) best[who] = res
      }
    }
    const m = best.mosquitto
    const q = best.mqtx
    console.log(`receive QoS ${qos}: mosquitto_sub ${fmt(m.rate)} msg/s (${fmt(m.seconds, 2)} s, CPU ${fmt(m.cpu, 2)} s) | mqtx sub ${fmt(q.rate)} msg/s (${fmt(q.seconds, 2)} s, CPU ${fmt(q.cpu, 2)} s), peak RSS ${fmt(q.rss / 1048576, 1)} MB | ratio mqtx/mosquitto ${fmt(q.rate / m.rate, 2)}`)
  }
  const times = { node: [], mqtx: [], mosquitto: [] }
  for (let i = 0; i < RUNS; i++) {
    times.node.push(await nodeStart())
    times.mqtx.push(await toSuback(broker, 'mqtx'))
    times.mosquitto.push(await toSuback(broker, 'mosquitto'))
  }
  const [n, q, m] = [median(times.node), median(times.mqtx), median(times.mosquitto)]
  console.log(`start to SUBACK (median of ${RUNS}): mqtx sub ${fmt(q, 1)} ms | mosquitto_sub ${fmt(m, 1)} ms | node -e 0 (start to exit) ${fmt(n, 1)} ms | ratio mqtx/node ${fmt(q / n, 2)}`)
} finally {
  broker.child.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
