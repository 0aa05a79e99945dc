/**
 * bin/mqtx.cjs loads dist/ with the V8 code cache `npm run build` recorded (scripts/build.mjs). These
 * tests check that the cache is there and that this Node accepts it (otherwise start-up silently loses
 * ~30 ms), and that a missing or unusable cache only costs time, never the run.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NOT_FOR_BINARY, ROOT, testEnv } from '../helpers/run.js'

const DIST = join(ROOT, 'dist')

function cacheFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js.cache'))
    .map((f) => join(dir, f))
}

/** Compile each chunk with its cache the way bin/mqtx.cjs does, in a fresh node; chunk -> rejected? */
function rejected(caches: string[]): Record<string, boolean> {
  const script = `
    const { readFileSync } = require('node:fs')
    const { Script } = require('node:vm')
    const out = {}
    for (const cache of JSON.parse(process.argv[1])) {
      const file = cache.slice(0, -'.cache'.length)
      out[file] = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData: readFileSync(cache) }).cachedDataRejected
    }
    process.stdout.write(JSON.stringify(out))`
  const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(caches)], { encoding: 'utf8', env: testEnv() })
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout) as Record<string, boolean>
}

const copies: string[] = []
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true })
})

/** bin/ and dist/ copied to a temporary directory, so a test can break them. */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-cache-'))
  copies.push(dir)
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true })
  cpSync(DIST, join(dir, 'dist'), { recursive: true })
  return dir
}

function run(dir: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(dir, 'bin', 'mqtx.cjs'), ...args], { encoding: 'utf8', env: testEnv(env), timeout: 30_000 })
}

// the standalone binary has no code cache (Bun compiles its own bytecode in): MQTX_BIN skips these
describe.skipIf(NOT_FOR_BINARY)('V8 code cache', () => {
  it('the build recorded a cache for the entry and the chunks `pub` runs, and this Node accepts each', () => {
    const caches = cacheFiles(DIST)
    expect(caches.map((c) => relative(DIST, c))).toContain('mqtx.js.cache')
    // the entry, the command table, the connection layer, MQTT.js, pub: several chunks, not one
    expect(caches.length).toBeGreaterThanOrEqual(5)
    const result = rejected(caches)
    expect(Object.entries(result).filter(([, r]) => r).map(([f]) => relative(DIST, f))).toEqual([])
    expect(Object.keys(result)).toHaveLength(caches.length)
  })

  it('a missing, foreign or ignored cache only costs time: the same output, exit 0', () => {
    const dir = copyOfBuild()
    // the overview loads every command's wiring: most chunks
    const expected = run(dir, ['--help'])
    expect(expected.status, expected.stderr).toBe(0)
    expect(expected.stdout).toMatch(/^Usage: mqtx /)
    // every other cache is not a V8 cache at all, the rest are missing
    cacheFiles(join(dir, 'dist')).forEach((c, i) => (i % 2 === 0 ? writeFileSync(c, Buffer.alloc(4096, 0x5a)) : unlinkSync(c)))
    const broken = run(dir, ['--help'])
    expect({ status: broken.status, stdout: broken.stdout, stderr: broken.stderr }).toEqual({ status: 0, stdout: expected.stdout, stderr: '' })
    const off = run(dir, ['--help'], { MQTX_CODE_CACHE: 'off' })
    expect({ status: off.status, stdout: off.stdout, stderr: off.stderr }).toEqual({ status: 0, stdout: expected.stdout, stderr: '' })
  })

  it('MQTX_CODE_CACHE=write records a cache this Node accepts (what the build does)', () => {
    const dir = copyOfBuild()
    for (const c of cacheFiles(join(dir, 'dist'))) unlinkSync(c)
    const r = run(dir, ['pub', '--help'], { MQTX_CODE_CACHE: 'write' })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toContain('Usage: mqtx pub')
    const entry = join(dir, 'dist', 'mqtx.js.cache')
    expect(existsSync(entry)).toBe(true)
    const written = cacheFiles(join(dir, 'dist'))
    expect(Object.values(rejected(written))).toEqual(written.map(() => false))
  })
})
