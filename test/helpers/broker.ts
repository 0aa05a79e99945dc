/**
 * Broker fixture: a real mosquitto on free loopback ports, with a generated config, stopped by PID.
 * Waits for mosquitto's own log lines (never sleeps). Where mosquitto is not installed, callers can
 * fall back to an in-process aedes broker (plain TCP only); MQTX_REQUIRE_MOSQUITTO=1 (CI) forbids that.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTextWatch } from './text-watch.js'

export const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto'

export function hasMosquitto(): boolean {
  return spawnSync(MOSQUITTO, ['-h'], { stdio: 'ignore' }).error === undefined
}

export function hasMosquittoClients(): boolean {
  return spawnSync('mosquitto_sub', ['--help'], { stdio: 'ignore' }).error === undefined
}

export function requireMosquitto(): boolean {
  return process.env.MQTX_REQUIRE_MOSQUITTO === '1'
}

/**
 * A free loopback port for a server a test is about to start (or a dead port to connect to).
 * Picked at random BELOW the kernel's ephemeral range and checked by binding it: a port from the
 * ephemeral range (what `listen(0)` hands out) can be taken by any outgoing connection of the
 * hundreds the suite opens between our check and the server's bind, and two calls in a row could
 * return the same port (one CI run failed with mosquitto's "Address already in use" for both). A
 * port is handed out once per test process; startMosquitto still retries on a collision with
 * another process.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [low, high] = portRange()
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (handedOut.has(port)) continue
    if (await canBind(port, host)) {
      handedOut.add(port)
      return port
    }
  }
  throw new Error(`no free port between ${low} and ${high} on ${host}`)
}

const handedOut = new Set<number>()

/** [low, high): the ports below the ephemeral range (Linux default 32768-60999). */
function portRange(): [number, number] {
  let ephemeralLow = 32768
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    if (Number.isInteger(first) && first > 0) ephemeralLow = first
  } catch {
    // not Linux: keep the default
  }
  const high = Math.min(ephemeralLow, 65536)
  return high > 12_000 ? [10_000, high] : [high, 65536]
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)))
  })
}

export interface ListenerSpec {
  /** mosquitto listener body lines (after `listener PORT 127.0.0.1`). */
  lines?: string[]
  /** Bind address (default 127.0.0.1); 'unix' makes a unix-socket listener. */
  bind?: string
  /** For unix listeners: the socket path. */
  path?: string
  /** A fixed port (only where the port itself is under test, e.g. 8883); default: a free one. */
  port?: number
}

export interface BrokerOptions {
  /** Extra global config lines. */
  global?: string[]
  /** Listeners; by default one plain anonymous listener. */
  listeners?: ListenerSpec[]
}

export interface Broker {
  pid: number
  /** The first listener's port. */
  port: number
  ports: number[]
  dir: string
  log(): string
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>
  stop(): Promise<void>
  /** Stop and start again on the same ports (persistence in `dir`). */
  restart(): Promise<void>
}

export async function startMosquitto(options: BrokerOptions = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-broker-'))
  const listeners = options.listeners ?? [{ lines: ['allow_anonymous true'] }]
  const ports: number[] = []
  const confPath = join(dir, 'mosquitto.conf')
  const writeConf = async () => {
    ports.length = 0
    const conf: string[] = [
      // as root, mosquitto would drop to user 'mosquitto' and could not read our 0700 temp dirs
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'per_listener_settings true', 'log_dest stderr', 'log_type all', 'log_timestamp false', `persistence_location ${dir}/`, ...(options.global ?? [])]
    for (const l of listeners) {
      if (l.bind === 'unix') {
        conf.push(`listener 0 ${l.path ?? join(dir, 'mqtt.sock')}`)
        ports.push(0)
      } else {
        const port = l.port ?? (await freePort())
        ports.push(port)
        conf.push(`listener ${port} ${l.bind ?? '127.0.0.1'}`)
      }
      conf.push(...(l.lines ?? ['allow_anonymous true']))
    }
    writeFileSync(confPath, `${conf.join('\n')}\n`)
  }

  const log = createTextWatch()
  let child: ChildProcess
  const waitFor = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    log.waitFor(pattern, timeoutMs, () => `broker log never matched ${String(pattern)}:\n${log.text()}`)

  const launch = async () => {
    child = spawn(MOSQUITTO, ['-c', confPath], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (d: string) => log.append(d))
    const ready = waitFor(/mosquitto version [\d.]+ running/, 10_000)
    ready.catch(() => undefined) // after an exit, the race below has already failed
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`mosquitto exited with ${String(code)}:\n${log.text()}`))),
    )
    await Promise.race([ready, exited])
  }

  // a port checked free can still be bound by another test process before mosquitto binds it: pick
  // new ports and start again (not when the test fixed its ports)
  const picksPorts = listeners.some((l) => l.bind !== 'unix' && l.port === undefined)
  for (let attempt = 1; ; attempt++) {
    await writeConf()
    try {
      await launch()
      break
    } catch (err) {
      if (!picksPorts || attempt === 3 || !/Address already in use/.test(log.text())) throw err
      log.reset()
    }
  }

  // SIGTERM (mosquitto saves its persistence file on the way out); SIGKILL if it is still there 10 s
  // later: once in a full run a restarted persistent mosquitto 2.0.11 outlived its SIGTERM, the hook
  // timed out and the broker was left behind
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const stuck = setTimeout(() => {
        log.append(`(test helper: no exit 10 s after SIGTERM; SIGKILL)\n`)
        child.kill('SIGKILL')
      }, 10_000)
      child.once('exit', () => {
        clearTimeout(stuck)
        resolve()
      })
      child.kill('SIGTERM')
    })

  return {
    get pid() {
      return child.pid ?? -1
    },
    port: ports[0] ?? 0,
    ports,
    dir,
    log: () => log.text(),
    waitForLog: waitFor,
    stop,
    restart: async () => {
      await stop()
      log.reset()
      await launch()
    },
  } as Broker
}

/** Wait until the broker logs that `clientId` subscribed (its SUBACK went out). */
export function waitForSubscription(broker: Broker, clientId: string, timeoutMs = 10_000): Promise<string> {
  const escaped = clientId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return broker.waitForLog(new RegExp(`Sending SUBACK to ${escaped}`), timeoutMs)
}

/**
 * Fallback for machines without mosquitto: an in-process aedes 2 broker (MQTT 3.1, 3.1.1 and 5, plain TCP
 * on 127.0.0.1, in memory) with the same Broker shape. It logs mosquitto-style lines for the events
 * tests wait on ("New client connected … as ID", "Sending SUBACK to ID", "Client ID disconnected"),
 * so waitForSubscription works unchanged. `pid` is the test process; restart() loses all state.
 */
export async function startAedes(): Promise<Broker> {
  const { Aedes } = await import('aedes')
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-aedes-'))
  const watch = createTextWatch()
  const log = (line: string) => watch.append(`${line}\n`)
  const port = await freePort()
  let server: net.Server
  let aedes: InstanceType<typeof Aedes>
  const sockets = new Set<net.Socket>()
  const launch = async () => {
    aedes = await Aedes.createBroker()
    aedes.on('clientReady', (c) => log(`New client connected from 127.0.0.1 as ${c.id} (p${c.version}, c${c.clean ? 1 : 0}).`))
    aedes.on('subscribe', (subs, c) => {
      for (const s of subs) log(`Received SUBSCRIBE from ${c.id}\n\t${s.topic} (QoS ${s.qos})`)
      log(`Sending SUBACK to ${c.id}`)
    })
    aedes.on('publish', (p, c) => {
      if (c !== null) log(`Received PUBLISH from ${c.id} (q${p.qos}, r${p.retain ? 1 : 0}, '${p.topic}', ... (${p.payload.length} bytes))`)
    })
    aedes.on('clientDisconnect', (c) => log(`Client ${c.id} disconnected.`))
    server = net.createServer((socket) => {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      aedes.handle(socket)
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    log(`aedes (in-process) running on 127.0.0.1:${port}`)
  }
  const stop = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => aedes.close(() => resolve()))
    await closed
  }
  const waitFor = (pattern: RegExp, timeoutMs = 10_000): Promise<string> =>
    watch.waitFor(pattern, timeoutMs, () => `broker log never matched ${String(pattern)}:\n${watch.text()}`)
  await launch()
  return {
    pid: process.pid,
    port,
    ports: [port],
    dir,
    log: () => watch.text(),
    waitForLog: waitFor,
    stop,
    restart: async () => {
      await stop()
      watch.reset()
      await launch()
    },
  }
}

/**
 * mosquitto and its clients are both here. Tests that need them (broker log lines, TLS listeners,
 * mosquitto_sub as the independent receiver) use describe.skipIf(!mosquittoReady); global-setup
 * says loudly when that skips anything, and CI (MQTX_REQUIRE_MOSQUITTO=1) refuses to run without them.
 */
export const mosquittoReady = hasMosquitto() && hasMosquittoClients()
