/**
 * respond's command replies: the command after `--` runs once per request, as argv (no shell: quotes,
 * spaces, `$` and `;` in its arguments reach it literally), with the request payload on its standard
 * input and MQTX_REQUEST_TOPIC / MQTX_RESPONSE_TOPIC / MQTX_CORRELATION_DATA (hex) in its environment;
 * its standard output is the reply, its standard error goes to mqtx's. A command that fails (exit
 * status not 0, killed, timed out, not startable) sends no reply: the requester's own timeout says so,
 * and a partial output is never mistaken for an answer.
 */
import { spawn } from 'node:child_process'
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

export interface ExecRequest {
  topic: string
  payload: Buffer
  responseTopic: string
  correlationData?: Buffer
}

export type ExecResult = { ok: true; output: Buffer } | { ok: false; reason: string }

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Refuse a command that cannot run before connecting (exit 2), as a shell would say "not found". */
export function checkCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): void {
  const name = argv[0]
  if (name === undefined || name === '') throw new UsageError('the command after -- is empty.')
  if (name.includes('/')) {
    if (!executable(name)) throw new UsageError(`cannot run '${escapeForTerminal(name)}': no such executable file.`)
    return
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '')
  if (!dirs.some((d) => executable(join(d, name)))) throw new UsageError(`cannot run '${escapeForTerminal(name)}': not found on PATH.`, { hint: 'give its path (./handler.sh), or check PATH' })
}

/** Run the command for one request; `maxOutput`: the most a reply can carry (more is a failure). */
/** `stop`: respond is exiting: the command is stopped (SIGTERM) and let go of, its result is a failure. */
export function runCommand(argv: string[], request: ExecRequest, timeoutMs: number, maxOutput: number, stop?: AbortSignal): Promise<ExecResult> {
  const [cmd = '', ...args] = argv
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, MQTX_REQUEST_TOPIC: request.topic, MQTX_RESPONSE_TOPIC: request.responseTopic }
    if (request.correlationData !== undefined) env.MQTX_CORRELATION_DATA = request.correlationData.toString('hex')
    else delete env.MQTX_CORRELATION_DATA
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'], env, shell: false })
    const chunks: Buffer[] = []
    let size = 0
    let failed: string | undefined
    const fail = (reason: string) => {
      failed ??= reason
      child.kill('SIGTERM')
      // a process the command started may still hold its standard output open (sh -c 'sleep 60; …'):
      // the pipe is closed on our side, else 'close' (and the request's slot) would wait for it
      child.stdout?.destroy()
    }
    const onStop = () => {
      fail('respond stopped before it finished')
      // one that ignores SIGTERM does not keep respond from exiting
      child.stdin?.destroy()
      child.unref()
    }
    if (stop?.aborted === true) queueMicrotask(onStop)
    else stop?.addEventListener('abort', onStop, { once: true })
    const timer = setTimeout(() => {
      fail(`it ran longer than --exec-timeout ${timeoutMs / 1000} s`)
      setTimeout(() => child.kill('SIGKILL'), 2000).unref()
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > maxOutput) fail(`its output is longer than a reply can carry (${maxOutput} bytes)`)
      else chunks.push(chunk)
    })
    // a command that does not read its input closes the pipe: not an error of ours
    child.stdin?.on('error', () => {})
    child.stdin?.end(request.payload)
    child.on('error', (err) => {
      clearTimeout(timer)
      stop?.removeEventListener('abort', onStop)
      resolve({ ok: false, reason: `it could not be started: ${err.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      stop?.removeEventListener('abort', onStop)
      if (failed !== undefined) resolve({ ok: false, reason: failed })
      else if (code !== 0) resolve({ ok: false, reason: signal !== null ? `it was killed by ${signal}` : `it exited with status ${String(code)}` })
      else resolve({ ok: true, output: Buffer.concat(chunks) })
    })
  })
}
