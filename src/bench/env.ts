/** The environment a result was measured in: Node (or the binary's runtime), CPU, mqtx, and the broker's $SYS/broker/version. */
import os from 'node:os'
import { openConnection } from '../mqtt/connect.js'
import type { ConnectionConfig } from '../mqtt/resolve.js'
import { MQTX_VERSION } from '../version.js'
import type { Environment } from './result.js'
import { runtimeLabel } from '../runtime.js'

/** The broker's version from $SYS (retained on mosquitto), or null when it publishes none within 1 s. */
export async function brokerVersion(cfg: ConnectionConfig, clientId: string): Promise<string | null> {
  let conn
  try {
    conn = await openConnection({ ...cfg, clientId })
  } catch {
    return null
  }
  const c = conn.client
  const version = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), 1000)
    c.on('message', (_topic, payload) => {
      clearTimeout(timer)
      // a remote party's text: keep it printable and short
      resolve(payload.toString('utf8').replace(/[^\x20-\x7e]/g, '?').slice(0, 100))
    })
    c.subscribe('$SYS/broker/version', { qos: 0 }, (err) => {
      if (err) {
        clearTimeout(timer)
        resolve(null)
      }
    })
  })
  c.end(true)
  return version
}

export function environment(cfg: ConnectionConfig, broker: string | null, protocolVersion: number, workers: number): Environment {
  const cpus = os.cpus()
  return {
    node: process.version,
    runtime: runtimeLabel(),
    platform: process.platform,
    arch: process.arch,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    mqtx: MQTX_VERSION,
    broker,
    // set on our own TCP and TLS sockets (connect.ts); not reachable under a WebSocket or a unix socket
    tcpNoDelay: cfg.transport === 'tcp' || cfg.transport === 'tls',
    transport: cfg.transport,
    protocolVersion,
    workers,
  }
}
