/** Start `mqtx broker` (the built bin) on free ports and wait for its JSON ready line. Stop by PID. */
import net from 'node:net'
import { startMqtx, type RunOptions, type RunResult, type Running } from './run.js'

export interface ReadyListener {
  kind: 'mqtt' | 'mqtts' | 'ws'
  host: string
  port: number
  url: string
}

export interface MqtxBroker {
  proc: Running
  pid: number
  /** The plain TCP port. */
  port: number
  listeners: ReadyListener[]
  portOf(kind: ReadyListener['kind']): number
  /** Wait for a line on the broker's stderr (-v logs). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>
  stop(signal?: NodeJS.Signals): Promise<RunResult>
}

export async function startMqtxBroker(args: string[] = [], options: RunOptions = {}): Promise<MqtxBroker> {
  const proc = startMqtx(['broker', '-p', '0', '-v', '--json', ...args], { timeoutMs: 120_000, ...options })
  const line = await Promise.race([
    proc.waitFor(/^\{.*\}\n/, 'stdout', 20_000),
    proc.done.then((r) => {
      throw new Error(`mqtx broker exited with ${String(r.code)}:\n${r.stderr}`)
    }),
  ])
  const ready = JSON.parse(line) as { event: string; listeners: ReadyListener[] }
  const portOf = (kind: ReadyListener['kind']) => {
    const l = ready.listeners.find((x) => x.kind === kind)
    if (l === undefined) throw new Error(`no ${kind} listener in ${line}`)
    return l.port
  }
  return {
    proc,
    pid: proc.child.pid ?? -1,
    port: portOf('mqtt'),
    listeners: ready.listeners,
    portOf,
    waitForLog: (pattern, timeoutMs) => proc.waitFor(pattern, 'stderr', timeoutMs),
    stop: (signal = 'SIGTERM') => {
      if (proc.child.exitCode === null && proc.child.signalCode === null) proc.kill(signal)
      return proc.done
    },
  }
}

/** Wait until mqtx broker -v logs that `clientId` subscribed to `filter`. */
export function waitForMqtxSubscription(broker: MqtxBroker, clientId: string, filter: string): Promise<string> {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return broker.waitForLog(new RegExp(`client '${esc(clientId)}' subscribed to '${esc(filter)}'`))
}

/** true when nothing listens on host:port any more (we can bind it). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once('error', () => resolve(false))
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)))
  })
}
