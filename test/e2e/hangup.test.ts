/**
 * SIGHUP (an SSH connection dropped, a terminal window closed) stops a command like SIGTERM, with exit
 * 129: record closes its .gz file with every message received, sub writing to a file keeps what it
 * received, respond disconnects cleanly; in a real pseudo-terminal (tmux) whose server is killed, the
 * writes to the dead terminal do not keep record from closing its file and disconnecting. Each test
 * checks the broker's "Client … disconnected." (a DISCONNECT packet), which a process killed outright
 * never sends ("closed its connection"). Waits on the broker log and file contents, never sleeps.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { MQTX_SHELL, run, STANDALONE, start, startMqtx, type Running } from '../helpers/run.js'
import { until } from '../helpers/socket-queue.js'
import { hasTmux, startPane } from '../helpers/tmux.js'

let broker: Broker
let port: string
const dir = mkdtempSync(join(tmpdir(), 'mqtx-hup-'))
const started: Running[] = []
beforeAll(async () => {
  broker = await startMosquitto()
  port = String(broker.port)
})
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL')
  await broker?.stop()
  rmSync(dir, { recursive: true, force: true })
})

let seq = 0
const uniq = (base: string) => `${base}-${process.pid}-${++seq}`
const payloads = (count: number) => Array.from({ length: count }, (_, i) => `m${i + 1}`)

/** Publish each payload at QoS 1 with mosquitto_pub (the broker has it when this returns). */
async function publish(topic: string, values: string[]): Promise<void> {
  for (const m of values) expect((await run('mosquitto_pub', ['-p', port, '-q', '1', '-t', topic, '-m', m])).code).toBe(0)
}

/** The payloads in a (gzipped) recording: the header line is left out; a cut member throws. */
function recorded(file: string): string[] {
  if (!existsSync(file)) return []
  const text = gunzipSync(readFileSync(file)).toString('utf8')
  return text.split('\n').slice(1, -1).map((l) => (JSON.parse(l) as { payload: string }).payload)
}

/** Like `recorded`, but a file still being written may end in a cut member: none yet. */
function recordedSoFar(file: string): string[] {
  try {
    return recorded(file)
  } catch {
    return []
  }
}

const cleanDisconnect = (id: string) => broker.waitForLog(new RegExp(`Client ${id} disconnected\\.`), 10_000)

describe('SIGHUP', () => {
  it('record to .gz: exit 129, a valid gzip file with every message received, the summary, a clean DISCONNECT', async () => {
    const base = uniq('rec')
    const id = uniq('hrec')
    const file = join(dir, `${base}.ndjson.gz`)
    const rec = startMqtx(['record', '-p', port, '-t', `${base}/#`, '-q', '1', '-i', id, '-o', file])
    started.push(rec)
    await waitForSubscription(broker, id)
    const sent = payloads(20)
    await publish(`${base}/t`, sent)
    await until(() => recordedSoFar(file).length === sent.length, 'every message in the file')
    rec.kill('SIGHUP')
    const r = await rec.done
    expect(r.code, r.stderr).toBe(129)
    expect(recorded(file)).toEqual(sent)
    expect(r.stderr).toMatch(/^mqtx: recorded 20 messages .* to '.*\.ndjson\.gz'$/m)
    expect(r.stderr).toMatch(/^mqtx: hung up$/m)
    await cleanDisconnect(id)
  })

  it('sub writing to a file: exit 129, every message received is in the file', async () => {
    const base = uniq('sub')
    const id = uniq('hsub')
    const file = join(dir, `${base}.txt`)
    // exec: the signal goes to mqtx itself, its stdout is the file
    const sub = start('sh', ['-c', `exec ${MQTX_SHELL} sub -p ${port} -t '${base}/#' -q 1 -i ${id} > '${file}'`])
    started.push(sub)
    await waitForSubscription(broker, id)
    const sent = payloads(20)
    await publish(`${base}/t`, sent)
    const lines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(0, -1) : [])
    await until(() => lines().length === sent.length, 'every message in the file')
    sub.kill('SIGHUP')
    const r = await sub.done
    expect(r.code, r.stderr).toBe(129)
    expect(lines()).toEqual(sent)
    expect(r.stderr).toMatch(/^mqtx: hung up$/m)
    await cleanDisconnect(id)
  })

  it('respond: exit 129 with its summary and a clean DISCONNECT', async () => {
    const id = uniq('hresp')
    const topic = uniq('ask')
    const p = startMqtx(['respond', '-p', port, '-i', id, '-t', topic, '-m', 'pong'])
    started.push(p)
    await waitForSubscription(broker, id)
    const answer = await run('mosquitto_rr', ['-p', port, '-t', topic, '-e', `${topic}/re`, '-m', 'ping', '-W', '5'])
    expect(answer.stdout).toBe('pong\n')
    p.kill('SIGHUP')
    const r = await p.done
    expect(r.code, r.stderr).toBe(129)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 1 request/m)
    await cleanDisconnect(id)
  })

  it('SIGHUP ignored at start (nohup): the binary keeps ignoring it; Node cannot tell (it resets signals at start-up) and stops with 129', async () => {
    const base = uniq('nohup')
    const id = uniq('hnohup')
    const file = join(dir, `${base}.ndjson`)
    // what nohup does: SIGHUP ignored, then exec
    const rec = start('sh', ['-c', `trap '' HUP; exec ${MQTX_SHELL} record -p ${port} -t '${base}/#' -q 1 -i ${id} -o '${file}'`])
    started.push(rec)
    await waitForSubscription(broker, id)
    rec.kill('SIGHUP')
    if (STANDALONE !== undefined) {
      // still recording after the hangup: a message sent after it is in the file
      await publish(`${base}/t`, ['after'])
      await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('"after"'), 'the message after SIGHUP')
      rec.kill('SIGTERM')
      expect((await rec.done).code).toBe(143)
    } else {
      const r = await rec.done
      expect(r.code, r.stderr).toBe(129)
    }
    await cleanDisconnect(id)
  })

  it.skipIf(!hasTmux)('in a terminal that goes away (tmux server killed): record still closes its .gz file whole and disconnects', async () => {
    const base = uniq('pty')
    const id = uniq('hpty')
    const file = join(dir, `${base}.ndjson.gz`)
    const pane = startPane(['record', '-p', port, '-t', `${base}/#`, '-q', '1', '-i', id, '-o', file])
    try {
      await waitForSubscription(broker, id)
      await pane.waitFor(/recording '.*' \(QoS 1\)/)
      const pid = pane.pid()
      const sent = payloads(20)
      await publish(`${base}/t`, sent)
      await until(() => recordedSoFar(file).length === sent.length, 'every message in the file')
      // the terminal goes away: mqtx gets SIGHUP, and its stderr (the summary) is a dead terminal
      pane.kill()
      await until(() => !alive(pid), 'mqtx to end', 15_000)
      expect(recorded(file)).toEqual(sent)
      await cleanDisconnect(id)
    } finally {
      pane.kill()
    }
  })

  it.skipIf(!hasTmux)('a terminal gone before the SIGHUP (the shell passes it on): exit 129, not an abort restoring the dead terminal', async () => {
    const base = uniq('dead')
    const id = uniq('hdead')
    const file = join(dir, `${base}.ndjson.gz`)
    const exitFile = join(dir, `${base}.exit`)
    const pane = startPane(['record', '-p', port, '-t', `${base}/#`, '-q', '1', '-i', id, '-o', file], { exitFile })
    try {
      await waitForSubscription(broker, id)
      await pane.waitFor(/recording '.*' \(QoS 1\)/)
      const pid = pane.pid()
      await publish(`${base}/t`, ['one'])
      await until(() => recordedSoFar(file).length === 1, 'the message in the file')
      // the terminal is gone; its shell survives and passes the hangup on, as bash does to its jobs
      pane.kill()
      process.kill(pid, 'SIGHUP')
      await until(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').endsWith('\n'), 'the exit status', 15_000)
      // Node 20 aborted (134) restoring the dead terminal's settings at exit
      expect(readFileSync(exitFile, 'utf8')).toBe('129\n')
      expect(recorded(file)).toEqual(['one'])
      await cleanDisconnect(id)
    } finally {
      pane.kill()
    }
  })

  it.skipIf(!hasTmux)('sub: a message written to a terminal that is gone (no SIGHUP yet) ends as a hang-up, exit 129, not "cannot write to standard output"', async () => {
    const base = uniq('eio')
    const id = uniq('heio')
    const exitFile = join(dir, `${base}.exit`)
    const pane = startPane(['sub', '-p', port, '-t', `${base}/#`, '-i', id], { exitFile })
    try {
      await waitForSubscription(broker, id)
      await pane.waitFor(/subscribed to/)
      // the terminal is gone; its shell survives (it catches the hangup), so no SIGHUP reaches mqtx
      pane.kill()
      // each message is a write to the dead terminal: EIO
      for (let i = 0; i < 20 && !existsSync(exitFile); i++) await publish(`${base}/t`, [String(i)])
      await until(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').endsWith('\n'), 'the exit status', 15_000)
      expect(readFileSync(exitFile, 'utf8')).toBe('129\n')
      // (no DISCONNECT here: with its output gone, sub drops the connection, as for `| head -1`)
    } finally {
      pane.kill()
    }
  })
})

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
