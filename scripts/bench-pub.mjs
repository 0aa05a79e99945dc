#!/usr/bin/env node
// `npm run bench:pub`: mqtx pub against the floor and mosquitto_pub, in ONE run, on a mosquitto this
// script starts on a free loopback port. Prints figures and ratios; asserts nothing (figures go in notes).
//
//   cold start   `pub -t t -m x`: median wall time and peak RSS over N runs, vs a raw-socket Node
//                floor (scripts/bench/floor-pub.mjs) and mosquitto_pub
//   -l QoS 0     100,000 lines, counted by mosquitto_sub: time until the subscriber has them all (or
//                stops receiving), vs mosquitto_pub -l
//   -l QoS 1     100,000 lines by mqtx vs two 50,000-line runs of mosquitto_pub (default window)
//   1M QoS 1     peak RSS of mqtx pub -l -q 1 over 1,000,000 lines
//
// Env: BENCH_RUNS (cold-start runs, default 15), BENCH_SKIP_1M=1 to skip the 1M run.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, writeFileSync, createReadStream } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.js')
const floor = join(root, 'scripts', 'bench', 'floor-pub.mjs')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-'))

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })

async function startBroker(extra = '') {
  const port = await freePort()
  const conf = join(dir, `mosquitto-${port}.conf`)
  const logFile = join(dir, `mosquitto-${port}.log`)
  // The log goes to a file (this script blocks in spawnSync while timing: a broker writing into a pipe
  // nobody reads would stall), and only notices and subscriptions are logged, never per message. max_queued_messages 0: the broker must not drop what clients deliver.
  writeFileSync(conf, `${process.getuid?.() === 0 ? 'user root\n' : ''}listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n${extra}log_dest stderr\nlog_type notice\nlog_type information\nlog_type subscribe\n`)
  const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', openSync(logFile, 'w')] })
  const log = () => readFileSync(logFile, 'utf8')
  await waitLog(log, /running/)
  return { port, child, // log_type subscribe: "<id> <qos> <filter>" once the subscription exists (no per-message logging)
  waitSub: (id) => waitLog(log, new RegExp(`${id} \\d `)) }
}

function waitLog(get, re) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const t = setInterval(() => {
      if (re.test(get())) {
        clearInterval(t)
        resolve()
      } else if (Date.now() - started > 10_000) {
        clearInterval(t)
        reject(new Error(`timeout waiting for ${re}`))
      }
    }, 5)
  })
}

/** Run a command under GNU time; return wall seconds and peak RSS (MB). */
function timed(cmd, args, input) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { input, encoding: 'utf8', maxBuffer: 1 << 26 })
  const last = r.stderr.trim().split('\n').pop() ?? ''
  const [wall, rss] = last.split(' ').map(Number)
  return { wall, rssMB: rss / 1024, status: r.status }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x, d = 2) => Number(x).toFixed(d)

function coldStart(port) {
  const variants = {
    floor: ['node', [floor, 'localhost', String(port), 't', 'x']],
    mqtx: ['node', [bin, 'pub', '-p', String(port), '-t', 't', '-m', 'x']],
    mosquitto_pub: ['mosquitto_pub', ['-p', String(port), '-t', 't', '-m', 'x']],
  }
  const res = {}
  for (const name of Object.keys(variants)) res[name] = { wall: [], rss: [] }
  for (let i = 0; i < runs; i++) {
    for (const [name, [cmd, args]] of Object.entries(variants)) {
      const r = timed(cmd, args)
      if (r.status !== 0) throw new Error(`${name} failed`)
      res[name].wall.push(r.wall)
      res[name].rss.push(r.rssMB)
    }
  }
  const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { wall: median(v.wall), rss: Math.max(...v.rss) }]))
  console.log(`\ncold start, median of ${runs} (wall s, peak RSS MB):`)
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(14)} ${fmt(v.wall, 3)} s  ${fmt(v.rss, 1)} MB`)
  console.log(`  ratio mqtx/floor: ${fmt(m.mqtx.wall / m.floor.wall)}  (target <= 1.3; peak RSS target <= 60 MB)`)
  return m
}

/** Publish `lines` lines with `pubCmd`, count at a mosquitto_sub; time until all arrive or 3 s of quiet. */
async function delivered(broker, topic, qos, total, pubRuns) {
  const id = `bench-rx-${Math.random().toString(16).slice(2)}`
  const sub = spawn('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', topic, '-q', String(qos), '-C', String(total)], { stdio: ['ignore', 'pipe', 'ignore'] })
  let count = 0
  let lastAt = 0
  sub.stdout.on('data', (d) => {
    for (const b of d) if (b === 10) count++
    lastAt = performance.now()
  })
  await broker.waitSub(id)
  const t0 = performance.now()
  let pubRss = 0
  for (const [cmd, args, file] of pubRuns) {
    const r = await new Promise((resolve) => {
      const p = spawn('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['pipe', 'ignore', 'pipe'] })
      let err = ''
      p.stderr.on('data', (d) => (err += d))
      createReadStream(file).pipe(p.stdin)
      p.on('close', (code) => resolve({ code, rss: Number(err.trim().split('\n').pop()) / 1024 }))
    })
    pubRss = Math.max(pubRss, r.rss)
  }
  await new Promise((resolve) => {
    const t = setInterval(() => {
      if (count >= total || performance.now() - Math.max(lastAt, t0) > 3000) {
        clearInterval(t)
        resolve()
      }
    }, 20)
  })
  sub.kill()
  return { seconds: ((count >= total ? lastAt : lastAt || performance.now()) - t0) / 1000, count, pubRss }
}

function lines(n) {
  const f = join(dir, `lines-${n}`)
  writeFileSync(f, Array.from({ length: n }, (_, i) => String(i + 1)).join('\n') + '\n')
  return f
}

const broker = await startBroker()
console.log(`mosquitto on 127.0.0.1:${broker.port} (max_queued_messages 0); node ${process.version}`)
try {
  coldStart(broker.port)
  const f100k = lines(100_000)
  const f50k = lines(50_000)
  const p = String(broker.port)

  const m0 = await delivered(broker, 'b/q0m', 0, 100_000, [['node', [bin, 'pub', '-p', p, '-t', 'b/q0m', '-l'], f100k]])
  const s0 = await delivered(broker, 'b/q0s', 0, 100_000, [['mosquitto_pub', ['-p', p, '-t', 'b/q0s', '-l'], f100k]])
  console.log('\n-l QoS 0, 100,000 lines -> mosquitto_sub:')
  console.log(`  mqtx           ${fmt(m0.seconds)} s, ${m0.count} delivered, pub peak RSS ${fmt(m0.pubRss, 1)} MB`)
  console.log(`  mosquitto_pub  ${fmt(s0.seconds)} s, ${s0.count} delivered`)
  console.log(`  ratio mqtx/mosquitto_pub time: ${fmt(m0.seconds / s0.seconds)} (target <= 1.0; mosquitto_pub's count shows its losses)`)

  const m1 = await delivered(broker, 'b/q1m', 1, 100_000, [['node', [bin, 'pub', '-p', p, '-t', 'b/q1m', '-l', '-q', '1'], f100k]])
  const s1 = await delivered(broker, 'b/q1s', 1, 100_000, [
    ['mosquitto_pub', ['-p', p, '-t', 'b/q1s', '-l', '-q', '1'], f50k],
    ['mosquitto_pub', ['-p', p, '-t', 'b/q1s', '-l', '-q', '1'], f50k],
  ])
  console.log('\n-l QoS 1, 100,000 lines -> mosquitto_sub -q 1 (mosquitto_pub: two 50,000-line runs):')
  console.log(`  mqtx           ${fmt(m1.seconds)} s, ${m1.count} delivered, pub peak RSS ${fmt(m1.pubRss, 1)} MB`)
  console.log(`  mosquitto_pub  ${fmt(s1.seconds)} s, ${s1.count} delivered`)
  console.log(`  ratio mqtx/mosquitto_pub time: ${fmt(m1.seconds / s1.seconds)} (target <= 0.5)`)
  console.log('  (default mosquitto: max_inflight_messages 20 = the Receive Maximum it gives v5 clients, and the window')
  console.log('   it keeps towards the subscriber: both publishers are held to 20 in flight)')

  // A broker that allows more in flight: mqtx's window follows the broker's Receive Maximum (up to -M,
  // default 1000); mosquitto_pub keeps its default window of 20.
  const wide = await startBroker('max_inflight_messages 1000\n')
  try {
    const pw = String(wide.port)
    const w1 = await delivered(wide, 'b/w1m', 1, 100_000, [['node', [bin, 'pub', '-p', pw, '-t', 'b/w1m', '-l', '-q', '1'], f100k]])
    const ws1 = await delivered(wide, 'b/w1s', 1, 100_000, [
      ['mosquitto_pub', ['-p', pw, '-t', 'b/w1s', '-l', '-q', '1'], f50k],
      ['mosquitto_pub', ['-p', pw, '-t', 'b/w1s', '-l', '-q', '1'], f50k],
    ])
    console.log('\n-l QoS 1 again, broker with max_inflight_messages 1000 (Receive Maximum 1000):')
    console.log(`  mqtx           ${fmt(w1.seconds)} s, ${w1.count} delivered`)
    console.log(`  mosquitto_pub  ${fmt(ws1.seconds)} s, ${ws1.count} delivered`)
    console.log(`  ratio mqtx/mosquitto_pub time: ${fmt(w1.seconds / ws1.seconds)} (target <= 0.5)`)
  } finally {
    wide.child.kill()
  }

  if (process.env.BENCH_SKIP_1M !== '1') {
    const f1m = lines(1_000_000)
    const r = timed('node', [bin, 'pub', '-p', p, '-t', 'b/1m', '-l', '-q', '1'], spawnSync('cat', [f1m]).stdout)
    console.log(`\n1,000,000 lines QoS 1 (no subscriber): ${fmt(r.wall)} s, peak RSS ${fmt(r.rssMB, 1)} MB (target <= 100 MB), exit ${r.status}`)
  }
} finally {
  broker.child.kill()
}
