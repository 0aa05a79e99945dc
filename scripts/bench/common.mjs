// What the benchmark scripts (bench-pub, bench-sub, bench-broker) share: a free loopback port, the
// head of a mosquitto config for it, and a process's CPU time from /proc.
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
