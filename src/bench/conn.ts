/**
 * `mqtx bench conn`: open many connections at a bounded rate and concurrency, hold them, close them.
 * Plain TCP uses a pre-encoded CONNECT on a raw socket (MQTT.js costs ~0.5 ms of CPU per connect);
 * TLS, WebSocket, SOCKS and unix sockets go through MQTT.js.
 */
import net from 'node:net'
import mqttPacket from 'mqtt-packet'
import { errorMessage } from '../errors.js'
import { openConnection } from '../mqtt/connect.js'
import type { ConnectionConfig } from '../mqtt/resolve.js'
import { resolveConnection } from '../mqtt/resolve.js'
import { resolveBench } from './config.js'
import type { RawBenchOptions } from './flags.js'
import { brokerVersion, environment } from './env.js'
import { zeroCounts, type PartResult } from './part.js'
import { connLine, startProgress } from './progress.js'
import { HIST_NAMES, SERIES_NAMES, encodeHistogram, newHistogram } from './recorder.js'
import { formatConn } from './report-conn.js'
import { buildResult } from './result.js'
import { finish } from './finish.js'
import { nowUs, sleepUntilUs } from '../session/schedule.js'
import { FrameScanner, PINGREQ } from './wire.js'
import { writeOut } from '../output/stdout.js'

type Closer = () => void

function rawConnect(cfg: ConnectionConfig, clientId: string): Promise<Closer> {
  const packet = mqttPacket.generate({
    cmd: 'connect', protocolId: 'MQTT', protocolVersion: cfg.protocolVersion === 3 ? 4 : cfg.protocolVersion, clean: cfg.clean, clientId, keepalive: cfg.keepalive,
    ...(cfg.username === undefined ? {} : { username: cfg.username }),
    ...(cfg.password === undefined ? {} : { password: cfg.password }),
    ...(cfg.protocolVersion === 5 && cfg.properties.connect !== undefined ? { properties: cfg.properties.connect } : {}),
  } as mqttPacket.IConnectPacket)
  return new Promise((resolve, reject) => {
    const opts: net.TcpNetConnectOpts = { host: cfg.host, port: cfg.port, noDelay: true }
    if (cfg.localAddress !== undefined) opts.localAddress = cfg.localAddress
    const sock = net.createConnection(opts)
    let done = false
    const timer = setTimeout(() => fail(new Error('timed out')), cfg.connectTimeoutMs)
    const fail = (err: Error) => {
      if (done) return
      done = true
      clearTimeout(timer)
      sock.destroy()
      reject(err)
    }
    const scanner = new FrameScanner((type, _f, buf, s) => {
      if (done || type !== 2) return
      const rc = buf[s + 1] as number
      if (rc !== 0) return fail(new Error(`CONNACK ${rc}`))
      done = true
      clearTimeout(timer)
      const ping = cfg.keepalive > 0 ? setInterval(() => sock.write(PINGREQ), (cfg.keepalive * 1000) / 2) : undefined
      ping?.unref()
      resolve(() => {
        clearInterval(ping)
        sock.end(Buffer.from([0xe0, 0x00]))
      })
    })
    sock.on('connect', () => sock.write(packet))
    sock.on('data', (d: Buffer) => scanner.feed(d))
    sock.on('error', (err: NodeJS.ErrnoException) => fail(new Error(err.code ?? err.message)))
    sock.on('close', () => fail(new Error('closed before CONNACK')))
  })
}

async function mqttjsConnect(cfg: ConnectionConfig, clientId: string): Promise<Closer> {
  const conn = await openConnection({ ...cfg, clientId })
  return () => conn.client.end()
}

export async function runConn(options: RawBenchOptions): Promise<void> {
  const cfg = resolveBench('conn', options)
  const { id: _i, idPrefix: _p, ...raw } = options
  const conn = resolveConnection(raw, { command: 'bench' })
  const broker = await brokerVersion(conn, `${cfg.clientIdPrefix}-sys`)
  const fast = conn.transport === 'tcp' && conn.proxy === undefined
  const open = fast ? rawConnect : mqttjsConnect
  const hist = newHistogram()
  const failures: Record<string, number> = {}
  const closers: Closer[] = []
  let peakRss = process.memoryUsage.rss()
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 100)
  const startedAt = new Date().toISOString()
  const startUs = Math.max(nowUs(), (cfg.startAt ?? 0) * 1000)
  await sleepUntilUs(startUs)
  let next = 0
  let active = 0
  let lastUs = startUs
  const read = () => ({ sent: next, acked: closers.length, receipts: 0, errors: next - active - closers.length, p99Us: hist.totalCount > 0 ? hist.getValueAtPercentile(99) : 0 })
  const progress = startProgress(cfg.progress && !cfg.json && options.quiet !== true, read, connLine)
  await new Promise<void>((resolve) => {
    const pump = () => {
      const now = nowUs()
      const allowed = cfg.connectRate === undefined ? cfg.connections : Math.min(cfg.connections, Math.floor(((now - startUs) / 1e6) * cfg.connectRate) + 1)
      while (next < allowed && active < cfg.concurrency) {
        const i = next++
        active++
        const t0 = nowUs()
        open(conn, `${cfg.clientIdPrefix}-c${cfg.idOffset + i}`)
          .then((close) => {
            lastUs = nowUs()
            hist.recordValue(Math.max(0, lastUs - t0))
            closers.push(close)
          })
          .catch((err: unknown) => {
            const why = errorMessage(err).replace(/ \(.*$/, '')
            failures[why] = (failures[why] ?? 0) + 1
          })
          .finally(() => {
            active--
            if (next >= cfg.connections && active === 0) resolve()
            else setImmediate(pump)
          })
      }
      if (next < cfg.connections && active < cfg.concurrency) setTimeout(pump, 1)
    }
    pump()
  })
  progress.stop()
  const elapsedS = Math.max(1e-6, (lastUs - startUs) / 1e6)
  if (cfg.holdS > 0) await new Promise((r) => setTimeout(r, cfg.holdS * 1000))
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
  clearInterval(rssTimer)
  for (const close of closers) close()
  const failed = Object.values(failures).reduce((a, b) => a + b, 0)
  const part: PartResult = {
    publishers: [],
    streams: [],
    counts: zeroCounts(),
    hist: Object.fromEntries(HIST_NAMES.map((n) => [n, encodeHistogram(n === 'connect' ? hist : newHistogram())])) as PartResult['hist'],
    series: Object.fromEntries(SERIES_NAMES.map((n) => [n, []])) as unknown as PartResult['series'],
    originUs: startUs,
    measureStartUs: startUs,
    loadEndUs: lastUs,
    generator: { elu: [], delayP99Ms: 0, delayMaxMs: 0 },
    window: 0,
    receiveMaximum: 65535,
    protocolVersion: conn.protocolVersion,
  }
  const result = buildResult(cfg, part, environment(conn, broker, conn.protocolVersion, 1), startedAt)
  result.connections = { attempted: cfg.connections, connected: closers.length, failed, failures, perSecond: closers.length / elapsedS, peakRssBytes: peakRss, path: fast ? 'raw' : 'mqtt.js' }
  writeOut(cfg.json ? `${JSON.stringify(result, null, 2)}\n` : formatConn(result))
  finish(cfg, result)
  if (failed > 0) {
    const { MqtxError } = await import('../errors.js')
    throw new MqtxError(`${failed} of ${cfg.connections} connections failed: ${Object.entries(failures).map(([k, v]) => `${k} x${v}`).join(', ')}`, { hint: 'raise the fd limit (ulimit -n) and the broker\'s max_connections, or lower --concurrency' })
  }
}
