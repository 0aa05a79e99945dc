/**
 * Payload codecs through a real mosquitto: mqtx pub --encode -> mqtx sub --decode for every codec,
 * bytes made by the reference libraries (mosquitto_pub -f of test/fixtures/codecs/*, made by
 * scripts/gen-codec-fixtures.mjs, and payloads encoded here), bad payloads, schema errors,
 * detection order, profile maps, --select/--where, and the human view on a terminal.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encode as cborEncode } from 'cbor-x'
import { pack } from 'msgpackr'
import avro from 'avsc'
import { avroFingerprint } from '../../src/codecs/avro.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, MQTX_SHELL, ROOT, run, start, startMqtx } from '../helpers/run.js'

const FIX = join(ROOT, 'test', 'fixtures', 'codecs')
const PROTO = ['--proto', join(FIX, 'sensor.proto'), '--type', 'sensors.Reading']
const AVRO = ['--schema', join(FIX, 'reading.avsc')]
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).error === undefined

let broker: Broker
beforeAll(async () => {
  if (mosquittoReady) broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
})

let n = 0
const P = () => ['-p', String(broker.port)]
async function sub(args: string[], env?: Record<string, string>) {
  const id = `codec-sub-${++n}`
  const s = startMqtx(['sub', ...P(), '-i', id, ...args], env === undefined ? {} : { env })
  await waitForSubscription(broker, id)
  return s
}
async function mosquittoPub(args: string[], input?: Buffer): Promise<void> {
  const r = await run('mosquitto_pub', [...P(), ...args], input === undefined ? {} : { input })
  expect(r.code).toBe(0)
}
async function mqtxPub(args: string[], input?: string): Promise<void> {
  const r = await mqtx(['pub', ...P(), ...args], input === undefined ? {} : { input })
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
}
const records = (stdout: string) => stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { topic: string; codec?: string; decoded?: unknown; selected?: unknown; payload: string; encoding?: string })

const fixtureReading = { device_id: 'fixture-1', temperature: 19.5, humidity: 55, battery: 88, status: 'OK', door_open: true, tags: ['lab'] }

describe.skipIf(!mosquittoReady)('round trips: mqtx pub --encode -> mqtx sub --decode', () => {
  const value = { device_id: 'rt', temperature: 22.5, tags: ['a', 'b'], door_open: true }
  it.each([
    ['json', [], value, value],
    ['cbor', [], value, value],
    ['msgpack', [], value, value],
    ['gzip+json', [], value, value],
    ['deflate+msgpack', [], value, value],
    ['protobuf', PROTO, value, { ...value, timestamp: '0', humidity: 0, pressure: 0, battery: 0, status: 'UNKNOWN', location: null, raw: '' }],
    ['avro', AVRO, { device_id: 'rt', temperature: 22.5, ok: false, tags: ['x'] }, { device_id: 'rt', temperature: 22.5, ok: false, tags: ['x'] }],
    ['sparkplug', [], { timestamp: 1764160000000, seq: 1, metrics: [{ name: 'm', alias: 4, timestamp: 1764160000000, datatype: 'Int32', value: -5 }] }, { timestamp: 1764160000000, seq: 1, metrics: [{ name: 'm', alias: 4, timestamp: 1764160000000, datatype: 'Int32', value: -5 }] }],
  ] as Array<[string, string[], unknown, unknown]>)('%s', async (codec, schema, input, expected) => {
    const s = await sub(['-t', `rt/${codec.replace('+', '-')}`, '--decode', codec, ...schema, '--json', '-C', '1'])
    await mqtxPub(['-t', `rt/${codec.replace('+', '-')}`, '--encode', codec, ...schema, '-m', JSON.stringify(input)])
    const r = await s.done
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [rec] = records(r.stdout)
    expect(rec?.decoded).toEqual(expected)
    expect(rec?.codec).toBe(codec === 'protobuf' ? 'protobuf sensors.Reading' : codec === 'avro' ? 'avro sensors.Reading' : codec)
  })
  it('avro --avro-single: the single-object encoding on the wire (mosquitto_sub sees C3 01 + fingerprint + avsc body), decoded by sub', async () => {
    const T = avro.Type.forSchema(JSON.parse(readFileSync(join(FIX, 'reading.avsc'), 'utf8')) as avro.Schema)
    const value = { device_id: 'single', temperature: 20.25, ok: true, tags: ['s'] }
    const id = `codec-mosq-${++n}`
    const raw = start('mosquitto_sub', [...P(), '-i', id, '-t', 'rt/avro1', '-C', '1', '-W', '20', '-F', '%x'])
    await waitForSubscription(broker, id)
    const s = await sub(['-t', 'rt/avro1', '--decode', 'avro', ...AVRO, '-C', '1'])
    await mqtxPub(['-t', 'rt/avro1', '--encode', 'avro', '--avro-single', ...AVRO, '-m', JSON.stringify(value)])
    const [bytes, decoded] = await Promise.all([raw.done, s.done])
    expect(bytes.code).toBe(0)
    const hex = bytes.stdout.trim()
    expect(hex.slice(0, 4)).toBe('c301')
    expect(hex.slice(4, 20)).toBe(avroFingerprint(JSON.stringify(T.schema())).toString('hex'))
    expect(hex.slice(20)).toBe(T.toBuffer(value).toString('hex'))
    expect(decoded.stderr).toBe('')
    expect(JSON.parse(decoded.stdout)).toEqual(value)
  })
  it('text, hex and base64: mosquitto-style output of the decoded form', async () => {
    const s = await sub(['-t', 'rt/hex', '--decode', 'hex', '-C', '1'])
    await mqtxPub(['-t', 'rt/hex', '--encode', 'base64', '-m', '3q2+7w=='])
    const r = await s.done
    expect(r.stdout).toBe('deadbeef\n')
  })
  it('pub -l --encode: one encoded message per JSON line; a line that does not fit is exit 2 naming it', async () => {
    const s = await sub(['-t', 'rt/lines', '--decode', 'protobuf', ...PROTO, '--select', 'device_id', '-C', '3'])
    await mqtxPub(['-t', 'rt/lines', '-l', '--encode', 'protobuf', ...PROTO], '{"device_id":"l1"}\n{"device_id":"l2"}\n{"device_id":"l3","battery":1}\n')
    const r = await s.done
    expect(r.stdout).toBe('l1\nl2\nl3\n')
    const bad = await mqtx(['pub', ...P(), '-t', 'rt/lines', '-l', '--encode', 'protobuf', ...PROTO], { input: '{"device_id":"ok"}\n{"battery":"full"}\n' })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('mqtx: line 2 does not fit --encode protobuf sensors.Reading: field battery of sensors.Reading: expected a number (int32), got "full"\n')
  })
})

describe.skipIf(!mosquittoReady)('independently produced bytes', () => {
  it.each([
    ['protobuf', 'reading.pb', PROTO, { ...fixtureReading, timestamp: '0', pressure: 0, location: null, raw: '' }],
    ['cbor', 'reading.cbor', [], { ...fixtureReading, status: 1 }],
    ['msgpack', 'reading.msgpack', [], { ...fixtureReading, status: 1 }],
    ['gzip+json', 'reading.json.gz', [], { ...fixtureReading, status: 1 }],
    ['avro', 'reading.avro', AVRO, { device_id: 'fixture-1', temperature: 19.5, ok: true, tags: ['lab'] }],
    ['sparkplug', 'ddata.spb', [], { timestamp: 1764160000000, seq: 7, metrics: [
      { name: 'Pump/RPM', alias: 3, timestamp: 1764160000000, datatype: 'Int32', value: 1450 },
      { name: 'Pump/Temp', timestamp: 1764160000000, datatype: 'Double', value: 61.25 },
      { name: 'Pump/Running', timestamp: 1764160000000, datatype: 'Boolean', value: true },
    ] }],
  ] as Array<[string, string, string[], unknown]>)('mosquitto_pub -f %s fixture', async (codec, file, schema, expected) => {
    const s = await sub(['-t', `fx/${codec.replace('+', '-')}`, '--decode', codec, ...schema, '--json', '-C', '1'])
    await mosquittoPub(['-t', `fx/${codec.replace('+', '-')}`, '-f', join(FIX, file)])
    const r = await s.done
    expect(r.stderr).toBe('')
    expect(records(r.stdout)[0]?.decoded).toEqual(expected)
  })
  it('payloads encoded in the test by cbor-x and msgpackr', async () => {
    const s = await sub(['-t', 'ref/+', '--json', '-C', '2', '--decode', 'cbor'])
    await mosquittoPub(['-t', 'ref/a', '-s'], Buffer.from(cborEncode({ k: [1, 2.5, 'x', null] })))
    await mosquittoPub(['-t', 'ref/b', '-s'], Buffer.from(cborEncode(new Map([['m', true]]))))
    const r = await s.done
    expect(records(r.stdout).map((x) => x.decoded)).toEqual([{ k: [1, 2.5, 'x', null] }, { m: true }])
    const m = await sub(['-t', 'ref/m', '--decode', 'msgpack', '-C', '1'])
    await mosquittoPub(['-t', 'ref/m', '-s'], Buffer.from(pack({ n: -1, s: 'ü' })))
    expect((await m.done).stdout).toBe('{"n":-1,"s":"ü"}\n')
  })
})

describe.skipIf(!mosquittoReady)('payloads that do not decode', () => {
  it('truncated and foreign payloads: shown undecoded, one warning per topic, no crash, exit 0', async () => {
    const good = (await mqtx(['pub', ...P(), '-t', 'unused', '--encode', 'protobuf', ...PROTO, '-m', '{"device_id":"abcdefgh","pressure":1}', '-d'])).code
    expect(good).toBe(0)
    const s = await sub(['-t', 'bad/#', '--decode', 'protobuf', ...PROTO, '--json', '-C', '4'])
    await mosquittoPub(['-t', 'bad/1', '-s'], Buffer.from([0x0a, 0x08, 0x61, 0x62]))
    await mosquittoPub(['-t', 'bad/1', '-s'], Buffer.from([0x0a, 0x08, 0x61]))
    await mosquittoPub(['-t', 'bad/2', '-m', 'not protobuf at all'])
    await mosquittoPub(['-t', 'bad/3', '-f', join(FIX, 'reading.pb')])
    const r = await s.done
    expect(r.code).toBe(0)
    const recs = records(r.stdout)
    expect(recs.map((x) => x.decoded === undefined)).toEqual([true, true, true, false])
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      "mqtx: warning: the payload on 'bad/1' is not protobuf sensors.Reading: the payload ends inside a field (byte 2 of 4): truncated?; shown undecoded (further payloads on this topic that do not decode are not reported)",
      expect.stringMatching(/^mqtx: warning: the payload on 'bad\/2' is not protobuf sensors.Reading: byte \d+: tag \d+ with wire type \d is not valid protobuf/),
    ])
  })
  it('a Sparkplug topic with a payload that is not Sparkplug: raw, warned, exit 0', async () => {
    const s = await sub(['-t', 'spBv1.0/#', '-C', '1', '-v'])
    await mosquittoPub(['-t', 'spBv1.0/g/DDATA/e/d', '-m', 'hello'])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('spBv1.0/g/DDATA/e/d hello\n')
  })
})

describe.skipIf(!mosquittoReady)('automatic choice: flag > profile map > content-type > Sparkplug topic', () => {
  it('each source in turn, and the raw payload stays in --json', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mqtx-codecs-'))
    mkdirSync(join(xdg, 'mqtx'))
    writeFileSync(join(xdg, 'mqtx', 'config.json'), JSON.stringify({ profiles: { p: { port: broker.port, codecs: { 'auto/pb/#': { codec: 'protobuf', proto: join(FIX, 'sensor.proto'), type: 'sensors.Reading' }, 'auto/gz': 'gzip+json' } } } }))
    const env = { XDG_CONFIG_HOME: xdg }
    const id = `codec-auto-${++n}`
    const s = startMqtx(['sub', '--profile', 'p', '-i', id, '-t', 'auto/#', '-t', 'spBv1.0/#', '--json', '-C', '5', '-V', '5'], { env })
    await waitForSubscription(broker, id)
    await mosquittoPub(['-t', 'auto/pb/1', '-f', join(FIX, 'reading.pb')])
    await mosquittoPub(['-t', 'auto/gz', '-f', join(FIX, 'reading.json.gz')])
    await mosquittoPub(['-V', '5', '-t', 'auto/ct', '-f', join(FIX, 'reading.cbor'), '-D', 'publish', 'content-type', 'application/cbor'])
    await mosquittoPub(['-t', 'spBv1.0/plant/DDATA/e/d', '-f', join(FIX, 'ddata.spb')])
    await mosquittoPub(['-t', 'auto/plain', '-m', 'just text'])
    const r = await s.done
    expect(r.stderr).toBe('')
    const recs = records(r.stdout)
    expect(recs.map((x) => [x.topic, x.codec ?? null])).toEqual([
      ['auto/pb/1', 'protobuf sensors.Reading'], ['auto/gz', 'gzip+json'], ['auto/ct', 'cbor'], ['spBv1.0/plant/DDATA/e/d', 'sparkplug'], ['auto/plain', null],
    ])
    expect(Buffer.from(recs[0]?.payload ?? '', 'base64')).toEqual(spawnSync('cat', [join(FIX, 'reading.pb')]).stdout)
    // an explicit --decode wins over the profile map: the protobuf bytes are not JSON
    const id2 = `codec-auto-${++n}`
    const f = startMqtx(['sub', '--profile', 'p', '-i', id2, '-t', 'auto/pb/2', '--decode', 'json', '-C', '1', '--json'], { env })
    await waitForSubscription(broker, id2)
    await mosquittoPub(['-t', 'auto/pb/2', '-f', join(FIX, 'reading.pb')])
    const rf = await f.done
    expect(records(rf.stdout)[0]?.codec).toBeUndefined()
    expect(rf.stderr).toMatch(/^mqtx: warning: the payload on 'auto\/pb\/2' is not json/)
    // a profile map entry applies to plain output too (it is the user's own choice)
    const id3 = `codec-auto-${++n}`
    const g = startMqtx(['sub', '--profile', 'p', '-i', id3, '-t', 'auto/gz', '-C', '1'], { env })
    await waitForSubscription(broker, id3)
    await mosquittoPub(['-t', 'auto/gz', '-f', join(FIX, 'reading.json.gz')])
    expect((await g.done).stdout).toBe('{"device_id":"fixture-1","temperature":19.5,"humidity":55,"battery":88,"status":1,"door_open":true,"tags":["lab"]}\n')
  })
  it('a bad profile map is exit 2 naming the file', async () => {
    const xdg = mkdtempSync(join(tmpdir(), 'mqtx-codecs-'))
    mkdirSync(join(xdg, 'mqtx'))
    const file = join(xdg, 'mqtx', 'config.json')
    writeFileSync(file, JSON.stringify({ profiles: { p: { codecs: { 'a/#': { codec: 'xml' } } } } }, null, 2))
    const r = await mqtx(['sub', '--profile', 'p', '-t', 'a/#'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: ${file.replace(/[.]/g, '\\.')}:\\d+: profile 'p' "codecs" entry 'a/#' 'xml': unknown codec 'xml'`))
  })
})

describe.skipIf(!mosquittoReady)('--select and --where', () => {
  it('prints the field, filters, skips messages without it, and counts only what printed (-C)', async () => {
    const s = await sub(['-t', 'home/+/climate', '--select', 'temperature', '--where', 'temperature > `30`', '-v', '-C', '2'])
    for (const m of ['{"temperature":20}', '{"humidity":50}', 'not json', '{"temperature":31.5}', '{"temperature":"hot"}', '{"temperature":35}']) await mosquittoPub(['-t', 'home/k/climate', '-m', m])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('home/k/climate 31.5\nhome/k/climate 35\n')
    // the JSON error's wording is the engine's (V8 or JavaScriptCore in the standalone binary)
    expect(r.stderr).toMatch(/^mqtx: warning: the payload on 'home\/k\/climate' is not json: not JSON: [^\n]+; shown undecoded \(further payloads on this topic that do not decode are not reported\)\n$/)
  })
  it('a missing field is skipped, not printed as null; --json keeps payload, decoded and selected', async () => {
    const s = await sub(['-t', 'sel/x', '--select', 'a.b', '--json', '-C', '1'])
    await mosquittoPub(['-t', 'sel/x', '-m', '{"a":{}}'])
    await mosquittoPub(['-t', 'sel/x', '-m', '{"a":{"b":[1,2]}}'])
    const [rec] = records((await s.done).stdout)
    expect(rec).toMatchObject({ payload: '{"a":{"b":[1,2]}}', codec: 'json', decoded: { a: { b: [1, 2] } }, selected: [1, 2] })
  })
  it('on Sparkplug metrics, and -W with --where times out with 27 when nothing matches', async () => {
    const s = await sub(['-t', 'spBv1.0/#', '--select', "metrics[?name=='Pump/Temp'].value | [0]", '-C', '1'])
    await mosquittoPub(['-t', 'spBv1.0/plant/DDATA/e/d', '-f', join(FIX, 'ddata.spb')])
    expect((await s.done).stdout).toBe('61.25\n')
    const w = await sub(['-t', 'never/x', '--where', 'temperature > `100`', '-W', '1'])
    await mosquittoPub(['-t', 'never/x', '-m', '{"temperature":1}'])
    const r = await w.done
    expect(r.code).toBe(27)
    expect(r.stderr).toMatch(/no message matched --where within -W 1 s/)
  })
  it('-F %c prints the decoded form', async () => {
    const s = await sub(['-t', 'fmt/x', '--decode', 'cbor', '-F', '%t=%c'])
    await mosquittoPub(['-t', 'fmt/x', '-f', join(FIX, 'reading.cbor')])
    await s.waitFor(/fmt\/x=/, 'stdout')
    s.kill('SIGINT')
    const r = await s.done
    expect(r.stdout).toBe('fmt/x={"device_id":"fixture-1","temperature":19.5,"humidity":55,"battery":88,"status":1,"door_open":true,"tags":["lab"]}\n')
  })

  it('-F %c on a topic no codec applies to: empty, and said once for the topic (was: silently empty)', async () => {
    const s = await sub(['-t', 'fmt/plain/#', '-F', '%t=[%c]'])
    await mosquittoPub(['-t', 'fmt/plain/a', '-m', 'one'])
    await mosquittoPub(['-t', 'fmt/plain/a', '-m', 'two'])
    await mosquittoPub(['-t', 'fmt/plain/b', '-m', 'three'])
    await s.waitFor(/fmt\/plain\/b=/, 'stdout')
    s.kill('SIGINT')
    const r = await s.done
    expect(r.stdout).toBe('fmt/plain/a=[]\nfmt/plain/a=[]\nfmt/plain/b=[]\n')
    const said = (t: string) => `mqtx: warning: no codec applies to '${t}' (none of --decode, a profile codec map, a content type or a Sparkplug topic), so -F %c is empty for it\n`
    expect(r.stderr.replace(/^mqtx: subscribed.*\n/m, '')).toBe(`${said('fmt/plain/a')}${said('fmt/plain/b')}mqtx: interrupted\n`)
  })
})

describe.skipIf(!mosquittoReady || !hasScript)('human view on a terminal', () => {
  it('Sparkplug metrics, protobuf, CBOR, msgpack, avro and gzip shown decoded, named', async () => {
    const id = `codec-tty-${++n}`
    // fixed, known-safe words only (paths of the repo, a port number): no input reaches this shell string
    const cmd = [MQTX_SHELL, 'sub', '-p', String(broker.port), '-i', id, '-t', 'tty/#', '-t', 'spBv1.0/#', '-C', '6', '-V', '5', ...PROTO, ...AVRO].join(' ')
    const s = start('script', ['-qfec', cmd, '/dev/null'])
    await waitForSubscription(broker, id)
    await mosquittoPub(['-t', 'spBv1.0/plant/DDATA/e/d', '-f', join(FIX, 'ddata.spb')])
    await mosquittoPub(['-V', '5', '-t', 'tty/pb', '-f', join(FIX, 'reading.pb'), '-D', 'publish', 'content-type', 'application/x-protobuf'])
    await mosquittoPub(['-V', '5', '-t', 'tty/cbor', '-f', join(FIX, 'reading.cbor'), '-D', 'publish', 'content-type', 'application/cbor'])
    await mosquittoPub(['-V', '5', '-t', 'tty/mp', '-f', join(FIX, 'reading.msgpack'), '-D', 'publish', 'content-type', 'application/msgpack'])
    await mosquittoPub(['-V', '5', '-t', 'tty/avro', '-f', join(FIX, 'reading.avro'), '-D', 'publish', 'content-type', 'application/avro'])
    await mosquittoPub(['-V', '5', '-t', 'tty/json', '-m', '{"x":1}', '-D', 'publish', 'content-type', 'application/json'])
    const r = await s.done
    expect(r.code).toBe(0)
    const out = r.stdout.replace(/\r/g, '')
    expect(out).toMatch(/spBv1\.0\/plant\/DDATA\/e\/d \[q0\] sparkplug DDATA seq 7 @\d\d:\d\d:\d\d\.\d{3} 3 metrics\n  Pump\/RPM #3 = 1450  Int32\n  Pump\/Temp = 61\.25  Double\n  Pump\/Running = true  Boolean\n/)
    expect(out).toMatch(/tty\/pb \[q0\] \(protobuf sensors\.Reading\)\n  content-type: application\/x-protobuf\n  \{\n    "tags": \[\n      "lab"\n    \],\n    "device_id": "fixture-1",/)
    expect(out).toMatch(/tty\/cbor \[q0\] \(cbor\)\n  content-type: application\/cbor\n  \{\n    "device_id": "fixture-1",/)
    expect(out).toMatch(/tty\/mp \[q0\] \(msgpack\)\n/)
    expect(out).toMatch(/tty\/avro \[q0\] \(avro sensors\.Reading\)\n/)
    expect(out).toMatch(/tty\/json \[q0\] \(json\)\n/)
  })
})
