/**
 * mqtx run in the test's own process (src/run.ts `run(argv, io)`): for tables of usage errors that
 * assert only the exit code, stdout and stderr. ~100x cheaper than spawning the bin; the bin's own
 * path (bin/mqtx.cjs -> src/cli.ts -> run) stays covered by the e2e tests that spawn it.
 *
 * Like test/helpers/run.ts's spawned runs: NO_COLOR=1, a private HOME, no FORCE_COLOR, no MQTX_*
 * from the developer's environment (each run gets `env` on top; the process environment is
 * restored after). Runs of one file are sequential, as vitest runs a file's tests.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../src/run.js'

export interface InProcessResult {
  code: number
  stdout: string
  stderr: string
}

const home = mkdtempSync(join(tmpdir(), 'mqtx-home-'))

export async function mqtxInProcess(args: string[], env: Record<string, string | undefined> = {}): Promise<InProcessResult> {
  const saved = { ...process.env }
  for (const key of Object.keys(process.env)) if (key.startsWith('MQTX_') || key === 'FORCE_COLOR') delete process.env[key]
  Object.assign(process.env, { NO_COLOR: '1', HOME: home, XDG_CONFIG_HOME: join(home, '.config') })
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  let stdout = ''
  let stderr = ''
  const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'))
  try {
    const code = await run(['node', 'mqtx', ...args], {
      stdout: { write: (chunk) => (stdout += text(chunk)) },
      stderr: { write: (chunk) => (stderr += text(chunk)) },
    })
    return { code, stdout, stderr }
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}
