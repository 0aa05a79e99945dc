#!/usr/bin/env node
/**
 * `npm run demo`: the end of README's first set-up command. Runs the main job with the `mqtx` that is
 * on PATH (so it also proves the install worked), on the embedded broker, on a free port:
 *
 *   mqtx broker -p 0 &                     (no mosquitto needed, port 1883 not touched)
 *   mqtx sub -t home/temperature -v -C 1 & (waits until the broker acknowledged the subscription)
 *   mqtx pub -t home/temperature -m 25.5
 *   -> the subscriber prints "home/temperature 25.5"
 *
 * Every process it starts is stopped again, by PID, whatever happens (nothing is left running).
 * Exit 0 when the message arrived; 1 (with the processes' stderr) otherwise.
 */
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'

const TOPIC = 'home/temperature'
const PAYLOAD = '25.5'
const LIMIT_MS = 20_000

/** The `mqtx` a user would run: the first one on PATH. */
function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return undefined
}

const children = []

function stopAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  }
}

function fail(message, hint) {
  process.stderr.write(`demo: ${message}\n`)
  if (hint !== undefined) process.stderr.write(`hint: ${hint}\n`)
  stopAll()
  process.exitCode = 1
}

/** Start `mqtx ARGS`, collecting its output; `done` resolves with the exit code. */
function run(bin, args, background = true) {
  say(`$ mqtx ${args.join(' ')}${background ? ' &' : ''}`)
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  const proc = { child, stdout: '', stderr: '', waiters: [] }
  const check = () => {
    proc.waiters = proc.waiters.filter((w) => {
      const m = w.pattern.exec(w.stream === 'stdout' ? proc.stdout : proc.stderr)
      if (m !== null) w.resolve(m)
      return m === null
    })
  }
  child.stdout.setEncoding('utf8').on('data', (d) => {
    proc.stdout += d
    check()
  })
  child.stderr.setEncoding('utf8').on('data', (d) => {
    proc.stderr += d
    check()
  })
  proc.done = new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? signal)))
  proc.waitFor = (pattern, stream = 'stderr') =>
    new Promise((resolve, reject) => {
      proc.waiters.push({ pattern, stream, resolve })
      check()
      void proc.done.then((code) => reject(new Error(`mqtx ${args[0]} exited (${code}) before printing ${pattern}:\n${proc.stderr}`)))
    })
  return proc
}

function say(line) {
  process.stderr.write(`${line}\n`)
}

async function demo(bin) {
  say(`using ${bin} (${spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()})`)
  say('the embedded broker, on a free port (no mosquitto, no port 1883):')
  const broker = run(bin, ['broker', '-p', '0', '--json'])
  const ready = JSON.parse((await broker.waitFor(/^\{.*\}\n/, 'stdout'))[0])
  const port = String(ready.listeners.find((l) => l.kind === 'mqtt').port)
  say(`  broker ready on 127.0.0.1:${port}`)

  say('a subscriber (-d: it says "subscribed" once the broker acknowledged it; then we publish):')
  const sub = run(bin, ['sub', '-h', '127.0.0.1', '-p', port, '-t', TOPIC, '-v', '-C', '1', '-W', '15', '-d'])
  await sub.waitFor(/mqtx: subscribed to /)

  const pub = run(bin, ['pub', '-h', '127.0.0.1', '-p', port, '-t', TOPIC, '-m', PAYLOAD], false)
  const pubCode = await pub.done
  if (pubCode !== 0) throw new Error(`mqtx pub exited ${pubCode}:\n${pub.stderr}`)

  const subCode = await sub.done
  if (subCode !== 0) throw new Error(`mqtx sub exited ${subCode}:\n${sub.stderr}`)
  say('the subscriber printed:')
  process.stdout.write(sub.stdout)
  if (sub.stdout !== `${TOPIC} ${PAYLOAD}\n`) throw new Error(`expected "${TOPIC} ${PAYLOAD}", got ${JSON.stringify(sub.stdout)}`)

  broker.child.kill('SIGTERM')
  const brokerCode = await broker.done
  if (brokerCode !== 0) throw new Error(`mqtx broker exited ${brokerCode} when stopped:\n${broker.stderr}`)
  say('ok: mqtx works. The broker is stopped; nothing is left running.')
  say('next: README.md "Quick start" (mqtx broker &, mqtx sub, mqtx pub), mqtx --help, man mqtx')
}

const bin = findOnPath('mqtx')
if (bin === undefined) {
  fail(
    'mqtx is not on your PATH.',
    'install it from this clone with `npm install -g .` (or `npm link`); npm puts it in the "bin" directory of `npm prefix -g`, which must be on PATH',
  )
} else {
  // a timeout or a signal stops the children; demo() then fails and says why
  let reason
  const stopFor = (why) => {
    reason ??= why
    stopAll()
  }
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => stopFor(`interrupted (${signal})`))
  const timer = setTimeout(() => stopFor(`gave up after ${LIMIT_MS / 1000} s`), LIMIT_MS)
  try {
    await demo(bin)
  } catch (err) {
    fail(reason ?? (err instanceof Error ? err.message : String(err)))
    if (reason?.startsWith('interrupted') === true) process.exitCode = 130
  } finally {
    clearTimeout(timer)
    stopAll()
  }
}
