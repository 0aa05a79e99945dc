/**
 * mqtx respond answering mqtx rr on a real mosquitto: MQTT 5 (response topic + correlation data) and
 * 3.1.1 (-e), fixed replies, templates, a command's output (argv passed literally, no shell; a failing
 * command sends no reply), --concurrency, -W. Waits on the broker's SUBACK log lines, never on sleeps.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, run, start, startMqtx, type Running } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
/** Responders still running after a failed test are not left behind. */
const started: Running[] = []
afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL')
  await broker?.stop()
})

let seq = 0
const P = () => ['-p', String(broker.port)]

/** A responder, subscribed. */
async function respond(args: string[]): Promise<Running> {
  const id = `resp-${process.pid}-${++seq}`
  const p = startMqtx(['respond', ...P(), '-i', id, ...args], { timeoutMs: 60_000 })
  started.push(p)
  await waitForSubscription(broker, id)
  return p
}

const rr = (args: string[]) => mqtx(['rr', ...P(), '-W', '20', ...args])

describe('mqtx respond', () => {
  it('answers mqtx rr over MQTT 5 on the response topic with the correlation data; -C ends it with a summary', async () => {
    const p = await respond(['-t', 'svc/time/+', '-m', 'now', '-q', '1', '-C', '2', '-v'])
    const a = await rr(['-t', 'svc/time/req', '-e', 'replies/a', '-m', 'what time?', '--json'])
    expect(a.code).toBe(0)
    const reply = JSON.parse(a.stdout) as { topic: string; payload: string; properties: { correlationData: string } }
    expect(reply).toMatchObject({ topic: 'replies/a', payload: 'now' })
    // rr matched its own correlation data (it ignores replies without it)
    expect(reply.properties.correlationData).toMatch(/^[0-9a-f]{16}$/)
    expect(await rr(['-t', 'svc/time/other', '-e', 'replies/b', '-n'])).toMatchObject({ code: 0, stdout: 'now\n', stderr: '' })
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("mqtx: answered request 1 on 'svc/time/req' (reply on 'replies/a', 3 bytes)\nmqtx: answered request 2 on 'svc/time/other' (reply on 'replies/b', 3 bytes)\nmqtx: respond: answered 2 requests\n")
  })

  it('MQTT 3.1.1: requests carry no response topic, -e says where to answer', async () => {
    const p = await respond(['-V', '311', '-t', 'v3/ping', '-e', 'v3/pong', '-m', 'pong', '-C', '1'])
    const r = await rr(['-V', '311', '-t', 'v3/ping', '-e', 'v3/pong', '-m', 'ping'])
    expect(r).toMatchObject({ code: 0, stdout: 'pong\n' })
    expect((await p.done).code).toBe(0)
  })

  it('without -e, a request that names no response topic is not answered, and counted; a retained request neither', async () => {
    expect((await mqtx(['pub', ...P(), '-t', 'noreply/x', '-m', 'old', '-r', '-D', 'publish', 'response-topic', 'noreply/r'])).code).toBe(0)
    const p = await respond(['-t', 'noreply/x', '-m', 'x', '-W', '30'])
    // a plain publish: no response topic
    expect((await mqtx(['pub', ...P(), '-t', 'noreply/x', '-m', 'hello', '-q', '1'])).code).toBe(0)
    await p.waitFor(/request 1 on 'noreply\/x' names no response topic: not answered/)
    p.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 0 requests \(not answered: 1 without a response topic, 1 retained\)$/m)
    await mqtx(['pub', ...P(), '-t', 'noreply/x', '-n', '-r'])
  })

  it('--template fills in the request: JSON fields, topic levels, | json, and a missing field once', async () => {
    const p = await respond(['-t', 'tpl/+', '--template', 'hello {{payload.name}}: {"who": {{payload.name | json}}, "first": {{payload.items[0]}}, "device": "{{topic.1}}", "n": {{seq}}}', '-C', '2'])
    const a = await rr(['-t', 'tpl/dev7', '-e', 'tpl-r/1', '-m', '{"name": "Ann \\"A\\"", "items": [42, 1]}'])
    expect(a).toMatchObject({ code: 0, stdout: 'hello Ann "A": {"who": "Ann \\"A\\"", "first": 42, "device": "dev7", "n": 1}\n' })
    // not JSON: the fields are missing (empty, null with | json), said once per placeholder
    const b = await rr(['-t', 'tpl/dev8', '-e', 'tpl-r/2', '-m', 'plain'])
    expect(b.stdout).toBe('hello : {"who": null, "first": , "device": "dev8", "n": 2}\n')
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr.match(/warning: --template: a request on 'tpl\/dev8' has no/g)).toHaveLength(3)
  })

  it('a command after --: its argv is passed literally (no shell), the request on its stdin, its stdout the reply', async () => {
    const script = 'process.stdout.write(JSON.stringify({ argv: process.argv.slice(1), stdin: require("fs").readFileSync(0, "utf8"), topic: process.env.MQTX_REQUEST_TOPIC, responseTopic: process.env.MQTX_RESPONSE_TOPIC }))'
    const odd = ['a b', '"quoted"', "it's", '$HOME;echo x', '*', '`id`', '']
    const p = await respond(['-t', 'exec/echo', '-C', '1', '--', process.execPath, '-e', script, ...odd])
    const r = await rr(['-t', 'exec/echo', '-e', 'exec-r/1', '-m', Buffer.from('in\u0000put').toString('hex'), '--encoding', 'hex'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ argv: odd, stdin: 'in\u0000put', topic: 'exec/echo', responseTopic: 'exec-r/1' })
    expect((await p.done).code).toBe(0)
  })

  it('a command that fails or runs too long sends no reply: the requester times out, respond says why and goes on', async () => {
    const p = await respond(['-t', 'exec/fail/+', '--exec-timeout', '1', '--', process.execPath, '-e', 'if (process.env.MQTX_REQUEST_TOPIC.endsWith("slow")) setInterval(() => {}, 1000); else { process.stdout.write("partial"); process.exit(3) }'])
    const failed = await mqtx(['rr', ...P(), '-t', 'exec/fail/now', '-e', 'exec-r/2', '-m', 'x', '-W', '1'])
    expect(failed).toMatchObject({ code: 27, stdout: '' })
    await p.waitFor(/request 1 on 'exec\/fail\/now': no reply sent: the command failed: it exited with status 3/)
    const slow = await mqtx(['rr', ...P(), '-t', 'exec/fail/slow', '-e', 'exec-r/3', '-m', 'x', '-W', '1'])
    expect(slow).toMatchObject({ code: 27, stdout: '' })
    await p.waitFor(/request 2 on 'exec\/fail\/slow': no reply sent: the command failed: it ran longer than --exec-timeout 1 s/)
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 0 requests \(not answered: 2 failed\)$/m)
  }, 30_000)

  it('--exec-timeout frees the slot even when a process the command started keeps its standard output open', async () => {
    // the command starts a child sharing its stdout, then hangs: SIGTERM ends the command, not the child
    const script = 'if (process.env.MQTX_REQUEST_TOPIC.endsWith("slow")) { require("child_process").spawn(process.execPath, ["-e", "setInterval(() => process.stdout.write(\\".\\"), 100)"], { stdio: ["ignore", "inherit", "inherit"] }); setInterval(() => {}, 1000) } else process.stdout.write("fast")'
    const p = await respond(['-t', 'exec/held/+', '--exec-timeout', '1', '--', process.execPath, '-e', script])
    expect(await mqtx(['rr', ...P(), '-t', 'exec/held/slow', '-e', 'exec-r/4', '-m', 'x', '-W', '1'])).toMatchObject({ code: 27, stdout: '' })
    // --concurrency 1: this one waits for the slot the slow one holds
    expect(await rr(['-t', 'exec/held/fast', '-e', 'exec-r/5', '-m', 'x'])).toMatchObject({ code: 0, stdout: 'fast\n' })
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/request 1 on 'exec\/held\/slow': no reply sent: the command failed: it ran longer than --exec-timeout 1 s/)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 1 request \(not answered: 1 failed\)$/m)
  }, 60_000)

  it('SIGTERM with a command still running after the 5 s wait: it is stopped, respond exits with its summary and says nothing after it', async () => {
    const p = await respond(['-t', 'exec/long', '-d', '--exec-timeout', '100', '--', process.execPath, '-e', 'setTimeout(() => process.stdout.write("late"), 20000)'])
    expect(await mqtx(['rr', ...P(), '-t', 'exec/long', '-e', 'exec-r/6', '-m', 'x', '-W', '0.5'])).toMatchObject({ code: 27 })
    await p.waitFor(/request 1 on 'exec\/long' \(1 bytes\)/)
    p.kill('SIGTERM')
    const r = await p.done
    expect(r.code).toBe(143)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 0 requests \(not answered: 1 still being answered at exit\)\nmqtx: terminated\n$/m)
  }, 60_000)

  it('--concurrency 2: at most two commands run at once, the other requests wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-respond-'))
    // each run notes how many runs are active as it starts, then waits for its partner: runs go in pairs
    const script = join(dir, 'pair.cjs')
    writeFileSync(script, `
const fs = require('fs'), path = require('path')
const dir = process.argv[2]
const count = (prefix) => fs.readdirSync(dir).filter((f) => f.startsWith(prefix)).length
fs.writeFileSync(path.join(dir, 'start-' + process.pid), '')
fs.appendFileSync(path.join(dir, 'active.log'), (count('start-') - count('end-')) + '\\n')
const target = 2 * Math.ceil(count('start-') / 2)
const wait = () => { if (count('start-') >= target) { fs.writeFileSync(path.join(dir, 'end-' + process.pid), ''); process.stdout.write('done') } else setTimeout(wait, 5) }
wait()
`)
    const p = await respond(['-t', 'pairs/+', '--concurrency', '2', '-C', '4', '-q', '1', '--', process.execPath, script, dir])
    const results = await Promise.all([1, 2, 3, 4].map((i) => rr(['-t', `pairs/${i}`, '-e', `pairs-r/${i}`, '-m', String(i), '-q', '1'])))
    expect(results.map((r) => [r.code, r.stdout])).toEqual(Array(4).fill([0, 'done\n']))
    expect((await p.done).code).toBe(0)
    const active = readFileSync(join(dir, 'active.log'), 'utf8').trim().split('\n').map(Number)
    expect(active).toHaveLength(4)
    expect(Math.max(...active)).toBe(2)
  }, 60_000)

  it('-C 1 with another request already read: it answers one, leaves the other unanswered, and exits (the reply\'s PUBACK still gets read)', async () => {
    const p = await respond(['-t', 'count/req', '-m', 'ok', '-q', '1', '-C', '1', '--concurrency', '2'])
    const rx = start('mosquitto_sub', ['-p', String(broker.port), '-i', 'count-rx', '-t', 'count/r', '-v'])
    await waitForSubscription(broker, 'count-rx')
    // two requests in one go: the second is read before the first reply's PUBACK comes back
    expect((await run('mosquitto_pub', ['-p', String(broker.port), '-V', '5', '-q', '1', '-t', 'count/req', '-D', 'publish', 'response-topic', 'count/r', '-l'], { input: 'a\nb\n' })).code).toBe(0)
    const r = await p.done
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 1 request$/m)
    await rx.waitFor(/count\/r ok\n/, 'stdout')
    rx.kill()
    expect((await rx.done).stdout).toBe('count/r ok\n')
  })

  it('-W after some requests were answered: the hint counts them as they were when it fired', async () => {
    const p = await respond(['-t', 'late/x', '-m', 'x', '-C', '5', '-W', '6'])
    expect(await rr(['-t', 'late/x', '-e', 'late-r/1', '-n'])).toMatchObject({ code: 0, stdout: 'x\n' })
    const r = await p.done
    expect(r.code).toBe(27)
    expect(r.stderr).toMatch(/^hint: 1 request answered within -W 6 s \(-C 5\)$/m)
  })

  it('-W ends a respond with exit 27', async () => {
    const r = await mqtx(['respond', ...P(), '-t', 'idle/x', '-m', 'x', '-W', '0.5'])
    expect(r.code).toBe(27)
    expect(r.stderr).toMatch(/^mqtx: Timed out$/m)
    expect(r.stderr).toMatch(/^mqtx: respond: answered 0 requests$/m)
  })
})
