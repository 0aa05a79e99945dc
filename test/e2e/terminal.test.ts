/**
 * Terminal manners of the built bin: an error's `mqtx:` prefix is red only when colour is wanted.
 * Piped runs use the runner; terminal runs use script(1) to give mqtx a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, type Broker } from '../helpers/broker.js'
import { MQTX_SHELL, mqtx, run } from '../helpers/run.js'

// chalk's red: foreground on (31), foreground off (39)
const RED_PREFIX = '\u001b[31mmqtx:\u001b[39m'
const ESC = '\u001b['
/** A usage error that needs no broker. */
const ARGS = ['pub', '-t', 'a']
const MESSAGE = 'No message given: use -m, -f, -s, -l or -n.'

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0

/** Run mqtx on a pseudo-terminal (stdout and stderr both on it) and return what the terminal got. */
async function onTerminal(env: Record<string, string | undefined>, args: string[] = ARGS): Promise<string> {
  const command = [MQTX_SHELL, ...args.map((a) => `'${a}'`)].join(' ')
  const r = await run('script', ['-qec', command, '/dev/null'], { env })
  return r.stdout
}

describe('terminal manners (built bin)', () => {
  it('piped with NO_COLOR=1: no colour', async () => {
    const r = await mqtx(ARGS, { env: { NO_COLOR: '1' } })
    expect(r.code).toBe(2)
    expect(r.stderr.startsWith(`mqtx: ${MESSAGE}\n`)).toBe(true)
    expect(r.stderr).not.toContain(ESC)
  })

  it('piped with nothing set: no colour (not a terminal)', async () => {
    const r = await mqtx(ARGS, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' } })
    expect(r.code).toBe(2)
    expect(r.stderr).not.toContain(ESC)
  })

  it('a .env file in the current directory is not read (Bun would load it into a compiled binary)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mqtx-dotenv-'))
    try {
      writeFileSync(join(cwd, '.env'), 'FORCE_COLOR=1\n')
      const r = await mqtx(ARGS, { cwd, env: { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm-256color' } })
      expect(r.code).toBe(2)
      expect(r.stderr.startsWith(`mqtx: ${MESSAGE}\n`)).toBe(true)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })

  it('piped with FORCE_COLOR=1: the prefix is red', async () => {
    const r = await mqtx(ARGS, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
    expect(r.code).toBe(2)
    expect(r.stderr.startsWith(`${RED_PREFIX} ${MESSAGE}\n`)).toBe(true)
    expect(r.stdout).toBe('')
  })

  describe.skipIf(!hasScript)('on a terminal (script(1))', () => {
    it('colour by default', async () => {
      expect(await onTerminal({ NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm' })).toContain(`${RED_PREFIX} ${MESSAGE}`)
    })
    it('NO_COLOR=1: none', async () => {
      const out = await onTerminal({ NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm' })
      expect(out).toContain(`mqtx: ${MESSAGE}`)
      expect(out).not.toContain(ESC)
    })
    it('TERM=dumb: none', async () => {
      const out = await onTerminal({ NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'dumb' })
      expect(out).toContain(`mqtx: ${MESSAGE}`)
      expect(out).not.toContain(ESC)
    })
  })
  if (!hasScript) process.stderr.write('*** script(1) (util-linux) not installed: pseudo-terminal colour tests SKIPPED ***\n')
})

/** Commands with a live progress line (bench, check): it must never reach a pipe or a dumb terminal. */
describe('progress lines', () => {
  let broker: Broker
  beforeAll(async () => {
    broker = await startMosquitto()
  })
  afterAll(async () => {
    await broker?.stop()
  })
  const commands = () => [
    // 1 s: four redraws' worth of time on a terminal (live-line.ts draws every 250 ms)
    ['bench', 'pub', '-p', String(broker.port), '-C', '20', '--duration', '1'],
    ['check', '-p', String(broker.port)],
  ]

  it('none when stderr is a pipe, even with FORCE_COLOR', async () => {
    for (const args of commands()) {
      const r = await mqtx(args, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0)
      expect(r.stderr, `mqtx ${args[0]} wrote a progress line to a pipe`).not.toMatch(/\r|\u001b\[2K/)
      expect(r.stdout).not.toMatch(/\r/)
    }
  })

  it.skipIf(!hasScript)('none on a TERM=dumb terminal', async () => {
    for (const args of commands()) {
      const out = await onTerminal({ NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'dumb' }, args)
      expect(out, `mqtx ${args[0]} drew on a dumb terminal`).not.toContain(ESC)
    }
  })
})
