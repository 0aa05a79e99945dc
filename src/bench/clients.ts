/** Open the bench's connections through MQTT.js (bounded concurrency), subscribe, then take the sockets over. */
import { openConnection, type Connection } from '../mqtt/connect.js'
import type { ConnectionConfig } from '../mqtt/resolve.js'
import { ConnectionError, MqtxError } from '../errors.js'
import { fillTemplate, type BenchConfig } from './config.js'
import type { Recorder } from './recorder.js'
import { nowUs } from '../session/schedule.js'
import { subscribeGrants } from '../session/subscribe.js'

/** Run `fn` over 0..n-1 with at most `limit` at once; the first failure stops new starts and is thrown. */
export async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0
  let failure: unknown
  const lane = async () => {
    while (failure === undefined && next < n) {
      const i = next++
      try {
        await fn(i)
      } catch (err) {
        failure ??= err
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, n) }, lane))
  if (failure !== undefined) throw failure
}

export async function connectTimed(cfg: ConnectionConfig, clientId: string, rec: Recorder): Promise<Connection> {
  const t0 = nowUs()
  const conn = await openConnection({ ...cfg, clientId })
  rec.hist.connect.recordValue(Math.max(0, nowUs() - t0))
  return conn
}

export function subscribeFilter(cfg: BenchConfig, j: number): string {
  const index = cfg.idOffset + j
  const filter = fillTemplate(cfg.subTopic, index, j % cfg.topics)
  return cfg.shared === undefined ? filter : `$share/${cfg.shared}/${filter}`
}

export function publishTopic(cfg: BenchConfig, g: number): string {
  return fillTemplate(cfg.topic, cfg.idOffset + g, g % cfg.topics)
}

/** SUBSCRIBE through MQTT.js and wait for the SUBACK; a refused filter is an error. */
export function subscribeTimed(conn: Connection, filter: string, qos: 0 | 1 | 2, rec: Recorder): Promise<void> {
  const t0 = nowUs()
  return new Promise((resolve, reject) => {
    const ms = conn.config.connectTimeoutMs
    const timer = setTimeout(() => reject(new MqtxError(`no SUBACK for '${filter}' within ${ms / 1000} s.`, { hint: 'the broker is overloaded or ignores the subscription; raise --connect-timeout' })), ms)
    subscribeGrants(conn, [filter], { qos }).then(
      (granted) => {
        clearTimeout(timer)
        const code = granted[0]?.qos
        if (code !== undefined && code >= 0x80) return reject(new MqtxError(`the broker refused the subscription to '${filter}' (reason ${code}).`))
        rec.hist.subscribe.recordValue(Math.max(0, nowUs() - t0))
        resolve()
      },
      (err: Error) => {
        clearTimeout(timer)
        reject(new ConnectionError(`subscribing to '${filter}' failed: ${err.message}`, { cause: err }))
      },
    )
  })
}
