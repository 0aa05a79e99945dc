/**
 * completions/* and man/mqtx.1 are generated from the command tree (`npm run gen`) and committed.
 * These tests fail when a flag or command changed and the files were not regenerated, when a file
 * does not parse in its shell, or when the man page does not render cleanly.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { missingTools } from '../helpers/requirements.js'
import { COMPLETION_FILES } from '../../src/completion/generate.js'
import { SHELLS } from '../../src/completion/shells.js'
import { completionOutputs, manOutputs, MAN_FILE } from '../../src/gen/outputs.js'
import { mqtx, ROOT } from '../helpers/run.js'

const FIX = 'run `npm run gen` and commit the result'
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version

function committed(path: string): string {
  const full = join(ROOT, path)
  if (!existsSync(full)) throw new Error(`${path} is missing: ${FIX}`)
  return readFileSync(full, 'utf8')
}

function expectUpToDate(path: string, expected: string): void {
  const actual = committed(path)
  if (actual !== expected) {
    const a = actual.split('\n')
    const e = expected.split('\n')
    const line = e.findIndex((l, i) => l !== a[i])
    throw new Error(`${path} is out of date with the command tree (first difference at line ${line + 1}: expected ${JSON.stringify(e[line])}, found ${JSON.stringify(a[line])}): ${FIX}`)
  }
}

function hasShell(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true'], { stdio: 'ignore' }).status === 0
}

const outputs = await completionOutputs()

describe('generated completions', () => {
  for (const shell of SHELLS) {
    const path = COMPLETION_FILES[shell]
    it(`${path} matches the command tree`, () => {
      expectUpToDate(path, outputs[path] as string)
    })
    it(`${path} parses in ${shell}`, (ctx) => {
      if (!hasShell(shell)) {
        if (shell === 'bash') throw new Error('bash is not installed')
        process.stderr.write(`*** ${shell} is not installed: syntax check of ${path} SKIPPED (apt-get install -y ${shell}) ***\n`)
        ctx.skip()
      }
      const r = spawnSync(shell, ['-n', join(ROOT, path)], { encoding: 'utf8' })
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
    })
  }

  it('mqtx completion <shell> (the built bin) prints the committed scripts', async () => {
    for (const shell of SHELLS) {
      const r = await mqtx(['completion', shell])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout, `dist is older than src or ${COMPLETION_FILES[shell]} is stale: npm run build && npm run gen`).toBe(committed(COMPLETION_FILES[shell]))
    }
  })

  it('an unknown shell is one line and exit 2', async () => {
    const r = await mqtx(['completion', 'tcsh'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("mqtx: unknown shell 'tcsh' for completion (use bash, zsh or fish).\n")
  })
})

describe('generated man page', () => {
  it(`${MAN_FILE} matches the command tree`, async () => {
    expectUpToDate(MAN_FILE, (await manOutputs(version))[MAN_FILE] as string)
  })

  // without groff (a machine with Node only) left out, loudly (global-setup.ts); CI requires it
  it.skipIf(missingTools().includes('groff') && process.env.MQTX_REQUIRE_MOSQUITTO !== '1')('renders with no warnings (groff -man -ww -z)', () => {
    const r = spawnSync('groff', ['-man', '-ww', '-z', join(ROOT, MAN_FILE)], { encoding: 'utf8' })
    if (r.error !== undefined) throw new Error('groff is not installed (apt-get install -y groff-base)')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('is shipped through package.json "man"', () => {
    const pkg = JSON.parse(committed('package.json')) as { man?: string[]; files?: string[] }
    expect(pkg.man).toEqual([`./${MAN_FILE}`])
    expect(pkg.files).toContain('man')
  })
})
