#!/usr/bin/env node
// `npm run bench:binary`: the standalone binary (release/mqtx-linux-x64, `npm run build:binary`) against
// the Node build (`node bin/mqtx.cjs`) in ONE run, on a mosquitto this script starts on a free loopback
// port. Prints figures and ratios against the goals of issue 15; asserts nothing. The machine may be
// shared: every comparison interleaves the two, and the load average is printed at start and end.
//
//   size        the binary's size
//   cold        `pub -t t -m x`, BENCH_RUNS interleaved runs, median and p95 wall time: binary, Node
//               build, the raw-socket floor (scripts/bench/floor-pub.cjs) under Node and compiled by
//               Bun the same way as mqtx, mosquitto_pub. Goals: binary <= 0.35x Node; <= 3x its floor
//   suback      process start -> SUBACK for `mqtx sub`, against a stand-in broker in this process
//               (it answers CONNECT and SUBSCRIBE and timestamps the SUBACK it writes): median, p95.
//               Goal: binary median <= 40 ms
//   lines       `pub -l` 100,000 lines at QoS 0 and QoS 1 to mosquitto: the publisher's run time
//               (QoS 1: exit = all acknowledged), best of BENCH_TRIALS alternating trials
//   receive     `sub -C 100000`: from mosquitto_pub -l starting until the subscriber exits; and the
//               client alone: a stand-in broker writes all 100,000 PUBLISH frames after the SUBACK
//   bench       `bench pubsub` (1 pub, 1 sub, QoS 0, 16 B) rate steps of BENCH_SECONDS: highest step
//               with zero loss. Goal for lines/receive/bench: binary >= 0.95x Node
//   rss         peak RSS (GNU time, when /usr/bin/time exists) of a cold pub and of `pub -l` with
//               1,000,000 QoS 0 lines
//   offline     the binary publishes inside a network namespace with no interfaces at all
//               (`unshare -n`, root only) over a unix socket: it needs no network of its own
//
// Usage: node scripts/bench-binary.mjs [--only=cold,suback,…] [--bin=path]
// Env: BENCH_RUNS (default 21), BENCH_TRIALS (default 3), BENCH_SECONDS (default 3)
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, mosquittoConfig } from './bench/common.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const arg = (name, dflt) => (process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `--${name}=${dflt}`).slice(name.length + 3)
const BINARY = resolve(arg('bin', join(root, 'release', 'mqtx-linux-x64')))
const ONLY = arg('only', 'size,cold,suback,lines,receive,bench,rss,offline').split(',')
const RUNS = Number(process.env.BENCH_RUNS ?? 21)
const TRIALS = Number(process.env.BENCH_TRIALS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-binary-'))
const BUN = join(root, 'node_modules', 'bun', 'bin', 'bun.exe')
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

if (!existsSync(BINARY)) {
  console.error(`${BINARY} not found: run \`npm run build:binary\` first (or pass --bin=path)`)
  process.exit(2)
}
/** The two builds under test: argv prefixes. */
const builds = { node: [process.execPath, join(root, 'bin', 'mqtx.cjs')], binary: [BINARY] }

const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
const ms = (x) => `${x.toFixed(1)} ms`
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ')
const out = (s) => process.stdout.write(`${s}\n`)

async function startMosquitto(extra = []) {
  const port = await freePort()
  const conf = join(dir, `mosquitto-${port}.conf`)
  const logFile = join(dir, `mosquitto-${port}.log`)
  // log to a file (this script sits in spawnSync at times: a full pipe would stall the broker); only
  // start and subscriptions are logged, never per message
  writeFileSync(conf, mosquittoConfig(port, ['max_queued_messages 0', ...extra, 'log_dest stderr', 'log_type information', 'log_type subscribe']))
  const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', openSync(logFile, 'w')] })
  const waitLog = (re) =>
    new Promise((res, rej) => {
      const started = Date.now()
      const t = setInterval(() => {
        if (re.test(readFileSync(logFile, 'utf8'))) res(clearInterval(t))
        else if (Date.now() - started > 15_000) rej(new Error(`mosquitto log never matched ${re}`), clearInterval(t))
      }, 5)
    })
  await waitLog(/running/)
  return { port, waitSub: (id) => waitLog(new RegExp(` ${id} [0-2] `)), stop: () => child.kill('SIGTERM') }
}

function exited(child) {
  return new Promise((res) => child.once('close', (code) => res(code)))
}

/** Wall time of one run (ms), stdio ignored; throws when it fails. */
function once(argv) {
  const t0 = performance.now()
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'ignore' })
  const t = performance.now() - t0
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status ?? r.signal}`)
  return t
}

/** Peak RSS (MB) of one run, from GNU time. */
function peakRss(argv, inputFile) {
  if (GNU_TIME === undefined) return NaN
  const r = spawnSync(GNU_TIME, ['-f', '%M', ...argv], { stdio: [inputFile === undefined ? 'ignore' : openSync(inputFile, 'r'), 'ignore', 'pipe'], encoding: 'utf8' })
  return Number(r.stderr.trim().split('\n').pop()) / 1024
}

function size() {
  out(`size: ${(statSync(BINARY).size / 1024 / 1024).toFixed(1)} MB (${BINARY})`)
}

/** The raw-socket floor compiled the way build-binary.mjs compiles mqtx. */
function compiledFloor() {
  const file = join(dir, 'floor-pub')
  const r = spawnSync(BUN, ['build', '--compile', '--bytecode', '--minify', '--no-compile-autoload-dotenv', '--no-compile-autoload-bunfig', join(root, 'scripts', 'bench', 'floor-pub.cjs'), '--outfile', file], { stdio: 'ignore' })
  if (r.status !== 0) throw new Error('compiling the floor with bun failed')
  return file
}

async function cold() {
  const broker = await startMosquitto()
  const p = String(broker.port)
  const pub = ['pub', '-p', p, '-t', 't', '-m', 'x']
  const floor = join(root, 'scripts', 'bench', 'floor-pub.cjs')
  const variants = {
    'node bin/mqtx.cjs': [...builds.node, ...pub],
    binary: [...builds.binary, ...pub],
    'floor, node': [process.execPath, floor, 'localhost', p, 't', 'x'],
    'floor, compiled': [compiledFloor(), 'localhost', p, 't', 'x'],
    mosquitto_pub: ['mosquitto_pub', ...pub.slice(1)],
  }
  const res = Object.fromEntries(Object.keys(variants).map((k) => [k, []]))
  for (const argv of Object.values(variants)) once(argv) // page cache
  for (let i = 0; i < RUNS; i++) for (const [k, argv] of Object.entries(variants)) res[k].push(once(argv))
  broker.stop()
  out(`cold \`pub -t t -m x\`, ${RUNS} interleaved runs (median, p95):`)
  for (const [k, xs] of Object.entries(res)) out(`  ${k.padEnd(18)} ${ms(q(xs, 0.5)).padStart(9)} ${ms(q(xs, 0.95)).padStart(9)}`)
  const m = (k) => q(res[k], 0.5)
  out(`  binary / Node build:       ${ratio(m('binary'), m('node bin/mqtx.cjs'))}  (goal <= 0.35x)`)
  out(`  binary / compiled floor:   ${ratio(m('binary'), m('floor, compiled'))}  (goal <= 3x)`)
}

/** A broker stand-in: CONNACK for CONNECT, SUBACK for SUBSCRIBE (then `afterSuback(socket)`); `next()` resolves with when a SUBACK went out. */
async function standIn(afterSuback = () => {}) {
  let onSuback = () => {}
  const server = net.createServer((sock) => {
    sock.setNoDelay(true)
    let buf = Buffer.alloc(0)
    let v5 = false
    sock.on('error', () => {})
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      for (;;) {
        // fixed header: type, remaining length (variable-length integer)
        let len = 0
        let mul = 1
        let i = 1
        for (; i < buf.length && i < 5; i++) {
          len += (buf[i] & 127) * mul
          mul *= 128
          if ((buf[i] & 128) === 0) break
        }
        if (i >= buf.length || buf.length < i + 1 + len) return
        const type = buf[0] >> 4
        const body = buf.subarray(i + 1, i + 1 + len)
        buf = buf.subarray(i + 1 + len)
        if (type === 1) {
          v5 = body[6] === 5
          sock.write(Buffer.from(v5 ? [0x20, 3, 0, 0, 0] : [0x20, 2, 0, 0]))
        } else if (type === 8) {
          sock.write(Buffer.from(v5 ? [0x90, 4, body[0], body[1], 0, 0] : [0x90, 3, body[0], body[1], 0]))
          onSuback(performance.now())
          afterSuback(sock)
        } else if (type === 12) sock.write(Buffer.from([0xd0, 0]))
      }
    })
  })
  await new Promise((res) => server.listen(0, '127.0.0.1', res))
  return {
    port: server.address().port,
    next: () => new Promise((res) => (onSuback = res)),
    close: () => server.close(),
  }
}

async function suback() {
  const s = await standIn()
  const res = { node: [], binary: [] }
  for (let i = 0; i < RUNS + 1; i++) {
    for (const [k, argv] of Object.entries(builds)) {
      const got = s.next()
      const t0 = performance.now()
      const child = spawn(argv[0], [...argv.slice(1), 'sub', '-h', '127.0.0.1', '-p', String(s.port), '-t', 'x'], { stdio: 'ignore' })
      const t = await Promise.race([got, new Promise((res) => setTimeout(() => res(NaN), 10_000))])
      child.kill('SIGTERM')
      await exited(child)
      if (i > 0) res[k].push(t - t0) // the first round warms the page cache
    }
  }
  s.close()
  out(`sub start -> SUBACK written, ${RUNS} interleaved runs (median, p95):`)
  for (const [k, xs] of Object.entries(res)) out(`  ${k.padEnd(18)} ${ms(q(xs, 0.5)).padStart(9)} ${ms(q(xs, 0.95)).padStart(9)}`)
  out(`  binary median:            ${ms(q(res.binary, 0.5))}  (goal <= 40 ms)`)
}

function linesFile(n, name = `lines-${n}`) {
  const f = join(dir, name)
  if (!existsSync(f)) writeFileSync(f, Array.from({ length: n }, (_, i) => `message ${String(i).padStart(8, '0')}`).join('\n') + '\n')
  return f
}

/** Best (lowest) time of `fn(build)` over TRIALS alternating trials, for both builds. */
async function alternate(fn) {
  const res = { node: [], binary: [] }
  for (let i = 0; i < TRIALS; i++) for (const k of Object.keys(builds)) res[k].push(await fn(k))
  return { node: Math.min(...res.node), binary: Math.min(...res.binary) }
}

async function lines() {
  const broker = await startMosquitto()
  const file = linesFile(100_000)
  out(`pub -l 100,000 lines (publisher run time, best of ${TRIALS}; throughput ratio = Node time / binary time):`)
  for (const qos of ['0', '1']) {
    const t = await alternate(async (k) => {
      const argv = [...builds[k], 'pub', '-p', String(broker.port), '-t', 'bench/lines', '-q', qos, '-l']
      const child = spawn(argv[0], argv.slice(1), { stdio: [openSync(file, 'r'), 'ignore', 'inherit'] })
      const t0 = performance.now()
      if ((await exited(child)) !== 0) throw new Error(`${k} pub -l failed`)
      return performance.now() - t0
    })
    out(`  QoS ${qos}: Node ${ms(t.node)}, binary ${ms(t.binary)}; binary throughput ${ratio(t.node, t.binary)} of Node (goal >= 0.95x)`)
  }
  broker.stop()
}

let ids = 0
async function receive() {
  const broker = await startMosquitto()
  const n = 100_000
  const file = linesFile(n)
  const t = await alternate(async (k) => {
    const id = `bench-rx-${++ids}`
    const argv = [...builds[k], 'sub', '-p', String(broker.port), '-i', id, '-t', 'bench/rx', '-C', String(n)]
    const sub = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] })
    const done = exited(sub)
    await broker.waitSub(id)
    const t0 = performance.now()
    spawn('mosquitto_pub', ['-p', String(broker.port), '-t', 'bench/rx', '-l'], { stdio: [openSync(file, 'r'), 'ignore', 'inherit'] })
    const timer = setTimeout(() => sub.kill('SIGKILL'), 120_000)
    const code = await done
    clearTimeout(timer)
    if (code !== 0) throw new Error(`${k} sub -C ${n} exited ${code}`)
    return performance.now() - t0
  })
  broker.stop()
  out(`sub receiving 100,000 QoS 0 (from mosquitto_pub -l starting to sub's exit, best of ${TRIALS}):`)
  out(`  Node ${ms(t.node)}, binary ${ms(t.binary)}; binary throughput ${ratio(t.node, t.binary)} of Node (goal >= 0.95x)`)
  // the client alone: a stand-in broker writes all 100,000 PUBLISH frames at once after the SUBACK
  const topic = Buffer.from('bench/rx')
  const blast = Buffer.concat(
    Array.from({ length: n }, (_, i) => {
      const payload = Buffer.from(`message ${String(i).padStart(8, '0')}`)
      return Buffer.concat([Buffer.from([0x30, 2 + topic.length + payload.length, 0, topic.length]), topic, payload])
    }),
  )
  const s = await standIn((sock) => sock.write(blast))
  const c = await alternate(async (k) => {
    const argv = [...builds[k], 'sub', '-h', '127.0.0.1', '-p', String(s.port), '-V', '311', '-t', 'bench/rx', '-C', String(n)]
    const t0 = performance.now()
    const code = await exited(spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'inherit'] }))
    if (code !== 0) throw new Error(`${k} sub (stand-in) exited ${code}`)
    return performance.now() - t0
  })
  s.close()
  out(`  client-bound (a stand-in broker sends all 100,000 at once; process start to exit): Node ${ms(c.node)}, binary ${ms(c.binary)}; ${ratio(c.node, c.binary)}`)
}

async function bench() {
  const broker = await startMosquitto()
  const steps = [20_000, 40_000, 60_000, 80_000, 100_000, 150_000, 200_000, 250_000, 300_000]
  const best = { node: 0, binary: 0 }
  const failed = { node: 0, binary: 0 }
  out(`bench pubsub, 1 pub 1 sub QoS 0 16 B, ${SECONDS} s steps (sent/received/lost):`)
  for (const rate of steps) {
    for (const k of Object.keys(builds)) {
      if (failed[k] >= 2) continue
      const argv = [...builds[k], 'bench', 'pubsub', '-p', String(broker.port), '--rate', String(rate), '--duration', String(SECONDS), '--warmup', '0', '--json', '--no-progress']
      let ok = false
      let line = ''
      // a shared machine stalls now and then: a step fails only when it fails twice
      for (let attempt = 0; attempt < 2 && !ok; attempt++) {
        const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: (SECONDS + 60) * 1000 })
        let j
        try {
          j = JSON.parse(r.stdout)
        } catch {
          line = `failed (${r.status ?? r.signal}) ${r.stderr.trim().split('\n')[0] ?? ''}`
          continue
        }
        ok = j.totals.lost === 0 && j.totals.sent >= rate * SECONDS * 0.98
        line = `${j.totals.sent}/${j.totals.received}/${j.totals.lost}`
      }
      out(`  ${k.padEnd(7)} ${String(rate).padStart(6)}/s: ${line}${ok ? '' : '  <- not clean'}`)
      if (ok) {
        best[k] = rate
        failed[k] = 0
      } else failed[k]++
    }
    if (failed.node >= 2 && failed.binary >= 2) break
  }
  broker.stop()
  out(`  highest zero-loss rate: Node ${best.node}/s, binary ${best.binary}/s; ${ratio(best.binary, best.node)} (goal >= 0.95x)`)
}

async function rss() {
  if (GNU_TIME === undefined) return out('peak RSS: skipped (no /usr/bin/time; apt-get install time)')
  const broker = await startMosquitto()
  const p = String(broker.port)
  const million = linesFile(1_000_000)
  out('peak RSS (GNU time, max of 3 runs for a cold pub, 1 run for 1,000,000 lines):')
  for (const k of Object.keys(builds)) {
    const coldPub = Math.max(...[0, 1, 2].map(() => peakRss([...builds[k], 'pub', '-p', p, '-t', 't', '-m', 'x'])))
    const many = peakRss([...builds[k], 'pub', '-p', p, '-t', 'bench/rss', '-l'], million)
    out(`  ${k.padEnd(7)} cold pub ${coldPub.toFixed(1)} MB, pub -l 1,000,000 QoS 0 lines ${many.toFixed(1)} MB`)
  }
  broker.stop()
}

async function offline() {
  if (process.getuid?.() !== 0 || spawnSync('unshare', ['--version'], { stdio: 'ignore' }).status !== 0) return out('offline: skipped (needs root and unshare)')
  const sock = join(dir, 'mqtt.sock')
  const conf = join(dir, 'unix.conf')
  writeFileSync(conf, `user root\nlistener 0 ${sock}\nallow_anonymous true\n`)
  const broker = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' })
  for (let i = 0; i < 200 && !existsSync(sock); i++) await new Promise((res) => setTimeout(res, 10))
  const r = spawnSync('unshare', ['-n', BINARY, 'pub', '--unix', sock, '-t', 't', '-m', 'x'], { encoding: 'utf8' })
  broker.kill('SIGTERM')
  out(`offline: the binary in a network namespace without interfaces, over a unix socket: exit ${r.status}${r.status === 0 ? ' (no network needed)' : `: ${r.stderr.trim()}`}`)
}

const sections = { size, cold, suback, lines, receive, bench, rss, offline }
out(`mqtx binary vs Node build: ${spawnSync(BINARY, ['--version'], { encoding: 'utf8' }).stdout.trim()} / ${process.version}; load average ${load()}`)
try {
  for (const name of ONLY) {
    if (!(name in sections)) throw new Error(`unknown section ${name}: ${Object.keys(sections).join(',')}`)
    await sections[name]()
  }
} finally {
  out(`load average at the end: ${load()}`)
  rmSync(dir, { recursive: true, force: true })
}
