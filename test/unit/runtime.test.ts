/**
 * src/runtime.ts decides the runtime-specific code paths. This file runs on BOTH runtimes: under
 * vitest on Node (`npm test`) and under `bun test` (`npm run test:binary`, the binary's runtime); the
 * e2e suite under MQTX_BIN then covers the binary itself (--version, bench --workers, broker --ws-port,
 * the TLS alerts, --psk).
 */
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { currentRuntime, opensslErrorCode, readWholeBuffer, runtimeLabel, selfEntry, supportsTlsPsk, type Runtime } from '../../src/runtime.js'

const onBun = (process.versions as { bun?: string }).bun !== undefined
const NODE: Runtime = { name: 'node', version: 'v20.20.2', standalone: false }
const BUN: Runtime = { name: 'bun', version: '1.4.5', standalone: true }

describe('runtime', () => {
  it('names Node from process.versions', () => {
    expect(currentRuntime({ node: '20.20.2' } as unknown as NodeJS.ProcessVersions)).toEqual(NODE)
    expect(runtimeLabel(NODE)).toBe('Node v20.20.2')
  })

  it('names Bun when process.versions has bun (Bun also reports a node version)', () => {
    expect(currentRuntime({ node: '26.3.0', bun: '1.4.5' } as unknown as NodeJS.ProcessVersions)).toEqual({ ...BUN, standalone: false })
    expect(runtimeLabel(BUN)).toBe('Bun 1.4.5 standalone')
  })

  it('knows the runtime this test runs on (not standalone: the define is only in the binary)', () => {
    const bun = (process.versions as { bun?: string }).bun
    expect(currentRuntime()).toEqual(bun === undefined ? { name: 'node', version: process.version, standalone: false } : { name: 'bun', version: bun, standalone: false })
  })

  it('a bench worker of the npm build runs bin/mqtx.cjs, found from the chunk directory', () => {
    expect(selfEntry('/opt/mqtx/dist/chunks', NODE)).toBe('/opt/mqtx/bin/mqtx.cjs')
  })

  it('a bench worker of the binary runs the embedded bundle (Bun.main), never the build-time __dirname', () => {
    const g = globalThis as { Bun?: { main: string } }
    if (onBun) {
      expect(selfEntry('/build/machine/.tmp', BUN)).toBe(g.Bun?.main)
      return
    }
    g.Bun = { main: '/$bunfs/root/mqtx-linux-x64' }
    try {
      expect(selfEntry('/build/machine/.tmp', BUN)).toBe('/$bunfs/root/mqtx-linux-x64')
    } finally {
      delete g.Bun
    }
  })
})

describe('readWholeBuffer (Bun returns one chunk from read(); aedes reads once per readable)', () => {
  it('on Node the stream is left as it is', () => {
    const s = new Readable({ read() {} })
    expect(readWholeBuffer(s, NODE).read).toBe(s.read)
  })

  it('read() without a size returns everything buffered (imitating Bun 1.4: one chunk per read), read(n) still n', () => {
    const queue = [Buffer.from([1, 2]), Buffer.from([3]), Buffer.from([4])]
    const bunLike = { read: (size?: number) => (size === undefined ? (queue.shift() ?? null) : (queue.shift()?.subarray(0, size) ?? null)) }
    const s = readWholeBuffer(bunLike as unknown as Readable, BUN)
    expect(s.read(1)).toEqual(Buffer.from([1]))
    expect(s.read()).toEqual(Buffer.from([3, 4]))
    expect(s.read()).toBeNull()
  })

  it('on this runtime, a burst of pushed chunks comes out whole in one read() (fails on Bun without the fix)', () => {
    const s = readWholeBuffer(new Readable({ read() {} }))
    for (const b of [1, 2, 3]) s.push(Buffer.from([b]))
    expect(s.read()).toEqual(Buffer.from([1, 2, 3]))
  })
})

describe('TLS differences (Bun links BoringSSL)', () => {
  it("BoringSSL's certificate-required alert gets OpenSSL's code; others pass through", () => {
    expect(opensslErrorCode('ERR_SSL_TLSV1_ALERT_CERTIFICATE_REQUIRED')).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')
    expect(opensslErrorCode('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')).toBe('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA')
    expect(opensslErrorCode(undefined)).toBeUndefined()
  })

  it('TLS-PSK only on Node', () => {
    expect(supportsTlsPsk(NODE)).toBe(true)
    expect(supportsTlsPsk(BUN)).toBe(false)
  })
})
