/**
 * The one place that knows which runtime runs mqtx: Node with the npm build (bin/mqtx.cjs loading
 * dist/), or the standalone binary (scripts/build-binary.mjs: Bun's runtime with the bundle inside).
 * Any code path a runtime difference forces lives here (test/unit/runtime.test.ts runs on both).
 */
import { join } from 'node:path'
import type { Readable } from 'node:stream'

/** Set to true by scripts/build-binary.mjs; absent from the npm build. */
declare const __MQTX_STANDALONE__: boolean | undefined

export interface Runtime {
  name: 'node' | 'bun'
  version: string
  /** the standalone executable (mqtx and its runtime in one file) */
  standalone: boolean
}

export function currentRuntime(versions: NodeJS.ProcessVersions = process.versions): Runtime {
  const standalone = typeof __MQTX_STANDALONE__ === 'boolean' && __MQTX_STANDALONE__
  const bun = (versions as { bun?: string }).bun
  return bun === undefined ? { name: 'node', version: `v${versions.node}`, standalone } : { name: 'bun', version: bun, standalone }
}

/**
 * For `mqtx --version`: `Node v20.20.2` or `Bun 1.4.5 standalone`. The version line is
 * `mqtx <version> (MQTT.js <version>, <this>)`; scripts should read only the first two words.
 */
export function runtimeLabel(r: Runtime = currentRuntime()): string {
  return `${r.name === 'bun' ? 'Bun' : 'Node'} ${r.version}${r.standalone ? ' standalone' : ''}`
}

/**
 * The file a bench worker thread runs to start this same program again (src/bench/worker.ts).
 * npm build: bin/mqtx.cjs, found from the chunk's directory (dist/chunks/; the loader passes
 * __dirname). Standalone: the bundle embedded in the executable, `Bun.main` (`/$bunfs/root/…`); there
 * `__dirname` is the build machine's directory, which does not exist where the binary runs.
 */
export function selfEntry(chunkDir: string, r: Runtime = currentRuntime()): string {
  if (r.standalone) return (globalThis as unknown as { Bun: { main: string } }).Bun.main
  return join(chunkDir, '..', '..', 'bin', 'mqtx.cjs')
}

/**
 * Node's `readable.read()` without a size returns everything buffered; Bun's (1.4) returns only the
 * first chunk, and emits 'readable' again only once the buffer is empty. aedes reads once per
 * 'readable' (its client's nextBatch), so in the binary a burst of WebSocket frames (MQTT.js writes a
 * CONNECT as many small frames) stalled in the broker's buffer. On Bun, read() without a size drains
 * the buffer as Node's does; on Node the stream is returned untouched.
 */
export function readWholeBuffer<T extends Readable>(stream: T, r: Runtime = currentRuntime()): T {
  if (r.name !== 'bun') return stream
  const readOne = stream.read.bind(stream) as (size?: number) => unknown
  stream.read = (size?: number): unknown => {
    if (size !== undefined && size !== null) return readOne(size)
    const parts: Buffer[] = []
    for (let c = readOne(); c !== null; c = readOne()) parts.push(c as Buffer)
    return parts.length === 0 ? null : parts.length === 1 ? parts[0] : Buffer.concat(parts)
  }
  return stream
}

/**
 * Bun links BoringSSL, Node OpenSSL: the same TLS alert has another error code. explain.ts speaks
 * OpenSSL's names; this gives them for BoringSSL's.
 */
const BORINGSSL_CODES: Record<string, string> = {
  ERR_SSL_TLSV1_ALERT_CERTIFICATE_REQUIRED: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
}

export function opensslErrorCode(code: string | undefined): string | undefined {
  return code === undefined ? undefined : (BORINGSSL_CODES[code] ?? code)
}

/**
 * TLS-PSK: Node's tls calls pskCallback; Bun 1.4's client never does (its handshake then has no cipher),
 * so the binary runs the openssl command for PSK connections (src/mqtt/psk-openssl.ts).
 */
export function supportsTlsPsk(r: Runtime = currentRuntime()): boolean {
  return r.name === 'node'
}
