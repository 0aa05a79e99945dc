/** What every usage error looks like, spawned or in-process: exit 2, nothing on stdout, one line (plus a hint), no stack. */
import { expect } from 'vitest'

export function expectUsageError(r: { code: number | null; stdout: string; stderr: string }, first: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines[0]).toMatch(first)
  expect(lines.length).toBeLessThanOrEqual(2)
  if (lines.length === 2) expect(lines[1]).toMatch(/^hint: /)
  expect(r.stderr).not.toMatch(/\n\s+at /)
}

/** In-process runs leave nothing behind: no exit code set, no signal handler (call in afterAll). */
export function expectNothingLeftBehind(): void {
  expect(process.exitCode).toBeUndefined()
  expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0)
}
