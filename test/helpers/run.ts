/**
 * Process runner for e2e tests: spawns the BUILT bin (node bin/mqtx.cjs) or another program with
 * NO_COLOR=1, a private HOME and a hard timeout, and collects exit code, stdout and stderr.
 *
 * MQTX_BIN=path runs every e2e test against that standalone binary instead (`npm run build:binary`
 * makes release/mqtx-linux-x64): tests spawn mqtx only through MQTX_ARGV / mqtx() / startMqtx().
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createTextWatch } from './text-watch.js'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BIN = join(ROOT, 'bin', 'mqtx.cjs')
/** The standalone binary under test, when MQTX_BIN is set. */
export const STANDALONE = process.env.MQTX_BIN ? resolve(process.env.MQTX_BIN) : undefined
/** The command line that runs mqtx: `node bin/mqtx.cjs`, or the binary. */
export const MQTX_ARGV: readonly string[] = STANDALONE === undefined ? [process.execPath, BIN] : [STANDALONE]
/** For tests that cannot apply to the binary: `it.skipIf(NOT_FOR_BINARY)(…)` with the reason beside it. */
export const NOT_FOR_BINARY = STANDALONE !== undefined
/** What `mqtx --version` names as its runtime (src/runtime.ts). */
export const RUNTIME_LABEL =
  STANDALONE === undefined ? `Node ${process.version}` : `Bun ${(JSON.parse(readFileSync(join(ROOT, 'node_modules', 'bun', 'package.json'), 'utf8')) as { version: string }).version} standalone`
/** Quote the command line for a fixed sh -c / script(1) string (only our own paths go in). */
export const MQTX_SHELL = MQTX_ARGV.map((a) => `'${a}'`).join(' ')

const privateHome = mkdtempSync(join(tmpdir(), 'mqtx-home-'))

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  stdoutBytes: Buffer
}

export interface RunOptions {
  input?: string | Buffer
  env?: Record<string, string | undefined>
  timeoutMs?: number
  cwd?: string
}

export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOME: privateHome, XDG_CONFIG_HOME: join(privateHome, '.config') }
  delete env.FORCE_COLOR
  delete env.MQTX_PASSWORD
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }
  return env
}

export interface Running {
  child: ChildProcess
  stdout(): string
  stderr(): string
  stdoutBytes(): Buffer
  /** Resolves when stderr (or stdout) matches. */
  waitFor(pattern: RegExp, stream?: 'stderr' | 'stdout', timeoutMs?: number): Promise<string>
  done: Promise<RunResult>
  kill(signal?: NodeJS.Signals): void
}

export function start(cmd: string, args: string[], options: RunOptions = {}): Running {
  const child = spawn(cmd, args, {
    env: testEnv(options.env),
    cwd: options.cwd ?? ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  const stdoutText = () => Buffer.concat(out).toString('utf8')
  const errWatch = createTextWatch()
  const outWatch = createTextWatch(stdoutText)
  child.stdout?.on('data', (d: Buffer) => {
    out.push(d)
    outWatch.changed()
  })
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (d: string) => errWatch.append(d))
  if (options.input !== undefined) child.stdin?.end(options.input)
  const timeoutMs = options.timeoutMs ?? 30_000
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const done = new Promise<RunResult>((resolvePromise) => {
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      const bytes = Buffer.concat(out)
      resolvePromise({ code, signal, stdout: bytes.toString('utf8'), stderr: errWatch.text(), stdoutBytes: bytes })
    })
  })
  return {
    child,
    stdout: stdoutText,
    stderr: () => errWatch.text(),
    stdoutBytes: () => Buffer.concat(out),
    waitFor: (pattern, stream = 'stderr', waitMs = 15_000) =>
      (stream === 'stderr' ? errWatch : outWatch).waitFor(
        pattern,
        waitMs,
        () => `${stream} never matched ${String(pattern)}; stderr:\n${errWatch.text()}\nstdout:\n${stdoutText()}`,
      ),
    done,
    kill: (signal = 'SIGTERM') => {
      child.kill(signal)
    },
  }
}

export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return start(cmd, args, options).done
}

/** Run the built mqtx. */
export function mqtx(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const [cmd = '', ...pre] = MQTX_ARGV
  return run(cmd, [...pre, ...args], options)
}

export function startMqtx(args: string[], options: RunOptions = {}): Running {
  const [cmd = '', ...pre] = MQTX_ARGV
  return start(cmd, [...pre, ...args], options)
}
