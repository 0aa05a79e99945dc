// What the benchmark scripts share: a free loopback port, the head of a mosquitto config for it, a
// mosquitto that can be killed and started again, a polling wait, a process's CPU time from /proc,
// and a paced feed of lines into a publisher's standard input.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'

/** A loopback port nobody listens on (the kernel's choice). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/**
 * mosquitto.conf lines: as root mosquitto would drop to user `mosquitto` (and could not read our temp
 * dirs), then one anonymous loopback listener on `port`, then `more`. Ends with a newline.
 */
export function mosquittoConfig(port, more) {
  return `${[...(process.getuid?.() === 0 ? ['user root'] : []), `listener ${port} 127.0.0.1`, 'allow_anonymous true', ...more].join('\n')}\n`
}

/** Poll `check` every 5 ms until it holds; after `timeoutMs` throw, with `context()` appended. */
export async function waitFor(check, what, timeoutMs = 120_000, context = () => '') {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${context()}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

/**
 * A mosquitto on a free port (its directory made under `dir`), `lines` after its listener, logging to
 * stderr kept in `log`: `kill(signal)` resolves once it has exited, `start()` starts it again on the
 * same port and directory (persistence, when `lines` turn it on).
 */
export async function restartableMosquitto(dir, lines) {
  const port = await freePort()
  const bdir = mkdtempSync(join(dir, 'broker-'))
  const conf = join(bdir, 'mosquitto.conf')
  const logTypes = ['error', 'warning', 'notice', 'information', 'subscribe'].map((t) => `log_type ${t}`)
  writeFileSync(conf, mosquittoConfig(port, [`persistence_location ${bdir}/`, 'log_dest stderr', ...logTypes, ...lines]))
  const b = { port, log: '', proc: undefined }
  b.start = async () => {
    b.log = ''
    b.proc = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
    b.proc.stderr.setEncoding('utf8')
    b.proc.stderr.on('data', (d) => {
      b.log += d
    })
    await waitFor(() => /mosquitto version [\d.]+ running/.test(b.log), `mosquitto on port ${port} to start`)
  }
  b.kill = async (signal) => {
    const exited = new Promise((r) => b.proc.once('exit', r))
    b.proc.kill(signal)
    await exited
  }
  await b.start()
  return b
}

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** CPU seconds (user + system) process `pid` has used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // fields after "pid (comm) ": state is [0], utime [11], stime [12]; comm may hold spaces and ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / clockTicks
}

/**
 * Writes the first `lines` newline-ended lines of `text` to `stdin` at `rate` lines a second, in
 * slices every 50 ms (`lead` lines ahead of the clock), then ends it; also ends early when `stop()`
 * says so. Resolves with the milliseconds the feed took.
 */
export function feedLines(stdin, text, lines, rate, { lead = 0, stop = () => false } = {}) {
  let at = 0
  let sent = 0
  const fedAt = performance.now()
  return new Promise((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(lines, Math.round(((performance.now() - fedAt) / 1000) * rate) + lead)
      let end = at
      while (sent < due) {
        end = text.indexOf(10, end) + 1
        sent++
      }
      if (end > at) stdin.write(text.subarray(at, end))
      at = end
      if (sent >= lines || stop()) {
        clearInterval(tick)
        stdin.end()
        resolve(performance.now() - fedAt)
      }
    }, 50)
  })
}
