// Throughput of `mqtx broker` against mosquitto, in the same run: `mqtx bench pubsub` (1 publisher,
// 1 subscriber, 16 B, as fast as the window allows; QoS 1 window 20) at QoS 0 and QoS 1 through each broker, the
// brokers taking turns round by round so a busy moment of the shared machine hits both alike.
// Prints msgs/s received (median of the rounds), loss, and the broker's CPU time per message (which a
// busy shared machine disturbs far less than msgs/s), each as mqtx/mosquitto.
// AEDES1_DIR=<dir with node_modules/aedes 1.x> adds an in-process aedes 1 broker for comparison.
// Usage: npm run bench:mqtx-broker [-- --rounds=N --seconds=N]   (BENCH_PIN=0: no taskset)
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuSeconds, freePort, mosquittoConfig } from './bench/common.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BIN = join(ROOT, 'bin', 'mqtx.cjs')
const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto'
const arg = (name, fallback) => Number((process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split('=')[1])
const ROUNDS = arg('rounds', 3)
const SECONDS = arg('seconds', 5)
const pinned = process.env.BENCH_PIN !== '0' && spawnSync('taskset', ['--version'], { stdio: 'ignore' }).error === undefined
const onCore = (core, cmd, args) => (pinned ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args])

/** Start a broker process; resolve once `ready` matches its output. */
function startProcess(name, cmd, args, ready, stream = 'stderr') {
  const [c, a] = onCore(0, cmd, args)
  const child = spawn(c, a, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let text = ''
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${text}`)), 15_000)
    child[stream].setEncoding('utf8')
    child[stream].on('data', (d) => {
      if (text.length < 100_000) text += d
      const m = ready.exec(text)
      if (m !== null && timer !== undefined) {
        clearTimeout(timer)
        resolvePromise({ name, child, match: m })
      }
    })
    child.stderr.resume()
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}:\n${text}`)))
  })
}

async function startBrokers() {
  const brokers = []
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-mqtx-broker-'))
  const mport = await freePort()
  // no queue limit, like aedes (mosquitto's default 1000 would drop a QoS 1 flood instead of queueing it)
  writeFileSync(join(dir, 'mosquitto.conf'), mosquittoConfig(mport, ['persistence false', 'set_tcp_nodelay true', 'max_queued_messages 0', 'log_dest stderr', 'log_type information']))
  const m = await startProcess('mosquitto', MOSQUITTO, ['-c', join(dir, 'mosquitto.conf')], /mosquitto version [\d.]+ running/)
  brokers.push({ ...m, port: mport })
  const x = await startProcess('mqtx broker', process.execPath, [BIN, 'broker', '-p', '0', '--json'], /"port":(\d+)/, 'stdout')
  brokers.push({ ...x, port: Number(x.match[1]) })
  if (process.env.AEDES1_DIR !== undefined) {
    const script = join(dir, 'aedes1.mjs')
    writeFileSync(script, [
      `import { createRequire } from 'node:module'`,
      `import net from 'node:net'`,
      `const { Aedes } = createRequire(${JSON.stringify(join(resolve(process.env.AEDES1_DIR), 'x.js'))})('aedes')`,
      `const broker = await Aedes.createBroker()`,
      `const server = net.createServer({ noDelay: true }, (s) => broker.handle(s)).listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))`,
    ].join('\n'))
    const a = await startProcess('aedes 1 (in process)', process.execPath, [script], /"port":(\d+)/, 'stdout')
    brokers.push({ ...a, port: Number(a.match[1]) })
  }
  return brokers
}

function bench(port, qos) {
  // QoS 1: the same window for every broker (mosquitto advertises Receive Maximum 20, aedes none, so
  // bench would otherwise use its default 64 against aedes only)
  const window = qos > 0 ? ['--inflight', '20'] : []
  const [c, a] = onCore(1, process.execPath, [BIN, 'bench', 'pubsub', '-h', '127.0.0.1', '-p', String(port), '-q', String(qos), ...window, '--duration', String(SECONDS), '--warmup', '0', '--json', '--no-progress'])
  const r = spawnSync(c, a, { encoding: 'utf8', timeout: (SECONDS + 60) * 1000, maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) return { error: (r.stderr || `exit ${r.status}`).trim().split('\n')[0] }
  const j = JSON.parse(r.stdout)
  return { received: j.rates.received, messages: j.totals.received, lost: j.totals.lost }
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const brokers = await startBrokers()
const results = new Map()
console.log(`# ${ROUNDS} rounds x ${SECONDS} s, 1 pub -> 1 sub, 16 B, QoS 1 window 20; ${pinned ? 'brokers on core 0, bench on core 1' : 'not pinned'}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const qos of [0, 1]) {
      for (const b of brokers) {
        const cpu0 = cpuSeconds(b.child.pid)
        const r = bench(b.port, qos)
        const cpu = cpuSeconds(b.child.pid) - cpu0
        const key = `${b.name}|${qos}`
        if (!results.has(key)) results.set(key, [])
        const usPerMsg = r.error === undefined && r.messages > 0 ? (cpu * 1e6) / r.messages : NaN
        results.get(key).push({ ...r, cpu, usPerMsg })
        console.log(`round ${round} QoS ${qos} ${b.name.padEnd(22)} ${r.error ?? `${Math.round(r.received)} msg/s, lost ${r.lost}, broker CPU ${cpu.toFixed(1)} s = ${usPerMsg.toFixed(1)} us/msg`}`)
      }
    }
  }
} finally {
  for (const b of brokers) b.child.kill('SIGTERM')
}
console.log(`\n# medians of ${ROUNDS} rounds (load average now ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
for (const qos of [0, 1]) {
  const ok = (name) => (results.get(`${name}|${qos}`) ?? []).filter((r) => r.error === undefined)
  const rate = (name) => median(ok(name).map((r) => r.received))
  const cost = (name) => median(ok(name).map((r) => r.usPerMsg))
  for (const b of brokers) {
    const lost = ok(b.name).reduce((n, r) => n + r.lost, 0)
    const vs = b.name === 'mosquitto' ? '' : `  (${(rate(b.name) / rate('mosquitto')).toFixed(2)}x mosquitto's msgs/s, ${(cost(b.name) / cost('mosquitto')).toFixed(2)}x its CPU per message)`
    console.log(`QoS ${qos}  ${b.name.padEnd(22)} ${String(Math.round(rate(b.name))).padStart(8)} msg/s  ${cost(b.name).toFixed(1).padStart(5)} us CPU/msg  lost ${lost}${vs}`)
  }
}
