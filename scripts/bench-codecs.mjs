#!/usr/bin/env node
// `npm run bench:codecs`: the cost of the codec layer, in ONE run, on a mosquitto this script starts
// on a free loopback port. Prints figures and ratios; asserts nothing (figures go in NOTES.md).
//
//   sub          N QoS 0 messages pushed by a raw-socket publisher (pre-built frames); time until
//                `mqtx sub -C N` exits, stdout to a file: plain sub writing the raw payload vs
//                `--decode protobuf` (a 10-field sensor message) and `--decode sparkplug` (a DDATA with
//                5 metrics) writing one JSON line each. Median of BENCH_TRIALS alternating trials.
//   pub -l       N JSON lines: plain `pub -l` vs `pub -l --encode protobuf` (QoS 0, time to exit), with
//                the encoding on the worker thread (the default for long inputs) and, to compare, with
//                MQTX_ENCODE_WORKER=off (on the main thread).
//   RSS          peak and sampled RSS of `sub --decode protobuf`, `--decode sparkplug` and
//                `pub -l --encode protobuf` over BENCH_RSS_N (default 1,000,000) messages.
//   Ratios       each round runs every case once, one after the other; a ratio is taken per round
//                (decoding / plain of the same round) and the median of those is printed, so a burst
//                of load from elsewhere moves both sides of one ratio. The GOALS block at the end
//                prints the three ratios issue 16 sets (>= 0.70x).
//   MQTX_BASE    =<a built checkout of the base branch>: its decoding and encoding cases run in the
//                same rounds (before/after at the same load), and cold `pub -m x` and `sub -E` of both
//                builds, interleaved, median wall time, plus the raw-socket floor
//                (scripts/bench/floor-pub.cjs) for the ratio.
//
// Env: BENCH_N (default 200,000), BENCH_TRIALS (3), BENCH_RSS_N (1,000,000; 0 skips), BENCH_RUNS (21),
// BENCH_ONLY (sub | pub).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqttPacket from 'mqtt-packet'
import protobuf from 'protobufjs'
import { freePort, mosquittoConfig } from './bench/common.mjs'

const root = new URL('..', import.meta.url).pathname
const bin = join(root, 'bin', 'mqtx.cjs')
const N = Number(process.env.BENCH_N ?? 200_000)
const trials = Number(process.env.BENCH_TRIALS ?? 3)
const rssN = Number(process.env.BENCH_RSS_N ?? 1_000_000)
const runs = Number(process.env.BENCH_RUNS ?? 21)
const base = process.env.MQTX_BASE
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-codecs-'))
const fixtures = join(root, 'test', 'fixtures', 'codecs')
const PROTO = ['--proto', join(fixtures, 'sensor.proto'), '--type', 'sensors.Reading']

// --- payloads -------------------------------------------------------------------------------------
const reading = { device_id: 'sensor-0042', timestamp: 1764160000123, temperature: 21.5, humidity: 48.25, pressure: 1013.25, battery: 87, status: 1, location: { lat: 52.52, lon: 13.405 }, tags: ['roof', 'north'], door_open: false }
const Reading = protobuf.loadSync(join(fixtures, 'sensor.proto')).lookupType('sensors.Reading')
const pbPayload = Buffer.from(Reading.encode(Reading.fromObject({ deviceId: reading.device_id, timestamp: reading.timestamp, temperature: 21.5, humidity: 48.25, pressure: 1013.25, battery: 87, status: 1, location: reading.location, tags: reading.tags, doorOpen: false })).finish())
const Payload = new protobuf.Root().loadSync(join(root, 'src', 'codecs', 'schema', 'sparkplug_b.proto'), { keepCase: true }).lookupType('org.eclipse.tahu.protobuf.Payload')
const ts = 1764160000000
const spbPayload = Buffer.from(Payload.encode(Payload.fromObject({ timestamp: ts, seq: 12, metrics: [
  { name: 'Pump/RPM', alias: 1, timestamp: ts, datatype: 3, int_value: 1450 },
  { name: 'Pump/Temperature', alias: 2, timestamp: ts, datatype: 10, double_value: 61.25 },
  { name: 'Pump/Running', alias: 3, timestamp: ts, datatype: 11, boolean_value: true },
  { name: 'Pump/Mode', alias: 4, timestamp: ts, datatype: 12, string_value: 'AUTO' },
  { name: 'Pump/Hours', alias: 5, timestamp: ts, datatype: 8, long_value: 123456 },
] })).finish())

// --- broker and raw publisher ---------------------------------------------------------------------
async function startBroker() {
  const port = await freePort()
  const conf = join(dir, `mosquitto-${port}.conf`)
  const logFile = join(dir, `mosquitto-${port}.log`)
  writeFileSync(conf, mosquittoConfig(port, ['max_queued_messages 0', 'log_dest stderr', 'log_type notice', 'log_type information', 'log_type subscribe']))
  const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', openSync(logFile, 'w')] })
  const log = () => readFileSync(logFile, 'utf8')
  await waitFor(() => /running/.test(log()), 'broker start')
  return { port, child, waitSub: (id) => waitFor(() => new RegExp(`${id} \\d `).test(log()), `subscription of ${id}`) }
}

function waitFor(test, what, timeoutMs = 20_000) {
  return new Promise((resolve, reject) => {
    const started = Date.now()
    const t = setInterval(() => {
      if (test()) {
        clearInterval(t)
        resolve()
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(t)
        reject(new Error(`timed out waiting for ${what}`))
      }
    }, 5)
  })
}

/** Push `count` QoS 0 PUBLISH frames of `payload` through one raw socket, honouring back-pressure. */
function rawPublish(port, topic, payload, count) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1')
    sock.setNoDelay(true)
    sock.on('error', reject)
    const frame = mqttPacket.generate({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false })
    const perBatch = Math.max(1, Math.floor(65536 / frame.length))
    const batch = Buffer.concat(Array.from({ length: perBatch }, () => frame))
    let sent = 0
    const pump = () => {
      while (sent < count) {
        const k = Math.min(perBatch, count - sent)
        sent += k
        const ok = sock.write(k === perBatch ? batch : batch.subarray(0, k * frame.length))
        if (!ok) return sock.once('drain', pump)
      }
      sock.end(mqttPacket.generate({ cmd: 'disconnect' }), resolve)
    }
    sock.once('connect', () => {
      sock.write(mqttPacket.generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: `rawpub-${process.pid}`, keepalive: 60 }))
      sock.once('data', pump) // CONNACK
    })
  })
}

// --- sub ------------------------------------------------------------------------------------------
let subIds = 0
async function subTrial(broker, payload, extra, count, sampleRss = false, binPath = bin) {
  const id = `bench-sub-${++subIds}`
  const out = openSync(join(dir, `${id}.out`), 'w')
  const timeFile = join(dir, `${id}.time`)
  // GNU time: the sub's CPU seconds and peak RSS (steadier than msgs/s on a busy machine)
  const child = spawn('/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', process.execPath, ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), binPath, 'sub', '-p', String(broker.port), '-i', id, '-t', 'bench/t', '-C', String(count), ...extra], { stdio: ['ignore', out, 'inherit'] })
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  await broker.waitSub(id)
  const samples = []
  // the sub is GNU time's child
  const subPid = () => Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0])
  const timer = sampleRss ? setInterval(() => {
    try {
      samples.push(rssMb(subPid()))
    } catch {
      // between exec and exit there may be no child yet / any more
    }
  }, 250) : undefined
  const t0 = process.hrtime.bigint()
  await rawPublish(broker.port, 'bench/t', payload, count)
  const code = await exited
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  clearInterval(timer)
  if (code !== 0) throw new Error(`sub exited ${code}`)
  const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
  return { seconds, rate: count / seconds, cpuUs: ((user + sys) / count) * 1e6, peakMb: maxKb / 1024, samples: samples.filter((x) => x > 0) }
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? 0 : Number(m[1]) / 1024
  } catch {
    return 0
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (n) => Math.round(n).toLocaleString('en-US')

// --- pub -l ---------------------------------------------------------------------------------------
let pubIds = 0
function pubTrial(broker, file, extra, binPath = bin, env = {}, count = N) {
  const timeFile = join(dir, `pub-${++pubIds}.time`)
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-o', timeFile, '-f', '%U %S %M', process.execPath, binPath, 'pub', '-p', String(broker.port), '-t', 'bench/p', '-l', ...extra], { stdio: [openSync(file, 'r'), 'ignore', 'inherit'], env: { ...process.env, ...env } })
  if (r.status !== 0) throw new Error(`pub exited ${r.status}`)
  const rate = count / (Number(process.hrtime.bigint() - t0) / 1e9)
  const [user, sys, maxKb] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number)
  return { rate, cpuUs: ((user + sys) / count) * 1e6, peakMb: maxKb / 1024 }
}

/** The median over rounds of a[i] / b[i] (each round ran both, one after the other). */
const roundRatio = (a, b) => median(a.map((x, i) => x / b[i]))

// --- start-up -------------------------------------------------------------------------------------
function wall(args) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(args[0], args.slice(1), { stdio: 'ignore' })
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
  return Number(process.hrtime.bigint() - t0) / 1e6
}

async function main() {
  const broker = await startBroker()
  try {
    console.log(`load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; N=${fmt(N)}, ${trials} trials`)
    console.log(`payloads: protobuf ${pbPayload.length} B (10 fields), sparkplug DDATA ${spbPayload.length} B (5 metrics)`)
    // with MQTX_BASE, the base build's decoding/encoding cases run in the same rounds (before/after, same load)
    const baseBin = base === undefined ? undefined : join(base, 'bin', 'mqtx.cjs')
    const cases = [
      ['plain sub, raw protobuf bytes', pbPayload, []],
      ['sub --decode protobuf -> NDJSON', pbPayload, ['--decode', 'protobuf', ...PROTO]],
      ['plain sub, raw sparkplug bytes', spbPayload, []],
      ['sub --decode sparkplug -> NDJSON', spbPayload, ['--decode', 'sparkplug']],
      ...(baseBin === undefined ? [] : [
        ['base: sub --decode protobuf', pbPayload, ['--decode', 'protobuf', ...PROTO], baseBin],
        ['base: sub --decode sparkplug', spbPayload, ['--decode', 'sparkplug'], baseBin],
      ]),
    ]
    const only = process.env.BENCH_ONLY
    if (only === 'pub') cases.length = 0
    const rates = cases.map(() => [])
    const cpu = cases.map(() => [])
    for (let t = 0; t < trials; t++) {
      for (const [i, [, payload, extra, binPath]] of cases.entries()) {
        const r = await subTrial(broker, payload, extra, N, false, binPath)
        rates[i].push(r.rate)
        cpu[i].push(r.cpuUs)
      }
    }
    const med = rates.map(median)
    const cmed = cpu.map(median)
    if (cases.length > 0) cases.forEach(([name], i) => console.log(`  ${name.padEnd(36)} ${fmt(med[i]).padStart(9)} msg/s  ${cmed[i].toFixed(2)} us CPU/msg (incl. start-up)  (trials: ${rates[i].map(fmt).join(', ')}; CPU ${cpu[i].map((c) => c.toFixed(2)).join(', ')})`))
    const ratios = (pb, spb) => `msgs/s ratio protobuf/plain ${roundRatio(rates[pb], rates[0]).toFixed(2)}x, sparkplug/plain ${roundRatio(rates[spb], rates[2]).toFixed(2)}x (median per round); CPU/msg ratio plain/decoding: protobuf ${(cmed[0] / cmed[pb]).toFixed(2)}x, sparkplug ${(cmed[2] / cmed[spb]).toFixed(2)}x`
    if (cases.length > 0) {
      console.log(`  this: ${ratios(1, 3)}`)
      if (baseBin !== undefined) console.log(`  base: ${ratios(4, 5)}`)
    }

    const goals = []
    if (cases.length > 0) {
      goals.push(['sub --decode protobuf -> NDJSON / plain sub', roundRatio(rates[1], rates[0]), cmed[0] / cmed[1]])
      goals.push(['sub --decode sparkplug -> NDJSON / plain sub', roundRatio(rates[3], rates[2]), cmed[2] / cmed[3]])
    }
    const printGoals = () => {
      console.log(`GOALS (issue 16: >= 0.70x; msgs/s, median of per-round ratios over ${trials} rounds; load now ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`)
      for (const [name, r, c] of goals) console.log(`  ${name.padEnd(46)} ${r.toFixed(2)}x  ${r >= 0.7 ? 'met' : 'NOT met'}   (CPU per message: plain/this ${c.toFixed(2)}x)`)
    }
    if (only === 'sub') return printGoals()
    const jsonFile = join(dir, 'lines.json')
    const line = JSON.stringify({ ...reading, timestamp: String(reading.timestamp), status: 'OK' })
    writeFileSync(jsonFile, `${line}\n`.repeat(N))
    const OFF = { MQTX_ENCODE_WORKER: 'off' }
    const pubCases = [
      ['plain pub -l (JSON text)', []],
      ['pub -l --encode protobuf', ['--encode', 'protobuf', ...PROTO]],
      ['pub -l --encode cbor', ['--encode', 'cbor']],
      ['  same, MQTX_ENCODE_WORKER=off: protobuf', ['--encode', 'protobuf', ...PROTO], bin, OFF],
      ['  same, MQTX_ENCODE_WORKER=off: cbor', ['--encode', 'cbor'], bin, OFF],
      ...(baseBin === undefined ? [] : [['base: pub -l --encode protobuf', ['--encode', 'protobuf', ...PROTO], baseBin], ['base: pub -l --encode cbor', ['--encode', 'cbor'], baseBin]]),
    ]
    const pubRates = pubCases.map(() => [])
    const pubCpu = pubCases.map(() => [])
    for (let t = 0; t < trials; t++) {
      for (const [i, [, extra, binPath, env]] of pubCases.entries()) {
        const r = pubTrial(broker, jsonFile, extra, binPath, env)
        pubRates[i].push(r.rate)
        pubCpu[i].push(r.cpuUs)
      }
    }
    const pmed = pubRates.map(median)
    const pcpu = pubCpu.map(median)
    pubCases.forEach(([name], i) => console.log(`  ${name.padEnd(40)} ${fmt(pmed[i]).padStart(9)} msg/s  ${pcpu[i].toFixed(2)} us CPU/line, all threads (trials: ${pubRates[i].map(fmt).join(', ')})`))
    const pr = (i) => roundRatio(pubRates[i], pubRates[0]).toFixed(2)
    console.log(`  this: ratio to plain -l (median per round): --encode protobuf ${pr(1)}x, cbor ${pr(2)}x; encoding on the main thread: protobuf ${pr(3)}x, cbor ${pr(4)}x`)
    if (baseBin !== undefined) console.log(`  base: ratio to plain -l (median per round): --encode protobuf ${pr(5)}x, cbor ${pr(6)}x`)
    goals.push(['pub -l --encode protobuf / plain pub -l', roundRatio(pubRates[1], pubRates[0]), pcpu[0] / pcpu[1]])

    if (rssN > 0) {
      for (const [name, payload, extra] of [cases[1], cases[3]]) {
        const r = await subTrial(broker, payload, extra, rssN, true)
        const s = r.samples
        const at = (f) => s[Math.min(s.length - 1, Math.floor(s.length * f))]?.toFixed(1)
        // every 10 % of the run: flat, or slowly growing?
        console.log(`  RSS ${name} over ${fmt(rssN)}: peak ${r.peakMb.toFixed(1)} MB (GNU time); sampled at 10, 20 … 90 % of the run ${[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map(at).join(' / ')} MB (${fmt(r.rate)} msg/s)`)
      }
      // pub -l --encode: peak RSS over rssN lines vs over N (flat: about the same)
      const bigFile = join(dir, 'lines-rss.json')
      writeFileSync(bigFile, `${line}\n`.repeat(rssN))
      const small = pubTrial(broker, jsonFile, ['--encode', 'protobuf', ...PROTO])
      const big = pubTrial(broker, bigFile, ['--encode', 'protobuf', ...PROTO], bin, {}, rssN)
      console.log(`  RSS pub -l --encode protobuf: peak ${small.peakMb.toFixed(1)} MB over ${fmt(N)} lines, ${big.peakMb.toFixed(1)} MB over ${fmt(rssN)} (GNU time; ${fmt(big.rate)} msg/s)`)
    }

    if (base !== undefined) {
      const floor = join(root, 'scripts', 'bench', 'floor-pub.cjs')
      const variants = [
        ['floor (raw socket)', [process.execPath, floor, 'localhost', String(broker.port)]],
        ['base  pub -m x', [process.execPath, join(base, 'bin', 'mqtx.cjs'), 'pub', '-p', String(broker.port), '-t', 't', '-m', 'x']],
        ['this  pub -m x', [process.execPath, bin, 'pub', '-p', String(broker.port), '-t', 't', '-m', 'x']],
        ['base  sub -E', [process.execPath, join(base, 'bin', 'mqtx.cjs'), 'sub', '-p', String(broker.port), '-t', 't', '-E']],
        ['this  sub -E', [process.execPath, bin, 'sub', '-p', String(broker.port), '-t', 't', '-E']],
      ]
      const times = variants.map(() => [])
      for (let r = 0; r < runs; r++) for (const [i, [, args]] of variants.entries()) times[i].push(wall(args))
      const tm = times.map(median)
      if (runs > 0) variants.forEach(([name], i) => console.log(`  start-up ${name.padEnd(20)} ${tm[i].toFixed(1)} ms median  (${(tm[i] / tm[0]).toFixed(2)}x floor)`))
    }
    printGoals()
  } finally {
    broker.child.kill()
  }
}

await main()
