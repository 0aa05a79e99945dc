/**
 * The openssl runner: finds the binary (MQTX_OPENSSL or PATH), checks its version, and runs it with
 * an argument array (never a shell string) and OPENSSL_CONF pointed at our own minimal config, so
 * the system openssl.cnf cannot add extensions (it can silently make a server certificate a CA).
 * openssl prints progress on stderr even on success: only the exit code counts.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { MqtxError } from '../errors.js'
import { logDebug } from '../output/log.js'

export interface OpenSsl {
  path: string
  /** e.g. "OpenSSL 3.0.19 27 Jan 2026" */
  version: string
  /** OpenSSL >= 3.2 can mark PKCS#12 certificates as trusted for Java (-jdktrust). */
  jdkTrust: boolean
  /** OpenSSL >= 3.0 signs in one step (`req -x509 -CA`); older ones and LibreSSL need `req` + `x509 -req`. */
  reqCa: boolean
  run(args: string[], options?: RunOptions): Promise<string>
}

export interface RunOptions {
  cwd?: string
  input?: string
  env?: Record<string, string>
  /** OPENSSL_CONF for this call (our own file). */
  config?: string
}

const INSTALL_HINT =
  'install openssl (Debian/Ubuntu: apt-get install openssl; Fedora: dnf install openssl; Alpine: apk add openssl; macOS: brew install openssl) or point MQTX_OPENSSL at the binary'

interface Result {
  code: number | null
  stdout: string
  stderr: string
  error: NodeJS.ErrnoException | undefined
}

const running = new Set<ChildProcess>()

/** On Ctrl-C: stop the openssl processes still running (they would outlive us). */
export function killRunning(): void {
  for (const child of running) child.kill('SIGTERM')
}

function exec(file: string, args: string[], options: RunOptions): Promise<Result> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
    if (options.config !== undefined) env.OPENSSL_CONF = options.config
    const child = spawn(file, args, { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    running.add(child)
    let stdout = ''
    let stderr = ''
    let error: NodeJS.ErrnoException | undefined
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.stdin.on('error', () => {})
    child.once('error', (err: NodeJS.ErrnoException) => (error = err))
    child.once('close', (code) => {
      running.delete(child)
      resolve({ code, stdout, stderr, error })
    })
    child.stdin.end(options.input ?? '')
  })
}

/** The most telling line of openssl's stderr (skips its progress noise). */
export function opensslReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^(\.|\+|\*)+$/.test(l))
  const useful = lines.find((l) => /error|unable|invalid|bad|problem|fail/i.test(l)) ?? lines[0] ?? 'no message'
  return useful.replace(/^[0-9A-F]{8,}:error:[0-9A-F]*:/i, '').slice(0, 300)
}

/** Parse `openssl version`: OpenSSL 1.1.1+ or LibreSSL 3.1+ (both take an extension file and -x509_strict). */
export function parseVersion(text: string): { ok: boolean; jdkTrust: boolean; reqCa: boolean } {
  const m = /^(OpenSSL|LibreSSL)\s+(\d+)\.(\d+)\.(\d+)([a-z]*)/.exec(text.trim())
  if (m === null) return { ok: false, jdkTrust: false, reqCa: false }
  const [major, minor, patch] = [Number(m[2]), Number(m[3]), Number(m[4])]
  if (m[1] === 'LibreSSL') return { ok: major > 3 || (major === 3 && minor >= 1), jdkTrust: false, reqCa: false }
  const ok = major >= 3 || (major === 1 && minor === 1 && patch >= 1)
  return { ok, jdkTrust: major > 3 || (major === 3 && minor >= 2), reqCa: major >= 3 }
}

export async function findOpenssl(): Promise<OpenSsl> {
  const fromEnv = process.env.MQTX_OPENSSL
  const file = fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'openssl'
  const where = file === 'openssl' ? 'openssl was not found on PATH' : `openssl was not found at MQTX_OPENSSL=${file}`
  const probe = await exec(file, ['version'], {})
  if (probe.error !== undefined) {
    const reason = probe.error.code === 'ENOENT' ? where : `cannot run ${file}: ${probe.error.message}`
    throw new MqtxError(`${reason}; certgen needs the openssl command.`, { hint: INSTALL_HINT, cause: probe.error })
  }
  const version = probe.stdout.trim()
  const parsed = parseVersion(version)
  if (probe.code !== 0 || !parsed.ok) {
    throw new MqtxError(`${file} is too old or not openssl ("${version.split('\n')[0] ?? ''}"); certgen needs OpenSSL 1.1.1 or newer (or LibreSSL 3.1+).`, { hint: INSTALL_HINT })
  }
  logDebug(`openssl: ${file} (${version})`)
  return {
    path: file,
    version,
    jdkTrust: parsed.jdkTrust,
    reqCa: parsed.reqCa,
    run: async (args, options = {}) => {
      logDebug(`openssl ${args.join(' ')}`)
      const r = await exec(file, args, options)
      if (r.error !== undefined) throw new MqtxError(`cannot run openssl: ${r.error.message}`, { cause: r.error, hint: INSTALL_HINT })
      if (r.code !== 0) throw new MqtxError(`openssl ${args[0] ?? ''} failed: ${opensslReason(r.stderr)}`)
      return r.stdout
    },
  }
}
