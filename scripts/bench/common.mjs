// What the benchmark scripts share: a free loopback port, the head of a mosquitto config for it, a
// process's CPU time from /proc, and a paced feed of lines into a publisher's standard input.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import net from 'node:net'

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
