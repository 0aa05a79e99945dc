/**
 * The npm package as users get it: `npm pack`, install the tarball into a temporary prefix
 * (offline: the package has no dependencies, the bundle holds them), then run the installed bin:
 * --version, the man page in place, and a real pub/sub round trip through mosquitto.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { NOT_FOR_BINARY, ROOT, run, start, type RunResult } from '../helpers/run.js'

const work = mkdtempSync(join(tmpdir(), 'mqtx-pack-'))
const prefix = join(work, 'prefix')
/** npm needs the real HOME for its cache (the runner gives children a private one). */
const npmEnv = { HOME: process.env.HOME ?? homedir(), npm_config_update_notifier: 'false' }
const ALLOWED = [/^bin\/mqtx\.cjs$/, /^dist\//, /^completions\/(mqtx\.bash|_mqtx|mqtx\.fish)$/, /^man\/mqtx\.1$/, /^(README\.md|LICENSE|CHANGELOG\.md|package\.json)$/]
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare', 'preprepare', 'postprepare']

interface PackInfo {
  filename: string
  files: Array<{ path: string }>
}

let pack: PackInfo
let install: RunResult
let broker: Broker
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  scripts?: Record<string, string>
  engines?: Record<string, string>
  files?: string[]
  dependencies?: Record<string, string>
}
const installed = (name: string) => join(prefix, 'bin', name)

beforeAll(async () => {
  if (NOT_FOR_BINARY) return
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], { env: npmEnv, timeoutMs: 120_000 })
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`)
  pack = (JSON.parse(packed.stdout) as PackInfo[])[0] as PackInfo
  const tgz = join(work, pack.filename)
  const args = ['install', '-g', '--prefix', prefix, tgz, '--no-audit', '--no-fund']
  // the bundle holds every library: the package has no dependencies, so this never needs a registry
  install = await run('npm', [...args, '--offline'], { env: npmEnv, timeoutMs: 180_000 })
  broker = await startMosquitto()
}, 600_000)

afterAll(async () => {
  await broker?.stop()
  rmSync(work, { recursive: true, force: true }) // ~20 MB: the tarball and the installed prefix
})

// MQTX_BIN (the standalone binary) has no npm package to test
describe.skipIf(NOT_FOR_BINARY)('npm package', () => {
  it('package.json: engines, files, and no install scripts', () => {
    expect(pkg.engines?.node).toBe('>=20')
    expect(pkg.files?.slice().sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'completions', 'dist', 'man'])
    for (const s of INSTALL_SCRIPTS) expect(pkg.scripts?.[s], `package.json must not have a "${s}" script`).toBeUndefined()
  })

  it('the tarball holds only what runs: no sources, no tests', () => {
    const paths = pack.files.map((f) => f.path)
    const stray = paths.filter((p) => !ALLOWED.some((re) => re.test(p)))
    expect(stray).toEqual([])
    for (const needed of ['bin/mqtx.cjs', 'dist/mqtx.js', 'man/mqtx.1', 'completions/mqtx.bash', 'completions/_mqtx', 'completions/mqtx.fish', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
      expect(paths).toContain(needed)
    }
  })

  it('installs from the tarball into a fresh prefix, with the man page', () => {
    expect(install.code, install.stderr).toBe(0)
    // everything it runs is in dist/ (esbuild's bundle): nothing else is installed
    expect(pkg.dependencies).toBeUndefined()
    expect(readdirSync(join(prefix, 'lib', 'node_modules'))).toEqual(['mqtx'])
    expect(existsSync(join(prefix, 'lib', 'node_modules', 'mqtx', 'node_modules'))).toBe(false)
    expect(existsSync(installed('mqtx'))).toBe(true)
    expect(existsSync(join(prefix, 'share', 'man', 'man1', 'mqtx.1'))).toBe(true)
  })

  it('a global install does not pull in the devDependencies (bun, ~100 MB, only builds the binary)', () => {
    const deps = join(prefix, 'lib', 'node_modules', 'mqtx', 'node_modules')
    // every library is in the bundle (issue 13): the package has no dependencies at all, so none is installed
    expect(existsSync(join(deps, 'mqtt'))).toBe(false)
    for (const dev of ['bun', '@oven', 'esbuild', 'vitest']) expect(existsSync(join(deps, dev)), dev).toBe(false)
  })

  it('the installed mqtx --version', async () => {
    const r = await run(installed('mqtx'), ['--version'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^mqtx ${pkg.version.replace(/\./g, '\\.')} \\(MQTT\\.js \\d+\\.\\d+\\.\\d+, Node v\\d+`))
  })

  it('npx runs it from the tarball (npm exec --package)', async () => {
    const args = ['exec', '--yes', `--package=${join(work, pack.filename)}`, '--', 'mqtx', '--version']
    // npm exec installs into <npm cache>/_npx/<hash>: remove only the entry this test made
    const npxDir = join((await run('npm', ['config', 'get', 'cache'], { env: npmEnv })).stdout.trim(), '_npx')
    const before = new Set(existsSync(npxDir) ? readdirSync(npxDir) : [])
    const r = await run('npm', ['--offline', ...args], { env: npmEnv, cwd: work, timeoutMs: 180_000 })
    for (const entry of existsSync(npxDir) ? readdirSync(npxDir) : []) {
      if (!before.has(entry)) rmSync(join(npxDir, entry), { recursive: true, force: true })
    }
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^mqtx \d+\.\d+\.\d+ \(MQTT\.js /)
  }, 600_000)

  it('the installed mqtx does a real pub/sub round trip', async () => {
    const id = `pkg-rx-${process.pid}`
    const sub = start(installed('mqtx'), ['sub', '-p', String(broker.port), '-i', id, '-t', 'home/temperature', '-C', '1', '-v'])
    await waitForSubscription(broker, id)
    const pub = await run(installed('mqtx'), ['pub', '-p', String(broker.port), '-t', 'home/temperature', '-m', '25.5', '-q', '1'])
    expect(pub.stderr).toBe('')
    expect(pub.code).toBe(0)
    const got = await sub.done
    expect(got.stdout).toBe('home/temperature 25.5\n')
    expect(got.code).toBe(0)
  })
})
