// `npm run bench:watch`: mqtx watch under load, in a real pseudo-terminal (util-linux script(1)).
//
// 1. 20,000 msg/s (QoS 0) spread over 10,000 topics (100 groups of 100) for LOAD_S seconds, from a
//    raw-socket publisher (pre-encoded PUBLISH frames, one write per 10 ms): frames drawn per second
//    (counted in the terminal output: one status line per frame), key press -> redraw latency ('j'/'k'
//    alternately; the redraw is the first output showing the tree's new "topics N/101" title), CPU of
//    mqtx (user+sys from /proc) and its RSS.
// 2. 100,000 distinct topics, one message each: RSS once they are all in the tree.
//
// Bounded: every phase has a fixed count and a time limit. Loopback only; the broker and mqtx are
// started here and stopped by their PIDs.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuSeconds, freePort, mosquittoConfig } from './bench/common.mjs'

const LOAD_S = Number(process.env.LOAD_S ?? 15)
const RATE = Number(process.env.RATE ?? 20_000)
const TOPICS = 10_000
const MANY = 100_000
const KEYS = 20
const bin = fileURLToPath(new URL('../bin/mqtx.cjs', import.meta.url))
const mqtxCmd = process.env.MQTX_BIN ?? `'${process.execPath}' '${bin}'`
const progress = (text) => process.stderr.write(`bench-watch: ${text}\n`)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** One PUBLISH QoS 0 frame (topic, payload), remaining length < 16,384. */
function frame(topic, payload) {
  const t = Buffer.from(topic)
  const p = Buffer.from(payload)
  const len = 2 + t.length + p.length
  const head = len < 128 ? Buffer.from([0x30, len]) : Buffer.from([0x30, (len & 0x7f) | 0x80, len >> 7])
  const lenBuf = Buffer.from([t.length >> 8, t.length & 0xff])
  return Buffer.concat([head, lenBuf, t, p])
}

/** A raw MQTT 3.1.1 publisher: CONNECT, wait for CONNACK. */
function publisher(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1')
    const id = Buffer.from(`bench-watch-${process.pid}`)
    const body = Buffer.concat([Buffer.from([0, 4]), Buffer.from('MQTT'), Buffer.from([4, 2, 0, 60, 0, id.length]), id])
    s.once('connect', () => s.write(Buffer.concat([Buffer.from([0x10, body.length]), body])))
    s.once('data', (d) => (d[0] === 0x20 ? resolve(s) : reject(new Error('no CONNACK'))))
    s.once('error', reject)
  })
}

/** Send `frames` round-robin at `rate` per second for `seconds` (or once through when `once`). */
async function load(sock, frames, rate, seconds, once = false) {
  const perTick = Math.round(rate / 100)
  const total = once ? frames.length : Math.round(rate * seconds)
  let sent = 0
  const start = performance.now()
  while (sent < total) {
    const n = Math.min(perTick, total - sent)
    const batch = []
    for (let i = 0; i < n; i++) batch.push(frames[(sent + i) % frames.length])
    sent += n
    if (!sock.write(Buffer.concat(batch))) await new Promise((r) => sock.once('drain', r))
    const due = start + (sent / rate) * 1000
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
  }
  return (performance.now() - start) / 1000
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

function childPid(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ')[0])
  } catch {
    return NaN
  }
}

/** mqtx watch in script(1) at 120x40; returns the process, its output watcher and its pid. */
async function startWatch(port, topicFilter) {
  const cmd = `stty rows 40 cols 120; exec ${mqtxCmd} watch -p ${port} -t '${topicFilter}'`
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' } })
  // text: the last 200,000 characters; since: everything after the last key press (see press())
  const out = { text: '', frames: 0, tail: '', since: '' }
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (d) => {
    const s = out.tail + d
    out.frames += s.split('msg/s · ').length - 1
    out.tail = s.slice(-8)
    out.text = (out.text + d).slice(-200_000)
    out.since += d
  })
  const until = Date.now() + 15_000
  let pid = NaN
  while (!(pid > 0) || !out.text.includes('q: quit')) {
    if (Date.now() > until) throw new Error(`mqtx watch did not start:\n${out.text.slice(-2000)}`)
    await sleep(50)
    const sh = childPid(child.pid)
    pid = sh > 0 ? sh : NaN
  }
  return { child, out, pid }
}

async function stopWatch(w) {
  w.child.stdin.write('q')
  const done = new Promise((r) => w.child.once('close', r))
  const t = setTimeout(() => process.kill(w.pid, 'SIGKILL'), 5000)
  await done
  clearTimeout(t)
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-watch-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  const port = await freePort()
  writeFileSync(join(dir, 'mosquitto.conf'), mosquittoConfig(port, ['max_queued_messages 100000']))
  const broker = spawn('/usr/sbin/mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' })
  await sleep(300)
  const started = []
  try {
    const load1 = await (async () => {
      const w = await startWatch(port, 'bw/#')
      started.push(w.pid)
      progress('watch started')
      const pub = await publisher(port)
      const frames = []
      for (let i = 0; i < TOPICS; i++) frames.push(frame(`bw/g${String(i % 100).padStart(2, '0')}/t${i}`, String(20 + (i % 17) / 10)))
      // warm-up: every topic once, so the tree is full before measuring
      await load(pub, frames, RATE, 0, true)
      progress('warm-up sent')
      // expand bw: 101 rows (bw and its 100 groups), the first selected
      w.child.stdin.write('l')
      const open = Date.now() + 10_000
      while (!w.out.text.slice(-20_000).includes('topics 1/101')) {
        if (Date.now() > open) throw new Error(`the tree did not fill:\n${w.out.text.slice(-3000)}`)
        await sleep(50)
      }
      await sleep(1000)
      const cpu0 = cpuSeconds(w.pid)
      const frames0 = w.out.frames
      const t0 = performance.now()
      const loading = load(pub, frames, RATE, LOAD_S)
      // key presses during the load: j then k, each waits for its redraw (bounded)
      const latencies = []
      await sleep(1000)
      progress('load running; key presses')
      for (let k = 0; k < KEYS; k++) {
        const key = k % 2 === 0 ? 'j' : 'k'
        const want = k % 2 === 0 ? 'topics 2/101' : 'topics 1/101'
        w.out.since = ''
        const before = performance.now()
        w.child.stdin.write(key)
        for (;;) {
          if (w.out.since.includes(want)) break
          if (performance.now() - before > 5000) throw new Error(`no redraw after '${key}'`)
          await new Promise((r) => setImmediate(r))
        }
        latencies.push(performance.now() - before)
        await sleep(250 + Math.random() * 200)
      }
      const took = await loading
      // what mqtx says it received: the status line's msg/s of the frames drawn during the load
      const rates = [...w.out.text.matchAll(/ ([\d,]+) msg\/s · /g)].map((m) => Number(m[1].replaceAll(',', ''))).slice(-Math.round(LOAD_S * 4)).sort((a, b) => a - b)
      const receivedRate = rates[Math.floor(rates.length / 2)] ?? 0
      const wall = (performance.now() - t0) / 1000
      const cpu = cpuSeconds(w.pid) - cpu0
      const drawn = w.out.frames - frames0
      const mem = rssMb(w.pid)
      await stopWatch(w)
      pub.destroy()
      latencies.sort((a, b) => a - b)
      return { took, wall, cpu, frames: drawn, mem, latencies, receivedRate }
    })()
    const sent = RATE * LOAD_S
    console.log(`load: ${sent.toLocaleString('en-US')} messages at ${RATE.toLocaleString('en-US')} msg/s over ${TOPICS.toLocaleString('en-US')} topics, sent in ${load1.took.toFixed(1)} s`)
    console.log(`  mqtx received (its status line, median over the load): ${load1.receivedRate.toLocaleString('en-US')} msg/s`)
    console.log(`  mqtx CPU: ${(load1.cpu / load1.wall).toFixed(2)} cores (${load1.cpu.toFixed(2)} s in ${load1.wall.toFixed(1)} s)`)
    console.log(`  frames drawn: ${(load1.frames / load1.wall).toFixed(1)}/s (incl. ${KEYS} key presses)`)
    const q = (p) => load1.latencies[Math.min(load1.latencies.length - 1, Math.floor(p * load1.latencies.length))].toFixed(0)
    console.log(`  key -> redraw: median ${q(0.5)} ms, p90 ${q(0.9)} ms, max ${q(1)} ms (${KEYS} presses)`)
    console.log(`  RSS: ${load1.mem.rss.toFixed(0)} MB (peak ${load1.mem.peak.toFixed(0)} MB)`)

    const w = await startWatch(port, 'many/#')
    started.push(w.pid)
    const pub = await publisher(port)
    const many = []
    for (let i = 0; i < MANY; i++) many.push(frame(`many/${Math.floor(i / 1000)}/${Math.floor(i / 10) % 100}/t${i}`, String(i)))
    const took = await load(pub, many, RATE, 0, true)
    // all of them in the tree: the status line says so (bounded wait)
    const until = Date.now() + 60_000
    while (!w.out.text.slice(-20_000).includes(`${MANY.toLocaleString('en-US')} topics`)) {
      if (Date.now() > until) throw new Error('not all topics arrived')
      await sleep(100)
    }
    await sleep(1500)
    const mem = rssMb(w.pid)
    await stopWatch(w)
    pub.destroy()
    console.log(`${MANY.toLocaleString('en-US')} distinct topics (sent in ${took.toFixed(1)} s): RSS ${mem.rss.toFixed(0)} MB (peak ${mem.peak.toFixed(0)} MB)`)
  } finally {
    for (const pid of started) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // ended already
      }
    }
    broker.kill('SIGTERM')
  }
}

await main()
