/** mqtx sub: --json, --human, --match/-C/-W, --retained-only, -T, -E, --remove-retained, pipes, bad input. */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, run, startMqtx } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

let n = 0
const P = () => ['-p', String(broker.port)]
async function pub(args: string[], input?: Buffer): Promise<void> {
  const r = await run('mosquitto_pub', [...P(), ...args], input === undefined ? {} : { input })
  expect(r.code).toBe(0)
}
/** Start mqtx sub with a known client id and wait until the broker has subscribed it. */
async function sub(args: string[], env?: Record<string, string>) {
  const id = `sub-${++n}`
  const s = startMqtx(['sub', ...P(), '-i', id, ...args], env === undefined ? {} : { env })
  await waitForSubscription(broker, id)
  return s
}

describe('--json', () => {
  it('round-trips random binary payloads and v5 properties exactly', async () => {
    const payloads = Array.from({ length: 20 }, (_, i) => randomBytes(i * 7 + 1))
    payloads.push(Buffer.from('plain text ü'))
    const s = await sub(['-t', 'json/#', '-q', '1', '--json', '-C', String(payloads.length + 1)])
    for (const p of payloads) await pub(['-t', 'json/bin', '-q', '1', '-s'], p)
    await pub(['-V', '5', '-t', 'json/props', '-m', 'p', '-D', 'publish', 'content-type', 'a/b', '-D', 'publish', 'user-property', 'k', 'v1', '-D', 'publish', 'user-property', 'k', 'v2', '-D', 'publish', 'correlation-data', 'cd', '-D', 'publish', 'response-topic', 'r/t', '-D', 'publish', 'payload-format-indicator', '1'])
    const r = await s.done
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines).toHaveLength(payloads.length + 1)
    payloads.forEach((p, i) => {
      const rec = lines[i] as { payload: string; encoding?: string; payloadLength: number; topic: string; qos: number }
      expect(Buffer.from(rec.payload, rec.encoding === 'base64' ? 'base64' : 'utf8')).toEqual(p)
      expect(rec.payloadLength).toBe(p.length)
      expect(rec).toMatchObject({ topic: 'json/bin', qos: 1, retain: false, dup: false })
    })
    expect(lines[payloads.length - 1]).not.toHaveProperty('encoding')
    expect(lines.at(-1)?.properties).toEqual({ contentType: 'a/b', userProperties: [['k', 'v1'], ['k', 'v2']], correlationData: 'cd', responseTopic: 'r/t', payloadFormatIndicator: 1 })
    expect(lines.at(-1)?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })
})

describe('human view', () => {
  it('--human escapes every control character and escape sequence (even with colour forced)', async () => {
    const evil = Buffer.from('evil\u001b]0;title\u0007\u001b[2Jcleared\r\u009b31m\u202e')
    const envs: Array<Record<string, string>> = [{}, { FORCE_COLOR: '1', NO_COLOR: '' }]
    for (const env of envs) {
      const s = await sub(['-t', 'human/#', '--human', '-C', '1'], env)
      await pub(['-t', 'human/x', '-s'], evil)
      const r = await s.done
      expect(r.code).toBe(0)
      const withoutColours = r.stdout.replace(/\u001b\[[0-9;]*m/g, '')
      expect(withoutColours).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/)
      expect(withoutColours).toContain('evil\\e]0;title\\x07\\e[2Jcleared\\r\\x9b31m\\u{202e}')
      expect(withoutColours).toMatch(/^\d\d:\d\d:\d\d\.\d{3} human\/x \[q0\]/)
      if (Object.keys(env).length === 0) expect(r.stdout).not.toContain('\u001b')
    }
  })
})

describe('human view: huge payloads', () => {
  it('a 3,000-element JSON array shows 40 lines and how many more; --full shows it all', async () => {
    const array = Buffer.from(JSON.stringify(Array.from({ length: 3000 }, (_, i) => i)))
    const capped = await sub(['-t', 'huge/#', '--human', '-C', '1'])
    await pub(['-t', 'huge/json', '-s'], array)
    const r = await capped.done
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(42)
    expect(lines[41]).toBe('  … 2,962 more lines (--full shows all)')
    const full = await sub(['-t', 'huge/#', '--human', '--full', '-C', '1'])
    await pub(['-t', 'huge/json', '-s'], array)
    expect((await full.done).stdout.trimEnd().split('\n')).toHaveLength(3003)
  })
})

describe('waiting in CI', () => {
  it('--match -C 1 exits 0 on the first matching message, printing only it', async () => {
    const s = await sub(['-t', 'dev/1/status', '--match', '"online":true', '-C', '1', '-W', '30'])
    await pub(['-t', 'dev/1/status', '-m', '{"online":false}'])
    await pub(['-t', 'dev/1/status', '-m', '{"online":true}'])
    const r = await s.done
    expect(r).toMatchObject({ code: 0, stdout: '{"online":true}\n', stderr: '' })
  })

  it('-W: exit 27 and "Timed out" when nothing matches', async () => {
    const s = await sub(['-t', 'dev/2/status', '--match', '"online":true', '-C', '1', '-W', '1'])
    await pub(['-t', 'dev/2/status', '-m', '{"online":false}'])
    const r = await s.done
    expect(r.code).toBe(27)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toBe('mqtx: Timed out')
  })
})

describe('-L keeps the whole topic', () => {
  it("mqtt://host:port/a/# subscribes to a/# (not 'a/'), as mosquitto_sub -L", async () => {
    const s = startMqtx(['sub', '-i', 'url-hash', '-L', `mqtt://127.0.0.1:${broker.port}/urlw/#`, '-C', '1', '-v'])
    await waitForSubscription(broker, 'url-hash')
    await pub(['-t', 'urlw/x/y', '-m', 'deep'])
    const r = await s.done
    expect(r).toMatchObject({ code: 0, stdout: 'urlw/x/y deep\n', stderr: '' })
  })
})

describe('--match cannot hang mqtx (linear-time engine)', () => {
  it("'^(a+)+$' against a payload that backtracks for ages in a backtracking engine: the next message still matches", async () => {
    const s = await sub(['-t', 'redos/1', '--match', '^(a+)+$', '-C', '1', '-W', '60'])
    await pub(['-t', 'redos/1', '-m', `${'a'.repeat(64)}!`])
    await pub(['-t', 'redos/1', '-m', 'aaaa'])
    const r = await s.done
    expect(r).toMatchObject({ code: 0, stdout: 'aaaa\n', stderr: '' })
  })

  it('RE2 syntax: lookahead is a usage error that says why', async () => {
    const r = await mqtx(['sub', ...P(), '-t', 'x', '--match', '(?=a)b'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^mqtx: Invalid --match regular expression '\(\?=a\)b': invalid or unsupported Perl syntax/)
    expect(r.stderr).toMatch(/hint: RE2 syntax/)
  })
})

describe('subscription behaviour', () => {
  it('--retained-only prints the retained backlog and ends by itself', async () => {
    for (const i of [1, 2, 3]) await pub(['-t', `ret/${i}`, '-m', `r${i}`, '-r'])
    const r = await mqtx(['sub', ...P(), '-t', 'ret/#', '--retained-only', '-v'])
    expect(r).toMatchObject({ code: 0, stdout: 'ret/1 r1\nret/2 r2\nret/3 r3\n', stderr: '' })
  })

  it('--retained-only ends at the first live message', async () => {
    const s = await sub(['-t', 'live/#', '--retained-only', '-v', '-d'])
    await pub(['-t', 'live/1', '-m', 'now'])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
  })

  it('-T filters out; -R skips retained; --remove-retained clears them', async () => {
    await pub(['-t', 'rm/a', '-m', 'A', '-r'])
    await pub(['-t', 'rm/b', '-m', 'B', '-r'])
    const r1 = await mqtx(['sub', ...P(), '-t', 'rm/#', '-T', 'rm/b', '--retained-only', '--remove-retained', '-v'])
    expect(r1).toMatchObject({ code: 0, stdout: 'rm/a A\n' })
    const r2 = await mqtx(['sub', ...P(), '-t', 'rm/#', '--retained-only', '-v'])
    expect(r2.stdout).toBe('rm/b B\n')
    const s = await sub(['-t', 'rm/#', '-R', '-C', '1', '-v'])
    await pub(['-t', 'rm/c', '-m', 'live'])
    expect((await s.done).stdout).toBe('rm/c live\n')
  })

  it('-D subscribe subscription-identifier comes back as %S; --retain-handling 2 skips retained', async () => {
    await pub(['-t', 'sid/r', '-m', 'kept', '-r'])
    const s = await sub(['-t', 'sid/#', '-D', 'subscribe', 'subscription-identifier', '7', '--retain-handling', '2', '-F', '%S %t %p', '-C', '1'])
    await pub(['-t', 'sid/x', '-m', 'live'])
    const r = await s.done
    expect(r).toMatchObject({ code: 0, stdout: '7 sid/x live\n' })
  })

  // the second retained message comes before the UNSUBACK and, -C being reached, is not handled: a
  // graceful DISCONNECT waited for the UNSUBACK behind it for ever
  it.each(['0', '1'])('-C 1 with -U ends when -C is reached before the UNSUBACK (QoS %s)', async (qos) => {
    for (const i of [1, 2]) await pub(['-t', `cu${qos}/${i}`, '-m', `r${i}`, '-r', '-q', qos])
    const r = await mqtx(['sub', ...P(), '-t', `cu${qos}/#`, '-q', qos, '-C', '1', '-U', 'other/#', '-v'], { timeoutMs: 15_000 })
    expect(r).toMatchObject({ code: 0, stdout: `cu${qos}/1 r1\n`, stderr: '' })
  })

  it('-E exits once subscribed; the "subscribed" line is on stderr with -d', async () => {
    const r = await mqtx(['sub', ...P(), '-t', 'e/#', '-E', '-d'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain("mqtx: subscribed to 'e/#' (QoS 0)")
  })

  it('shared subscriptions: each message goes to one member', async () => {
    const a = await sub(['-t', '$share/g/jobs/#', '-v'])
    const b = await sub(['-t', '$share/g/jobs/#', '-v'])
    for (let i = 0; i < 4; i++) await pub(['-t', 'jobs/x', '-m', `j${i}`])
    const all = () => (a.stdout() + b.stdout()).split('\n').filter((l) => l !== '').sort()
    // wait for the condition (both outputs together hold 4 lines), bounded; never a fixed sleep
    const deadline = Date.now() + 20_000
    while (all().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(all()).toEqual(['jobs/x j0', 'jobs/x j1', 'jobs/x j2', 'jobs/x j3'])
    a.kill('SIGINT')
    b.kill('SIGINT')
    expect((await a.done).code).toBe(130)
    await b.done
  })

  it('a closed stdout pipe (| head -1) ends quietly with exit 0', async () => {
    const s = await sub(['-t', 'pipe/#'])
    await pub(['-t', 'pipe/x', '-m', 'first'])
    await s.waitFor(/first/, 'stdout')
    s.child.stdout?.destroy()
    await pub(['-t', 'pipe/x', '-m', 'second'])
    await pub(['-t', 'pipe/x', '-m', 'third'])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })
})

describe('mosquitto 2.1 sub flags', () => {
  it('--message-rate prints counts per second instead of messages (the last partial second at -C)', async () => {
    const s = await sub(['-t', 'rate/#', '--message-rate', '-C', '50', '-W', '30'])
    await pub(['-t', 'rate/a', '-l'], Buffer.from(Array.from({ length: 50 }, (_, i) => `m${i}`).join('\n') + '\n'))
    const r = await s.done
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^\d+$/)
    expect(lines.reduce((sum, l) => sum + Number(l), 0)).toBe(50)
    expect(r.stdout).not.toContain('m1')
  })

  it('--message-rate: the last partial second is printed even when it counted nothing', async () => {
    const r = await mqtx(['sub', ...P(), '-t', 'rate/none', '--message-rate', '-W', '0.5'])
    expect([r.code, r.stdout]).toEqual([27, '0\n'])
  })

  it('--message-rate with -F is a usage error; -U alone is enough to run', async () => {
    const r = await mqtx(['sub', ...P(), '-t', 'a', '--message-rate', '-F', '%p'])
    expect([r.code, r.stderr]).toEqual([2, 'mqtx: --message-rate prints counts: it cannot be used with -F, --json, -v or --human.\n'])
    const u = await mqtx(['sub', ...P(), '-U', 'old/#', '-E'])
    expect([u.code, u.stderr]).toEqual([0, ''])
  })
})
