/**
 * src/runtime.ts decides the runtime-specific code paths. Its pure parts are tested here; the e2e suite
 * runs under MQTX_BIN as well (--version, bench --workers), which covers the binary's side for real.
 */
import { describe, expect, it } from 'vitest'
import { PassThrough } from 'node:stream'
import { currentRuntime, opensslErrorCode, readWholeBuffer, runtimeLabel, selfEntry, supportsTlsPsk } from '../../src/runtime.js'

describe('runtime', () => {
  it('names Node from process.versions', () => {
    expect(currentRuntime({ ...process.versions, node: '20.20.2' })).toEqual({ name: 'node', version: 'v20.20.2', standalone: false })
    expect(runtimeLabel({ name: 'node', version: 'v20.20.2', standalone: false })).toBe('Node v20.20.2')
  })

  it('names Bun when process.versions has bun (Bun also reports a node version)', () => {
    expect(currentRuntime({ ...process.versions, node: '26.3.0', bun: '1.4.5' } as NodeJS.ProcessVersions)).toEqual({ name: 'bun', version: '1.4.5', standalone: false })
    expect(runtimeLabel({ name: 'bun', version: '1.4.5', standalone: true })).toBe('Bun 1.4.5 standalone')
  })

  it('the test process is the npm build side: Node, not standalone', () => {
    expect(currentRuntime()).toEqual({ name: 'node', version: process.version, standalone: false })
  })

  it('a bench worker of the npm build runs bin/mqtx.cjs, found from the chunk directory', () => {
    expect(selfEntry('/opt/mqtx/dist/chunks', { name: 'node', version: 'v20.0.0', standalone: false })).toBe('/opt/mqtx/bin/mqtx.cjs')
  })

  it('a bench worker of the binary runs the embedded bundle (Bun.main), never the build-time __dirname', () => {
    const g = globalThis as { Bun?: unknown }
    const before = g.Bun
    g.Bun = { main: '/$bunfs/root/mqtx-linux-x64' }
    try {
      expect(selfEntry('/build/machine/.tmp', { name: 'bun', version: '1.4.5', standalone: true })).toBe('/$bunfs/root/mqtx-linux-x64')
    } finally {
      g.Bun = before
    }
  })
})

describe('readWholeBuffer (Bun returns one chunk from read(); aedes reads once per readable)', () => {
  const burst = () => {
    const s = new PassThrough()
    for (const b of [1, 2, 3]) s.write(Buffer.from([b]))
    return s
  }

  it('on Node the stream is left as it is', () => {
    const s = burst()
    expect(readWholeBuffer(s, { name: 'node', version: 'v20.0.0', standalone: false }).read).toBe(s.read)
  })

  it('on Bun read() without a size returns everything buffered (Bun 1.4 gives one chunk), read(n) still n', () => {
    // Bun's behaviour, imitated: read() hands out one queued chunk at a time
    const queue = [Buffer.from([1, 2]), Buffer.from([3]), Buffer.from([4])]
    const bunLike = { read: (size?: number) => (size === undefined ? (queue.shift() ?? null) : (queue.shift()?.subarray(0, size) ?? null)) }
    const s = readWholeBuffer(bunLike as unknown as PassThrough, { name: 'bun', version: '1.4.5', standalone: true })
    expect(s.read(1)).toEqual(Buffer.from([1]))
    expect(s.read()).toEqual(Buffer.from([3, 4]))
    expect(s.read()).toBeNull()
  })
})

describe('TLS differences (Bun links BoringSSL)', () => {
  it("BoringSSL's certificate-required alert gets OpenSSL's code; others pass through", () => {
    expect(opensslErrorCode('ERR_SSL_TLSV1_ALERT_CERTIFICATE_REQUIRED')).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')
    expect(opensslErrorCode('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')
    expect(opensslErrorCode(undefined)).toBeUndefined()
  })

  it('TLS-PSK only on Node', () => {
    expect(supportsTlsPsk({ name: 'node', version: 'v20.0.0', standalone: false })).toBe(true)
    expect(supportsTlsPsk({ name: 'bun', version: '1.4.5', standalone: true })).toBe(false)
  })
})
