/**
 * README's two set-up commands, as a newcomer runs them. The first one (minus its `npm ci`, which
 * needs the network; node_modules is linked instead) runs in a copy of the working tree with a
 * scratch HOME and a scratch npm prefix on PATH: it must build, put `mqtx` on PATH and print the
 * message the embedded broker delivered, leaving nothing running and the real global prefix alone.
 * The second must be exactly what CI (.ci/run) runs.
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NOT_FOR_BINARY, ROOT, run } from '../helpers/run.js'
import { readmeSection, shellBlocks } from '../helpers/readme.js'

const work = mkdtempSync(join(tmpdir(), 'mqtx-first-run-'))
const clone = join(work, 'clone')
const home = join(work, 'home')
const prefix = join(work, 'prefix')

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

/** The install section's code block: the two commands, without comment lines. */
function setupCommands(): string[] {
  const block = shellBlocks(readmeSection('Install'))[0] ?? ''
  return block.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
}

/** A copy of what a clone holds (tracked and new, not ignored, files as they are on disk). */
function copyWorkingTree(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0')
  for (const f of files) {
    if (f === '' || !existsSync(join(ROOT, f))) continue
    mkdirSync(dirname(join(clone, f)), { recursive: true })
    copyFileSync(join(ROOT, f), join(clone, f))
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'))
}

/** PIDs of live processes whose command line mentions `dir`. */
function processesUnder(dir: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) found.push(pid)
    } catch {
      // gone meanwhile
    }
  }
  return found
}

// the npm set-up from a clone, not the binary: MQTX_BIN skips it
describe.skipIf(NOT_FOR_BINARY)('README set-up', () => {
  it('has two commands: build + install + demo, then the tests; CI runs exactly the second', () => {
    const [first, second] = setupCommands()
    expect(setupCommands()).toHaveLength(2)
    expect(first).toMatch(/^npm ci && .*npm install -g \. && npm run demo$/)
    expect(second).toBe('npm test')
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8').trimEnd().split('\n')
    expect(ci.at(-1)).toBe(second)
  })

  it('the first command builds, puts mqtx on PATH and shows the message (scratch HOME and prefix)', async () => {
    const first = setupCommands()[0] ?? ''
    copyWorkingTree()
    mkdirSync(home)
    const realGlobal = execFileSync('npm', ['prefix', '-g'], { encoding: 'utf8' }).trim()
    const realLink = join(realGlobal, 'lib', 'node_modules', 'mqtx')
    const before = existsSync(realLink) ? readlinkSync(realLink) : undefined
    const command = first.replace(/^npm ci && /, '')
    // as a person at a shell: none of the npm_* variables `npm test` sets for its children
    const npmVars = Object.fromEntries(Object.keys(process.env).filter((k) => k.toLowerCase().startsWith('npm_')).map((k) => [k, undefined]))
    const r = await run('bash', ['-c', command], {
      cwd: clone,
      timeoutMs: 240_000,
      env: {
        ...npmVars,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        PATH: [join(prefix, 'bin'), process.env.PATH ?? ''].join(delimiter),
        npm_config_prefix: prefix,
        npm_config_cache: join(home, '.npm'),
        npm_config_offline: 'true',
        npm_config_update_notifier: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        NO_COLOR: undefined,
      },
    })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('home/temperature 25.5\n')
    expect(r.stderr).toContain(`using ${join(prefix, 'bin', 'mqtx')}`)
    // the global mqtx is this copy, built by the command
    expect(realpathSync(join(prefix, 'bin', 'mqtx'))).toBe(join(realpathSync(clone), 'bin', 'mqtx.cjs'))
    expect(existsSync(join(clone, 'dist'))).toBe(true)
    // nothing left running, the real global prefix untouched
    expect(processesUnder(work)).toEqual([])
    expect(existsSync(realLink) ? readlinkSync(realLink) : undefined).toBe(before)
  }, 300_000)
})
