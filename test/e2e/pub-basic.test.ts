import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, MQTX_SHELL, run, start, startMqtx } from '../helpers/run.js'

let broker: Broker
let port: string
beforeAll(async () => {
  if (!mosquittoReady) return
  broker = await startMosquitto()
  port = String(broker.port)
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`

/** mosquitto_sub as the independent receiver, started and subscribed before we publish. */
async function receiver(topic: string, count: number, extra: string[] = []) {
  const id = `rx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', port, '-i', id, '-t', topic, '-C', String(count), '-W', '20', ...extra])
  await waitForSubscription(broker, id)
  return sub
}

describe.skipIf(!mosquittoReady)('mqtx pub: payload sources', () => {
  it('-m: the seed example, exit 0, nothing on stdout or stderr', async () => {
    const topic = uniq('home/temperature')
    const sub = await receiver(topic, 1, ['-v'])
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-m', '25.5'])
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', ''])
    expect((await sub.done).stdout).toBe(`${topic} 25.5\n`)
  })

  it('-f sends all 256 byte values byte for byte', async () => {
    const topic = uniq('bin')
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))
    const file = join(tmpdir(), `mqtx-bin-${process.pid}.bin`)
    writeFileSync(file, bytes)
    const sub = await receiver(topic, 1, ['-N'])
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-f', file, '-q', '1'])
    expect(r.code).toBe(0)
    expect((await sub.done).stdoutBytes.equals(bytes)).toBe(true)
  })

  it('-s sends all of stdin including the final newline', async () => {
    const topic = uniq('stdin')
    const sub = await receiver(topic, 1, ['-N'])
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-s'], { input: 'line one\nline two\n' })
    expect(r.code).toBe(0)
    expect((await sub.done).stdout).toBe('line one\nline two\n')
  })

  it('-s with empty stdin sends nothing, as mosquitto_pub (a failed producer does not clear a retained message)', async () => {
    const topic = uniq('stdin-empty')
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', 'kept', '-r'])).code).toBe(0)
    const ref = await run('mosquitto_pub', ['-p', port, '-t', topic, '-r', '-s'], { input: '' })
    expect(ref.stderr).toContain('Zero length input')
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-r', '-s'], { input: '' })
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toBe('mqtx: Standard input is empty (-s): nothing was sent.\nhint: to send an empty message, use -n\n')
    const left = await run('mosquitto_sub', ['-p', port, '-t', topic, '-C', '1', '-W', '20'])
    expect(left.stdout).toBe('kept\n')
  })

  it('-n sends an empty message (mosquitto_sub -v prints "(null)")', async () => {
    const topic = uniq('null')
    const sub = await receiver(topic, 1, ['-v'])
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-n'])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${topic} (null)\n`)
  })

  it('--encoding hex and base64 send binary from a shell', async () => {
    const topic = uniq('enc')
    const sub = await receiver(topic, 2, ['-F', '%x'])
    expect((await mqtx(['pub', '-p', port, '-t', topic, '--encoding', 'hex', '-m', 'de ad be ef 00 ff'])).code).toBe(0)
    expect((await mqtx(['pub', '-p', port, '-t', topic, '--encoding', 'base64', '-m', Buffer.from([0, 1, 2, 250]).toString('base64')])).code).toBe(0)
    expect((await sub.done).stdout).toBe('deadbeef00ff\n000102fa\n')
  })

  it('-m with bytes that are not UTF-8 (a Latin-1 shell) sends those bytes, as mosquitto_pub (they arrived as U+FFFD)', async () => {
    const topic = uniq('latin1')
    const sub = await receiver(topic, 3, ['-F', '%x'])
    // a shell is the only way to put such bytes in an argument (Node encodes spawn arguments as UTF-8)
    const cafe = await run('bash', ['-c', `${MQTX_SHELL} pub -p ${port} -t '${topic}' -m $'caf\\xe9'`])
    expect([cafe.code, cafe.stderr]).toEqual([0, ''])
    const glued = await run('bash', ['-c', `${MQTX_SHELL} pub -p ${port} -t '${topic}' --message=$'\\xff\\xfe' -q 1`])
    expect([glued.code, glued.stderr]).toEqual([0, ''])
    // a real U+FFFD typed as UTF-8 stays itself
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', '\uFFFD'])).code).toBe(0)
    expect((await sub.done).stdout).toBe('636166e9\nfffe\nefbfbd\n')
  })

  it('-l with --encoding hex decodes each line', async () => {
    const topic = uniq('lhex')
    const sub = await receiver(topic, 2, ['-F', '%x'])
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-l', '--encoding', 'hex'], { input: '00ff\n0a0d\n' })
    expect(r.code).toBe(0)
    expect((await sub.done).stdout).toBe('00ff\n0a0d\n')
  })
})

describe.skipIf(!mosquittoReady)('mqtx pub: QoS, retain, repeat', () => {
  it.each([0, 1, 2])('publishes at QoS %i (mosquitto_sub shows the QoS)', async (qos) => {
    const topic = uniq('qos')
    const sub = await receiver(topic, 1, ['-q', '2', '-F', '%q %p'])
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', 'x', '-q', String(qos)])).code).toBe(0)
    expect((await sub.done).stdout).toBe(`${qos} x\n`)
  })

  it('-r retains; an empty retained message clears it', async () => {
    const topic = uniq('ret')
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', 'kept', '-r', '-q', '1'])).code).toBe(0)
    const got = await start('mosquitto_sub', ['-p', port, '-t', topic, '-C', '1', '-W', '10', '-F', '%r %p']).done
    expect(got.stdout).toBe('1 kept\n')
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-n', '-r', '-q', '1'])).code).toBe(0)
    const none = await start('mosquitto_sub', ['-p', port, '-t', topic, '--retained-only', '-W', '1']).done
    expect(none.stdout).toBe('')
  })

  it('--repeat 3 --repeat-delay 0.1 delivers three times', async () => {
    const topic = uniq('rep')
    const sub = await receiver(topic, 3)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-m', 'again', '--repeat', '3', '--repeat-delay', '0.1'])
    expect(r.code).toBe(0)
    expect((await sub.done).stdout).toBe('again\nagain\nagain\n')
  })
})

describe.skipIf(!mosquittoReady)('mqtx pub: MQTT 5 properties', () => {
  it('-D publish … and the long forms reach the subscriber', async () => {
    const topic = uniq('props')
    const sub = await receiver(topic, 2, ['-V', '5', '-F', '%C|%R|%D|%E|%F|%P|%p'])
    const a = await mqtx([
      'pub', '-p', port, '-t', topic, '-m', 'one',
      '-D', 'publish', 'content-type', 'text/plain',
      '-D', 'publish', 'response-topic', 'reply/here',
      '-D', 'publish', 'correlation-data', 'corr-1',
      '-D', 'publish', 'message-expiry-interval', '3600',
      '-D', 'publish', 'payload-format-indicator', '1',
      '-D', 'publish', 'user-property', 'k1', 'v1',
    ])
    expect(a.code).toBe(0)
    const b = await mqtx([
      'pub', '-p', port, '-t', topic, '-m', 'two', '--content-type', 'application/json', '--response-topic', 'r/2',
      '--correlation-data', 'c2', '--message-expiry', '60', '--payload-format-indicator', '--user-property', 'a=1', '--user-property', 'b=2',
    ])
    expect(b.code).toBe(0)
    const out = (await sub.done).stdout.split('\n')
    expect(out[0]).toMatch(/^text\/plain\|reply\/here\|corr-1\|(3600|3599)\|1\|k1:v1\|one$/)
    expect(out[1]).toMatch(/^application\/json\|r\/2\|c2\|(60|59)\|1\|a:1 b:2\|two$/)
  })

  it('--topic-alias publishes through an alias', async () => {
    const topic = uniq('alias')
    const sub = await receiver(topic, 1)
    const r = await mqtx(['pub', '-p', port, '-t', topic, '-m', 'via alias', '--topic-alias', '3', '-d'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/topicAlias=3/)
    expect((await sub.done).stdout).toBe('via alias\n')
  })
})

describe.skipIf(!mosquittoReady)('mqtx pub: client identity, versions and sessions (broker log)', () => {
  it('-i, -k, -V 311 and -u show in the broker log', async () => {
    const id = `pubid-${process.pid}-${++seq}`
    const r = await mqtx(['pub', '-p', port, '-t', uniq('id'), '-m', 'x', '-i', id, '-k', '30', '-V', '311', '-u', 'alice'])
    expect(r.code).toBe(0)
    await broker.waitForLog(new RegExp(`as ${id} \\(p2, c1, k30, u'alice'\\)`))
  })

  it('-V 31 connects with MQTT 3.1 and a generated id; default is v5', async () => {
    expect((await mqtx(['pub', '-p', port, '-t', uniq('v31'), '-m', 'x', '-V', 'mqttv31'])).code).toBe(0)
    await broker.waitForLog(/as mqtx-pub-\d+ \(p1, c1, k60\)/)
    const id = `v5-${process.pid}-${++seq}`
    expect((await mqtx(['pub', '-p', port, '-t', uniq('v5'), '-m', 'x', '-i', id])).code).toBe(0)
    await broker.waitForLog(new RegExp(`as ${id} \\(p5, c1, k60\\)`))
  })

  it('-I prefixes the process id', async () => {
    const r = await mqtx(['pub', '-p', port, '-t', uniq('pfx'), '-m', 'x', '-I', 'pfx-'])
    expect(r.code).toBe(0)
    await broker.waitForLog(/as pfx-\d+ \(p5/)
  })

  it('-c -i keeps a session: QoS 1 messages queued while away arrive later', async () => {
    const topic = uniq('sess')
    const id = `durable-${process.pid}-${++seq}`
    // create the durable subscription, then leave
    await start('mosquitto_sub', ['-p', port, '-i', id, '-c', '-q', '1', '-t', topic, '-E']).done
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', 'while away', '-q', '1'])).code).toBe(0)
    const back = await start('mosquitto_sub', ['-p', port, '-i', id, '-c', '-q', '1', '-t', topic, '-C', '1', '-W', '10']).done
    expect(back.stdout).toBe('while away\n')
    // and mqtx's own -c/-x reaches the broker as a persistent v5 session
    const own = `pub-durable-${process.pid}-${++seq}`
    expect((await mqtx(['pub', '-p', port, '-t', topic, '-m', 'x', '-c', '-i', own, '-x', '60'])).code).toBe(0)
    await broker.waitForLog(new RegExp(`as ${own} \\(p5, c0, k60\\)`))
  })

  it('the will is published when mqtx dies without DISCONNECT', async () => {
    const willTopic = uniq('will')
    const sub = await receiver(willTopic, 1, ['-v'])
    const id = `willer-${process.pid}-${++seq}`
    const p = startMqtx(['pub', '-p', port, '-t', uniq('alive'), '-l', '-i', id, '--will-topic', willTopic, '--will-payload', 'gone', '--will-qos', '1'])
    await broker.waitForLog(new RegExp(`as ${id} `))
    p.kill('SIGKILL')
    expect((await sub.done).stdout).toBe(`${willTopic} gone\n`)
  })

  it('--will-retain and -D will …: the will keeps its v5 properties and stays retained', async () => {
    const willTopic = uniq('will5')
    const id = `willer5-${process.pid}-${++seq}`
    const p = startMqtx([
      'pub', '-p', port, '-t', uniq('alive'), '-l', '-i', id, '--will-topic', willTopic, '--will-payload', 'bye', '--will-retain',
      '-D', 'will', 'user-property', 'why', 'crash', '-D', 'will', 'content-type', 'text/plain', '-D', 'connect', 'receive-maximum', '7',
    ])
    await broker.waitForLog(new RegExp(`as ${id} `))
    p.kill('SIGKILL')
    await broker.waitForLog(new RegExp(`Client ${id} closed its connection|Socket error on client ${id}`))
    // retained: a subscriber that comes later still gets it, with its properties
    const got = await start('mosquitto_sub', ['-p', port, '-V', '5', '-t', willTopic, '-C', '1', '-W', '10', '-F', '%r %C %P %p']).done
    expect(got.stdout).toBe('1 text/plain why:crash bye\n')
  })
})
