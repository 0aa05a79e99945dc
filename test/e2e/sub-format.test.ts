/** -F, default output and %j/%J: mqtx sub against mosquitto_sub 2.0.11 on the same messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { run, start, startMqtx, type RunResult } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

let n = 0
const V5_PROPS = ['-D', 'publish', 'content-type', 'text/plain', '-D', 'publish', 'user-property', 'k1', 'v1', '-D', 'publish', 'user-property', 'k2', 'v2', '-D', 'publish', 'message-expiry-interval', '3600', '-D', 'publish', 'response-topic', 'resp/x', '-D', 'publish', 'correlation-data', 'cd123', '-D', 'publish', 'payload-format-indicator', '1']

/** Run mosquitto_sub and mqtx sub with the same arguments, publish, return both results. */
async function both(args: string[], count: number, publish: (topic: string) => Promise<void>, env?: Record<string, string>): Promise<[RunResult, RunResult]> {
  const topic = `fmt/${++n}`
  const common = ['-p', String(broker.port), '-t', `${topic}/#`, '-C', String(count), ...args]
  const ref = start('mosquitto_sub', [...common, '-i', `ref-${n}`], { env })
  const ours = startMqtx(['sub', ...common, '-i', `ours-${n}`], { env })
  await Promise.all([waitForSubscription(broker, `ref-${n}`), waitForSubscription(broker, `ours-${n}`)])
  await publish(topic)
  return Promise.all([ref.done, ours.done])
}

async function pub(args: string[]): Promise<void> {
  const r = await run('mosquitto_pub', ['-p', String(broker.port), ...args])
  expect(r.code).toBe(0)
}

const threeMessages = async (t: string) => {
  await pub(['-V', '5', '-q', '1', '-t', `${t}/a`, '-m', 'hello world', ...V5_PROPS])
  await pub(['-t', `${t}/empty`, '-n'])
  await pub(['-q', '2', '-t', `${t}/b/c`, '-m', 'x'])
}

describe('same bytes as mosquitto_sub', () => {
  it.each([
    [[]],
    [['-v']],
    [['-N']],
    [['-v', '-N']],
  ])('default output %j', async (args) => {
    const [ref, ours] = await both(args, 3, threeMessages)
    expect(ours.code).toBe(0)
    expect(ours.stderr).toBe('')
    expect(ours.stdoutBytes).toEqual(ref.stdoutBytes)
  })

  it('every non-time -F code, with flags, width and precision', async () => {
    const format = '%%|%A|%5A|%05S|%C|%12C|%-12C|%.2C|%D|%E|%05E|%-6E|%F|%3F|%l|%5l|%-5l|%05l|%.2l|%m|%05m|%P|%p|%-20p|%020p|%q|%R|%10R|%.2R|%r|%S|%t|%14t|%-14t|%.3t|%5.3t|%x|%X|\\t\\\\\\e\\a\\v\\r\\0|@@'
    const [ref, ours] = await both(['-V', '5', '-q', '2', '-F', format], 3, threeMessages)
    expect(ours.code).toBe(0)
    expect(ours.stdoutBytes.toString('latin1')).toBe(ref.stdoutBytes.toString('latin1'))
    expect(ours.stdout).toContain('text/plain')
  })

  it('%P lists user properties in arrival order, a repeated name included (k1 k2 k1)', async () => {
    const props = ['-D', 'publish', 'user-property', 'k1', 'v1', '-D', 'publish', 'user-property', 'k2', 'v2', '-D', 'publish', 'user-property', 'k1', 'v3']
    const [ref, ours] = await both(['-V', '5', '-F', '%P'], 1, (t) => pub(['-V', '5', '-t', `${t}/a`, '-m', 'x', ...props]))
    expect(ref.stdout).toBe('k1:v1 k2:v2 k1:v3\n')
    expect(ours.stdout).toBe(ref.stdout)
  })

  it('time codes have the same shape', async () => {
    const format = '%I|%U|@Y-@m-@d @H:@M:@S|@N|@z'
    const [ref, ours] = await both(['-F', format], 1, (t) => pub(['-t', `${t}/a`, '-m', 'x']))
    const shape = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}\|\d{10}\.\d{9}\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\|\d{9}\|[+-]\d{4}\n$/
    expect(ref.stdout).toMatch(shape)
    expect(ours.stdout).toMatch(shape)
  })

  // TZ as zone names Intl only calls "GMT+1", "GMT-3:30"; a ':' name; a POSIX-style name (a POSIX rule such as
  // JST-9 gets the right @Z too, but the Bun binary's clock ignores such a TZ: see NOTES)
  it.each(['Europe/Paris', 'America/St_Johns', ':Australia/Adelaide', 'EST5EDT'])('@Z is the zone abbreviation mosquitto_sub prints (TZ=%s)', async (tz) => {
    const [ref, ours] = await both(['-F', '@Z|@z'], 1, (t) => pub(['-t', `${t}/a`, '-m', 'x']), { TZ: tz })
    expect(ref.stdout).toMatch(/^[A-Za-z+\d-]+\|[+-]\d{4}\n$/)
    expect(ours.stdout).toBe(ref.stdout)
  })

  it('%j and %J (--pretty too): identical except the fixed tst and 2.1\'s user-properties list', async () => {
    // 2.0.11: {"k1":"v1","k2":"v2"}; 2.1 (and mqtx): [{"k1":"v1"},{"k2":"v2"}] in arrival order
    const stripTst = (s: string) => s.replace(/"tst":\t?"[^"]*"/g, '"tst":""').replace(/"user-properties":\t?(\{[^}]*\}|\[[^\]]*\])/g, '"user-properties":X')
    const json = async (t: string) => {
      await pub(['-V', '5', '-q', '1', '-t', `${t}/a`, '-m', '{"a":[1,2.5,{"b":null}],"c":"x\\u0001y","d":1e21,"e":1.5e-7,"f":{},"g":[]}', ...V5_PROPS])
      await pub(['-t', `${t}/e`, '-n'])
    }
    for (const args of [['-F', '%j'], ['-F', '%J'], ['-F', '%j', '--pretty'], ['-F', '%J', '--pretty']]) {
      const [ref, ours] = await both(['-V', '5', '-q', '1', ...args], 2, json)
      expect(ours.code).toBe(0)
      expect(stripTst(ours.stdout)).toBe(stripTst(ref.stdout))
      const record = JSON.parse(ours.stdout.split('\n')[0] === '{' ? ours.stdout.slice(0, ours.stdout.indexOf('\n}\n') + 2) : (ours.stdout.split('\n')[0] as string)) as { properties: Record<string, unknown> }
      expect(record.properties['user-properties']).toEqual([{ k1: 'v1' }, { k2: 'v2' }])
      const tsts = [...ours.stdout.matchAll(/"tst":\t?"([^"]*)"/g)].map((m) => m[1])
      expect(tsts).toHaveLength(2)
      for (const tst of tsts) expect(tst).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    }
  })
})

describe('fixed where mosquitto_sub is wrong', () => {
  it('%j keeps a binary payload whole (mosquitto cuts it at the NUL); %40x pads', async () => {
    const bin = Buffer.from([0x61, 0x00, 0xfe, 0x62])
    const [ref, ours] = await both(['-F', '%j|%12x|%-12x|'], 1, async (t) => {
      const r = await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${t}/bin`, '-s'], { input: bin })
      expect(r.code).toBe(0)
    })
    expect(ref.stdout).toContain('"payloadlen":4,"payload":"a"}')
    const [json, padded, left] = ours.stdout.split('|')
    const rec = JSON.parse(json as string) as { payload: string; encoding: string; payloadlen: number }
    expect(rec.encoding).toBe('base64')
    expect(Buffer.from(rec.payload, 'base64')).toEqual(bin)
    expect(padded).toBe('    6100fe62')
    expect(left).toBe('6100fe62    ')
  })

  it('%J with a payload that is not JSON: the message is skipped with a warning, nothing half-written', async () => {
    const topic = `fmt/${++n}`
    const ours = startMqtx(['sub', '-p', String(broker.port), '-t', `${topic}/#`, '-C', '2', '-F', 'A%JB', '-i', `ours-${n}`])
    await waitForSubscription(broker, `ours-${n}`)
    await pub(['-t', `${topic}/x`, '-m', 'not json'])
    await pub(['-t', `${topic}/y`, '-m', '[1]'])
    const r = await ours.done
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^A\{"tst":"[^"]+","topic":"fmt\/\d+\/y","qos":0,"retain":0,"payloadlen":3,"payload":\[1\]\}B\n$/)
    expect(r.stderr).toMatch(/is not valid JSON \(-F %J\); message skipped/)
  })
})

describe('mosquitto 2.1 -F codes (bytes pinned from 2.1\'s definition: no 2.1 binary to compare with)', () => {
  it('%d, %f, %.2x and %.2:x on real messages; a payload of the wrong size warns and leaves the field empty', async () => {
    const topic = `fmt/${++n}`
    const ours = startMqtx(['sub', '-p', String(broker.port), '-t', `${topic}/#`, '-C', '3', '-F', '[%.3d][%f][%.2x][%.2:X]', '-i', `ours-${n}`])
    await waitForSubscription(broker, `ours-${n}`)
    const dbl = Buffer.alloc(8)
    dbl.writeDoubleLE(-12.5) // this machine is little-endian (x86-64): host order
    const flt = Buffer.alloc(4)
    flt.writeFloatLE(0.25)
    for (const [sub, payload] of [['d', dbl], ['f', flt], ['t', Buffer.from('abc')]] as const) {
      const r = await run('mosquitto_pub', ['-p', String(broker.port), '-t', `${topic}/${sub}`, '-s'], { input: payload })
      expect(r.code).toBe(0)
    }
    const r = await ours.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      '[-12.500][][00 00 00 00 00 00 29 c0][00:00:00:00:00:00:29:C0]\n' +
      '[][0.250000][00 00 80 3e][00:00:80:3E]\n' +
      '[][][61 62 63][61:62:63]\n',
    )
    expect(r.stderr).toBe(
      `mqtx: warning: -F %f needs a 4-byte payload (IEEE-754 float); the one on '${topic}/d' has 8: field left empty\n` +
      `mqtx: warning: -F %d needs an 8-byte payload (IEEE-754 double); the one on '${topic}/f' has 4: field left empty\n` +
      `mqtx: warning: -F %d needs an 8-byte payload (IEEE-754 double); the one on '${topic}/t' has 3: field left empty\n` +
      `mqtx: warning: -F %f needs a 4-byte payload (IEEE-754 float); the one on '${topic}/t' has 3: field left empty\n`,
    )
  })
})
