/**
 * No input and no broker behaviour may end in a Node stack or a line of minified bundle source
 * (issue 12): what nothing else caught becomes one `mqtx: internal error: …` line (stack with --debug).
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../helpers/broker.js'
import { BIN, mqtx, NOT_FOR_BINARY, run } from '../helpers/run.js'

// a "broker" that accepts and never answers: mqtx sits waiting for the CONNACK
let silent: net.Server
let silentPort: number
const sockets = new Set<net.Socket>()
beforeAll(async () => {
  silent = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  silentPort = (silent.address() as net.AddressInfo).port
})
afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((resolve) => silent.close(resolve))
})

/** A preload that throws (or rejects) once the client is connecting: an "impossible" failure. */
function preload(kind: 'throw' | 'reject'): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-stray-'))
  const file = join(dir, 'stray.cjs')
  const fail = kind === 'throw' ? "throw new Error('boom')" : "Promise.reject(new Error('boom'))"
  // once a socket is connected to the silent server (so mqtx is mid-command)
  writeFileSync(file, `const net = require('node:net'); const c = net.Socket.prototype.connect; net.Socket.prototype.connect = function (...a) { this.once('connect', () => setImmediate(() => { ${fail} })); return c.apply(this, a) }\n`)
  return file
}

// the failure is injected with node --require: the binary cannot preload a file (same handler code)
describe.skipIf(NOT_FOR_BINARY)('stray exceptions and rejections', () => {
  it.each(['throw', 'reject'] as const)('an uncaught %s is one line, exit 1; the stack only with --debug', async (kind) => {
    const file = preload(kind)
    const r = await run(process.execPath, ['--require', file, BIN, 'sub', '-t', 'x', '-p', String(silentPort)])
    expect([r.code, r.stderr]).toEqual([1, 'mqtx: internal error: boom\nhint: run again with --debug for details, and please report it\n'])
    const d = await run(process.execPath, ['--require', file, BIN, 'sub', '-t', 'x', '-p', String(silentPort), '--debug'])
    expect(d.code).toBe(1)
    expect(d.stderr).toMatch(/^mqtx: internal error: boom$/m)
    expect(d.stderr).toMatch(/^Error: boom\n {4}at /m)
  })
})

describe('bench with the broker unreachable or a size MQTT cannot carry', () => {
  it.each(['pubsub', 'pub', 'sub'])('bench %s against a closed port: the connection error, exit 1, no bundle source', async (scenario) => {
    const port = await freePort()
    const r = await mqtx(['bench', scenario, '--duration', '1', '-p', String(port)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: connection refused by mqtt://localhost:${port}: nothing is listening there\\.\\nhint: [^\\n]+\\n$`))
  })

  it('bench pubsub --workers 2 against a closed port: the same, from a worker thread', async () => {
    const port = await freePort()
    const r = await mqtx(['bench', 'pubsub', '--duration', '1', '--workers', '2', '-p', String(port)])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: connection refused by mqtt:\/\/localhost:\d+: nothing is listening there\.\n/)
    expect(r.stderr).not.toMatch(/    at |\bvar \w=/)
  })

  it.each(['99999999999', '300000000'])('--size %s is refused before connecting (exit 2)', async (size) => {
    // port 1: a connection attempt would say "connection refused"
    const r = await mqtx(['bench', 'pubsub', '--size', size, '-p', '1'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: option '(-s, )?--size <bytes>' argument '${size}' is invalid\\. --size must be at most 268435455 bytes \\(the MQTT maximum packet size\\)\\.\\nhint: [^\\n]+\\n$`))
  })

  it('--size that fits MQTT but not with the topic is refused before connecting', async () => {
    const r = await mqtx(['bench', 'pub', '--size', '268435455', '-t', 'a/b', '-p', '1'])
    expect([r.code, r.stderr]).toEqual([2, "mqtx: --size 268435455 does not fit in one MQTT packet on topic 'a/b': at most 268435447 bytes.\n"])
  })
})
