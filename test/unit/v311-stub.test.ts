import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { startV311Stub } from '../helpers/v311-stub.js'

describe('test helper startV311Stub', () => {
  it('hangs up on bytes that are not MQTT (mqtx probes a port that hung up with TLS) instead of throwing in the test process', async () => {
    const stub = await startV311Stub('hangup')
    try {
      const socket = net.connect(stub.port, '127.0.0.1')
      socket.on('error', () => {})
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
      // a QoS 1 "PUBLISH" whose topic length (0x15fb) runs past its 3-byte body: what one CI run's
      // ClientHello looked like to the stub (RangeError: offset out of range, uncaught)
      socket.end(Buffer.from([0x32, 0x03, 0x15, 0xfb, 0x00]))
      await closed
      expect(socket.destroyed).toBe(true)
    } finally {
      await stub.close()
    }
  })
})
