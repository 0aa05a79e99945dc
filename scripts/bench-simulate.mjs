// `npm run bench:simulate`: how fast `mqtx simulate` can go, next to `mqtx bench pub` in the same run.
// One mosquitto on a free loopback port. For each round and QoS: (1) simulate and bench pub flat out
// (--rate far above what either reaches) for DURATION s each: messages/s sent; (2) simulate at a set of
// target rates: the rate reached and whether the count in the bounded --duration is what the schedule
// asked for (the "rate is respected" check that tests do not make: no timing thresholds there).
// 10 devices / publishers, QoS 0, a ~60-byte JSON template with a walk, seq and time.
// Env: DURATION (s, default 5), ROUNDS (default 3), RATES (comma list, default 1000,10000,50000).
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cpuSeconds, freePort, mosquittoConfig } from './bench/common.mjs'

const BIN = fileURLToPath(new URL('../bin/mqtx.cjs', import.meta.url))
const DURATION = Number(process.env.DURATION ?? 5)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const RATES = (process.env.RATES ?? '1000,10000,50000').split(',').map(Number)
const DEVICES = 10
const TEMPLATE = ['-t', 'bench/sim/{{device}}', '-m', '{"v":{{walk 0 100}},"seq":{{seq}},"at":"{{time}}"}']

const dir = mkdtempSync(join(tmpdir(), 'mqtx-bench-sim-'))
const port = await freePort()
writeFileSync(join(dir, 'mosquitto.conf'), mosquittoConfig(port, ['log_type none']))
const broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' })
await new Promise((r) => setTimeout(r, 300))

/**
 * Wait until the broker is idle (under 10 % of a core over 250 ms, at most 30 s): after a flood it is
 * still working through what the sockets held, and the next run would share the core with that (a
 * `bench pub -q 1` started then once stayed alive after printing its result).
 */
function idle() {
  const deadline = Date.now() + 30_000
  for (;;) {
    const before = cpuSeconds(broker.pid)
    spawnSync('sleep', ['0.25'])
    if (cpuSeconds(broker.pid) - before < 0.025 || Date.now() > deadline) return
  }
}

function mqtx(args) {
  idle()
  const r = spawnSync(process.execPath, [BIN, ...args, '-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8', timeout: (DURATION + 90) * 1000 })
  if (r.status !== 0) throw new Error(`mqtx ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return r
}

/** simulate: messages made and msg/s from its summary line. */
function simulate(rate, qos) {
  const r = mqtx(['simulate', ...TEMPLATE, '--devices', String(DEVICES), '-q', String(qos), '--rate', String(rate), '--duration', String(DURATION), '--seed', '1'])
  const m = /mqtx: ([\d,]+) messages? sent .* in ([\d.]+) s \(([\d.]+) msg\/s\); (\d+) errors/.exec(r.stderr)
  if (m === null) throw new Error(`no summary: ${r.stderr}`)
  return { sent: Number(m[1].replaceAll(',', '')), rate: Number(m[3]), errors: Number(m[4]) }
}

function benchPub(qos) {
  const r = mqtx(['bench', 'pub', '--publishers', String(DEVICES), '-q', String(qos), '--size', '64', '--duration', String(DURATION), '--warmup', '0', '--json', '--no-progress'])
  const res = JSON.parse(r.stdout)
  return qos > 0 ? res.rates.acked : res.rates.sent
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (n) => Math.round(n).toLocaleString('en-US')

try {
  process.stdout.write(`mqtx simulate vs bench pub: ${DEVICES} devices/publishers, ${DURATION} s runs, ${ROUNDS} rounds; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(1)}\n`)
  for (const qos of [0, 1]) {
    const sim = []
    const bench = []
    for (let k = 0; k < ROUNDS; k++) {
      sim.push(simulate(10_000_000, qos).rate)
      bench.push(benchPub(qos))
    }
    process.stdout.write(`QoS ${qos} flat out: simulate ${fmt(median(sim))} msg/s [${sim.map(fmt).join(', ')}], bench pub ${fmt(median(bench))} msg/s [${bench.map(fmt).join(', ')}]: ${(median(sim) / median(bench)).toFixed(2)}x\n`)
  }
  for (const rate of RATES) {
    const r = simulate(rate, 0)
    const asked = rate * DURATION
    process.stdout.write(`QoS 0 at --rate ${fmt(rate)} for ${DURATION} s: ${fmt(r.sent)} of ${fmt(asked)} scheduled (${((100 * r.sent) / asked).toFixed(1)} %), ${fmt(r.rate)} msg/s, ${r.errors} errors\n`)
  }
  process.stdout.write(`load afterwards ${loadavg()[0].toFixed(1)}\n`)
} finally {
  broker.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
