#!/usr/bin/env node
// `npm run bench:pub`: mqtx pub against the floor and mosquitto_pub, in ONE run, on a mosquitto this
// script starts on a free loopback port. Prints figures and ratios; asserts nothing (figures go in notes).
//
//   cold start   `pub -t t -m x`: median wall time over N interleaved runs (timed here, to the
//                microsecond) and peak RSS (GNU time), vs a raw-socket Node floor
//                (scripts/bench/floor-pub.cjs) and mosquitto_pub
//   -l QoS 0     100,000 lines, counted by mosquitto_sub: time until the subscriber has them all, vs
//                mosquitto_pub -l (median of BENCH_TRIALS alternating trials)
//   -l QoS 1     100,000 lines by mqtx vs two 50,000-line runs of mosquitto_pub (default window):
//                end to end to a QoS 1 subscriber, and the publishers alone (exit = all acknowledged),
//                on a default broker and on one that allows 1,000 in flight; plus the broker's CPU
//                time for the messages (mosquitto is single-threaded: a floor under any client's time)
//   1M QoS 1     peak RSS of mqtx pub -l -q 1 over 1,000,000 lines
//
// Env: BENCH_RUNS (cold-start runs, default 21), BENCH_TRIALS (-l trials, default 3),
// BENCH_SKIP_1M=1 to skip the 1M run.
import { spawn, spawnSync } from 'node:child_process'
import { createReadStream, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cpuSeconds, freePort, mosquittoConfig } from './bench/common.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.cjs')
const floor = join(root, 'scripts', 'bench', 'floor-pub.cjs')
const runs = Number(process.env.BENCH_RUNS ?? 21)
const trials = Number(process.env.BENCH_TRIALS ?? 3)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-'))

async function startBroker(extra = []) {
  const port = await freePort()
  const conf = join(dir, `mosquitto-${port}.conf`)
  const logFile = join(dir, `mosquitto-${port}.log`)
  // The log goes to a file (this script blocks in spawnSync while timing: a broker writing into a pipe
  // nobody reads would stall), and only notices and subscriptions are logged, never per message. max_queued_messages 0: the broker must not drop what clients deliver.
  writeFileSync(conf, mosquittoConfig(port, ['max_queued_messages 0', ...extra, 'log_dest stderr', 'log_type notice', 'log_type information', 'log_type subscribe']))
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
  // warm the page cache first; then interleave, so a disturbance hits every variant alike
  for (const [cmd, args] of Object.values(variants)) spawnSync(cmd, args)
  for (let i = 0; i < runs; i++) {
    for (const [name, [cmd, args]] of Object.entries(variants)) {
      const t0 = performance.now()
      const r = spawnSync(cmd, args, { stdio: 'ignore' })
      const wall = (performance.now() - t0) / 1000
      if (r.status !== 0) throw new Error(`${name} failed`)
      res[name].wall.push(wall)
      // peak RSS from GNU time, in separate runs (its own fork and exec would blur the wall time)
      if (i < 5) res[name].rss.push(timed(cmd, args).rssMB)
    }
  }
  const m = Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { wall: median(v.wall), min: Math.min(...v.wall), rss: Math.max(...v.rss) }]))
  console.log(`\ncold start, ${runs} interleaved runs (wall: median, min; peak RSS):`)
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(14)} ${fmt(v.wall * 1000, 1)} ms, ${fmt(v.min * 1000, 1)} ms  ${fmt(v.rss, 1)} MB`)
  console.log(`  ratio mqtx/floor: ${fmt(m.mqtx.wall / m.floor.wall)} median, ${fmt(m.mqtx.min / m.floor.min)} min  (target <= 1.3; peak RSS target <= 60 MB)`)
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

/** Median seconds (and fewest delivered) over `trials` alternating trials; variants: name -> topic -> runs. */
async function e2e(broker, qos, variants) {
  const res = Object.fromEntries(Object.keys(variants).map((k) => [k, { seconds: [], count: Infinity, pubRss: 0 }]))
  for (let t = 0; t < trials; t++) {
    for (const [name, runsFor] of Object.entries(variants)) {
      const topic = `b/${qos}/${name}/${t}`
      const r = await delivered(broker, topic, qos, 100_000, runsFor(topic))
      res[name].seconds.push(r.seconds)
      res[name].count = Math.min(res[name].count, r.count)
      res[name].pubRss = Math.max(res[name].pubRss, r.pubRss)
    }
  }
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { ...v, seconds: median(v.seconds) }]))
}

/**
 * The publishers alone (no subscriber): wall time until the last run exits (every message
 * acknowledged), and the CPU time the broker spent meanwhile, median of `trials`. mosquitto is
 * single-threaded: its CPU time for the messages is a floor under any publisher's wall time.
 */
function publisherOnly(brokerPid, variants) {
  const res = Object.fromEntries(Object.keys(variants).map((k) => [k, { wall: [], brokerCpu: [] }]))
  for (let t = 0; t < trials; t++) {
    for (const [name, runList] of Object.entries(variants)) {
      const cpu0 = cpuSeconds(brokerPid)
      const t0 = performance.now()
      for (const [cmd, args, file] of runList) {
        const r = spawnSync(cmd, args, { input: readFileSync(file), stdio: ['pipe', 'ignore', 'ignore'] })
        if (r.status !== 0) throw new Error(`${name} failed`)
      }
      res[name].wall.push((performance.now() - t0) / 1000)
      res[name].brokerCpu.push(cpuSeconds(brokerPid) - cpu0)
    }
  }
  return Object.fromEntries(Object.entries(res).map(([k, v]) => [k, { wall: median(v.wall), brokerCpu: median(v.brokerCpu) }]))
}

/** mqtx (one 100,000-line run) and mosquitto_pub (two 50,000-line runs) at QoS 1. */
function qos1Variants(port, f100k, f50k) {
  const mq = ['node', [bin, 'pub', '-p', port, '-l', '-q', '1']]
  const mo = ['mosquitto_pub', ['-p', port, '-l', '-q', '1']]
  return {
    e2e: {
      mqtx: (topic) => [[mq[0], [...mq[1], '-t', topic], f100k]],
      mosquitto_pub: (topic) => [[mo[0], [...mo[1], '-t', topic], f50k], [mo[0], [...mo[1], '-t', topic], f50k]],
    },
    alone: {
      mqtx: [[mq[0], [...mq[1], '-t', 'b/alone'], f100k]],
      mosquitto_pub: [[mo[0], [...mo[1], '-t', 'b/alone'], f50k], [mo[0], [...mo[1], '-t', 'b/alone'], f50k]],
    },
  }
}

async function qos1(broker, f100k, f50k) {
  const port = String(broker.port)
  const q = qos1Variants(port, f100k, f50k)
  const e = await e2e(broker, 1, q.e2e)
  const alone = publisherOnly(broker.child.pid, q.alone)
  console.log(`  end to end, to mosquitto_sub -q 1 (median of ${trials}):`)
  console.log(`    mqtx           ${fmt(e.mqtx.seconds)} s, ${e.mqtx.count} delivered, pub peak RSS ${fmt(e.mqtx.pubRss, 1)} MB`)
  console.log(`    mosquitto_pub  ${fmt(e.mosquitto_pub.seconds)} s, ${e.mosquitto_pub.count} delivered`)
  console.log(`    ratio mqtx/mosquitto_pub time: ${fmt(e.mqtx.seconds / e.mosquitto_pub.seconds)} (target <= 0.5)`)
  console.log(`  the publishers alone, no subscriber (exit = every message acknowledged; median of ${trials}):`)
  console.log(`    mqtx           ${fmt(alone.mqtx.wall)} s, broker CPU meanwhile ${fmt(alone.mqtx.brokerCpu)} s`)
  console.log(`    mosquitto_pub  ${fmt(alone.mosquitto_pub.wall)} s, broker CPU meanwhile ${fmt(alone.mosquitto_pub.brokerCpu)} s`)
  console.log(`    ratio mqtx/mosquitto_pub time: ${fmt(alone.mqtx.wall / alone.mosquitto_pub.wall)}`)
  const floorCpu = Math.min(alone.mqtx.brokerCpu, alone.mosquitto_pub.brokerCpu)
  console.log(`  mosquitto runs on one thread: with ${fmt(floorCpu)} s of its CPU per 100,000 messages, no publisher can be`)
  console.log(`  done sooner, i.e. the best ratio any client can reach against mosquitto_pub alone here is ${fmt(floorCpu / alone.mosquitto_pub.wall)}`)
}

const broker = await startBroker()
console.log(`mosquitto on 127.0.0.1:${broker.port} (max_queued_messages 0); node ${process.version}`)
try {
  coldStart(broker.port)
  const f100k = lines(100_000)
  const f50k = lines(50_000)
  const p = String(broker.port)

  const q0 = await e2e(broker, 0, {
    mqtx: (topic) => [['node', [bin, 'pub', '-p', p, '-t', topic, '-l'], f100k]],
    mosquitto_pub: (topic) => [['mosquitto_pub', ['-p', p, '-t', topic, '-l'], f100k]],
  })
  console.log(`\n-l QoS 0, 100,000 lines -> mosquitto_sub (median of ${trials}):`)
  console.log(`  mqtx           ${fmt(q0.mqtx.seconds)} s, ${q0.mqtx.count} delivered, pub peak RSS ${fmt(q0.mqtx.pubRss, 1)} MB`)
  console.log(`  mosquitto_pub  ${fmt(q0.mosquitto_pub.seconds)} s, ${q0.mosquitto_pub.count} delivered`)
  console.log(`  ratio mqtx/mosquitto_pub time: ${fmt(q0.mqtx.seconds / q0.mosquitto_pub.seconds)} (target <= 1.0; the counts show any loss)`)

  console.log('\n-l QoS 1, 100,000 lines (mosquitto_pub: two 50,000-line runs), default mosquitto:')
  console.log('  (max_inflight_messages 20 = the Receive Maximum it gives v5 clients: mqtx\'s window is 20 too)')
  await qos1(broker, f100k, f50k)

  // A broker that allows more in flight: mqtx's window follows the broker's Receive Maximum (up to -M,
  // default 1000); mosquitto_pub keeps its default window of 20.
  const wide = await startBroker(['max_inflight_messages 1000'])
  try {
    console.log('\n-l QoS 1 again, broker with max_inflight_messages 1000 (mqtx\'s window 1,000, mosquitto_pub\'s 20):')
    await qos1(wide, f100k, f50k)
  } finally {
    wide.child.kill()
  }

  if (process.env.BENCH_SKIP_1M !== '1') {
    const f1m = lines(1_000_000)
    // the whole file as input (spawnSync's maxBuffer limits output only)
    const r = timed('node', [bin, 'pub', '-p', p, '-t', 'b/1m', '-l', '-q', '1'], readFileSync(f1m))
    console.log(`\n1,000,000 lines QoS 1 (no subscriber): ${fmt(r.wall)} s, peak RSS ${fmt(r.rssMB, 1)} MB (target <= 100 MB), exit ${r.status}`)
  }
} finally {
  broker.child.kill()
}
