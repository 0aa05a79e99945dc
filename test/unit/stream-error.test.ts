import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openConnection } from '../../src/mqtt/connect.js'
import { clientSocket } from '../../src/mqtt/internals.js'
import type { ConnectionConfig } from '../../src/mqtt/resolve.js'
import { startAedes, type Broker } from '../helpers/broker.js'

let broker: Broker
beforeAll(async () => {
  broker = await startAedes()
})
afterAll(async () => {
  await broker.stop()
})

describe('Connection.streamError', () => {
  it('is about the connection in use: an error from before a reconnect is forgotten', async () => {
    const cfg: ConnectionConfig = {
      transport: 'tcp', host: '127.0.0.1', port: broker.port, clientId: 'stream-error-test', keepalive: 60,
      protocolVersion: 4, versionPinned: true, clean: true, properties: {}, connectTimeoutMs: 5_000,
    }
    const conn = await openConnection(cfg, { reconnectPeriodMs: 50 })
    try {
      const back = new Promise<void>((resolve) => conn.client.once('connect', () => resolve()))
      const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })
      clientSocket(conn.client)?.destroy(reset)
      await new Promise<void>((resolve) => conn.client.once('close', () => resolve()))
      expect(conn.streamError()).toBe(reset)
      await back
      expect(conn.streamError()).toBeUndefined()
      const ours = new Error('Invalid topic')
      conn.client.emit('error', ours)
      expect(conn.streamError()).toBe(ours)
    } finally {
      conn.client.end(true)
    }
  })
})
