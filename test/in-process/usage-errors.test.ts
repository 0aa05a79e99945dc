/**
 * Tables of usage errors, run in-process (test/helpers/in-process.ts): they assert only the exit code,
 * stdout and stderr, and every case must fail before any connection. Port 9 (or 1) on loopback: nothing
 * listens, so a case that wrongly got as far as connecting fails loudly (exit 1, not 2).
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/run.js'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind } from '../helpers/usage.js'

const CLOSED = ['-h', '127.0.0.1', '-p', '9']
const FIX = join(ROOT, 'test', 'fixtures', 'codecs')
const PROTO = ['--proto', join(FIX, 'sensor.proto'), '--type', 'sensors.Reading']
const AVRO = ['--schema', join(FIX, 'reading.avsc')]

/** One line (plus hints), exit 2, nothing on stdout. */
function expectOneLine(r: { code: number; stdout: string; stderr: string }, re: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(re)
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('hint:'))).toHaveLength(1)
}

afterAll(expectNothingLeftBehind)

describe('mqtx sub: bad input is one line, exit 2', () => {
  it.each([
    [[], /^mqtx: You must specify a topic to subscribe to/],
    [['-t', 'a/#/b'], /^mqtx: Invalid subscription topic 'a\/#\/b'/],
    [['-t', 'a+'], /^mqtx: Invalid subscription topic 'a\+'/],
    [['-t', 'x', '-q', '3'], /Invalid QoS given: 3/],
    [['-t', 'x', '-C', '0'], /-C must be a whole number/],
    [['-t', 'x', '-W', '0'], /-W must be more than 0 seconds/],
    [['-t', 'x', '-F', '%Z'], /^mqtx: -F: invalid format specifier '%Z'/],
    [['-t', 'x', '-F', 'abc%'], /^mqtx: -F: incomplete format specifier at position 4/],
    [['-t', 'x', '-F', 'abc@'], /^mqtx: -F: incomplete time specifier at position 4/],
    [['-t', 'x', '-F', '\\q'], /^mqtx: -F: invalid escape specifier '\\q'/],
    [['-t', 'x', '--random-filter', '0'], /^mqtx: Invalid --random-filter '0'/],
    [['-t', 'x', '--random-filter', '101'], /^mqtx: Invalid --random-filter '101'/],
    [['-t', 'x', '-R', '--retained-only'], /^mqtx: -R and --retained-only cannot be used together/],
    [['-t', 'x', '--match', '('], /^mqtx: Invalid --match regular expression '\('/],
    [['-t', 'x', '--json', '-F', '%t'], /^mqtx: -F and --json cannot be used together/],
    [['-t', 'x', '--no-local', '-V', '311'], /needs MQTT 5/],
  ])('%j', async (args, re) => {
    expectOneLine(await mqtxInProcess(['sub', ...CLOSED, ...args]), re)
  })
})

describe('mqtx rr: bad input is one line, exit 2', () => {
  it.each([
    [['-t', 'a', '-m', 'x'], /^mqtx: No response topic given/],
    [['-t', 'svc/x', '-e', 'svc/x', '-m', 'x'], /^mqtx: -t and -e are the same topic 'svc\/x': rr would take its own request as the response\./],
    [['-t', 'a', '-e', 'r/#', '-m', 'x'], /^mqtx: Invalid response topic 'r\/#'/],
    [['-t', 'a', '-e', 'r/+/x', '-m', 'x'], /^mqtx: Invalid response topic 'r\/\+\/x'/],
    [['-e', 'r', '-m', 'x'], /^mqtx: No request topic given/],
    [['-t', 'a/+', '-e', 'r', '-m', 'x'], /^mqtx: Invalid publish topic 'a\/\+'/],
    [['-t', 'a', '-e', 'r'], /^mqtx: No request message given/],
    [['-t', 'a', '-e', 'r', '-m', 'x', '-m', 'y'], /^mqtx: option '-m, --message <text>' argument 'y' is invalid\. -m was already given \('x'\)/],
    [['-t', 'a', '-e', 'r', '-m', 'x', '-V', '311', '--retain-handling', 'never'], /^mqtx: --retain-handling needs MQTT 5/],
    [['-t', 'a', '-e', 'r', '-m', 'x', '--retain-handling', 'sometimes'], /--retain-handling takes always, new or never/],
    [['-t', 'a', '-e', 'r', '-m', 'x', '-F', '%Q'], /^mqtx: -F: invalid format specifier '%Q'/],
  ])('%j', async (args, re) => {
    expectOneLine(await mqtxInProcess(['rr', ...CLOSED, ...args]), re)
  })
})

describe('mqtx bench: bad input is one line and exit 2', () => {
  it.each([
    [['pubsub', '--publishers', '0'], /--publishers must be more than 0\./],
    [['pubsub', '--subscribers', '-3'], /--subscribers must be more than 0\./],
    [['pub', '--rate', '0'], /--rate must be more than 0\./],
    [['pub', '--rate', '-100'], /--rate must be more than 0\./],
    [['pubsub', '--duration', '0'], /--duration must be more than 0 seconds\./],
    [['pubsub', '--duration', '-5'], /--duration must be a number of seconds\./],
    [['pub', '--count', '0'], /--count must be more than 0\./],
    [['pubsub', '--size', '8'], /^mqtx: --size 8 is too small: the payload must hold the 16-byte header \(publisher id, sequence number, send time\); use --size 16 or more\.$/],
    [['pubsub', '--size', '-1'], /use --size 16 or more\.$/],
    [['pubsub', '-q', '3'], /Invalid QoS given: 3 \(use 0, 1 or 2\)\./],
    [['pubsub', '--assert', 'rate>>5'], /^mqtx: --assert: cannot parse 'rate>>5' \(use METRIC OP NUMBER\[UNIT\], e\.g\. p99<10ms\)\.$/],
    [['pubsub', '--assert', 'speed>5'], /^mqtx: --assert: unknown metric 'speed'/],
    [['conn', '--connections', '0'], /--connections must be more than 0\./],
    [['pubsub', '--ramp-up', '2'], /^mqtx: --ramp-up needs --rate/],
    [['pubsub', '--workers', '3'], /^mqtx: --workers 3 is more than the clients to share out \(2\)\.$/],
    [['pubsub', '--start-at', 'soon'], /^mqtx: --start-at 'soon' is not a time/],
    [['pub', '--rate', '10', '--rate-per-client', '5'], /^mqtx: give --rate \(total\) or --rate-per-client, not both\.$/],
  ])('%j', async (args, message) => {
    // the port is closed: a usage error must come before any connection attempt
    const r = await mqtxInProcess(['bench', ...args, '-p', '1'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(message)
    expect(lines[0]).toMatch(/^mqtx: /)
    expect(lines.filter((l) => l.startsWith('mqtx:'))).toHaveLength(1)
  })
})

describe('a usage error names the command to ask for help, or the command that was meant', () => {
  const cases: Array<[string[], string]> = [
    [['pub', '-Z'], "mqtx: unknown option '-Z'\nhint: run 'mqtx pub --help' for the options\n"],
    [['bench', 'pub', '--bogus'], "mqtx: unknown option '--bogus'\nhint: run 'mqtx bench pub --help' for the options\n"],
    [['certgen', 'server', '--bogus', 'x'], "mqtx: unknown option '--bogus'\nhint: run 'mqtx certgen server --help' for the options\n"],
    [['publish', '-t', 'a', '-m', 'b'], "mqtx: unknown command 'publish'\nhint: did you mean 'mqtx pub'?\n"],
    [['subscribe', '-t', 'a'], "mqtx: unknown command 'subscribe'\nhint: did you mean 'mqtx sub'?\n"],
    [['version'], "mqtx: unknown command 'version'\nhint: did you mean 'mqtx --version'?\n"],
    [['bench', 'pub', '-R', '100'], "mqtx: unknown option '-R'\nhint: bench spells it --rate (-R is mqtx sub's --ignore-retained)\n"],
    [['bench', 'pubsub', '-s', '64'], "mqtx: unknown option '-s'\nhint: bench spells it --size (-s is mqtx pub's --stdin-file)\n"],
    [['check', '--timeout', '5'], "mqtx: unknown option '--timeout'\nhint: check's time limit is --max-time (--timeout is -W: exit 27 in sub and rr)\n"],
    [['-v'], "mqtx: unknown option '-v'\nhint: did you mean 'mqtx --version'? (-v is mqtx sub's topic-and-payload output, -V the MQTT version)\n"],
    // -h asked for help: it is the broker host, as in mosquitto's clients
    [['-h'], "mqtx: unknown option '-h'\nhint: help is 'mqtx --help' (-h is the broker host, as in mosquitto's clients)\n"],
    [['sub', '-h'], "mqtx: option '-h, --host <host>' argument missing\nhint: help is 'mqtx sub --help' (-h is the broker host, as in mosquitto's clients)\n"],
    [['broker', '-h'], "mqtx: option '-h, --host <address>' argument missing\nhint: help is 'mqtx broker --help' (-h is the address to listen on)\n"],
    [['certgen', '-h'], "mqtx: unknown option '-h'\nhint: help is 'mqtx certgen --help' (-h is the broker host, as in mosquitto's clients)\n"],
  ]
  for (const [args, stderr] of cases) {
    it(`mqtx ${args.join(' ')}`, async () => {
      const r = await mqtxInProcess(args)
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr })
    })
  }
})

describe('mqtx check: usage errors', () => {
  it.each([
    [['--only', 'qos3'], "mqtx: option '--only <probes>' argument 'qos3' is invalid. unknown probe 'qos3' (probes: connect-v5, connect-v311, qos0, qos1, qos2, retained, wildcard-plus, wildcard-hash, request-response, user-properties, no-local, retain-as-published, retain-handling, subscription-id, topic-alias, message-expiry, shared, max-payload, will, will-delay, tls)."],
    [['--skip', 'tls,nope'], "mqtx: option '--skip <probes>' argument 'tls,nope' is invalid. unknown probe 'nope' (probes: connect-v5, connect-v311, qos0, qos1, qos2, retained, wildcard-plus, wildcard-hash, request-response, user-properties, no-local, retain-as-published, retain-handling, subscription-id, topic-alias, message-expiry, shared, max-payload, will, will-delay, tls)."],
    [['--only', 'qos0', '--skip', 'qos0'], 'mqtx: --only and --skip leave no probe to run.'],
    [['--prefix', 'a/+/b'], undefined],
    [['--max-time', '0'], "mqtx: option '--max-time <seconds>' argument '0' is invalid. --max-time must be more than 0 seconds."],
  ])('usage %j: exit 2, nothing on stdout', async (args, line) => {
    const r = await mqtxInProcess(['check', '-p', '1', ...args])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    if (line !== undefined) expect(r.stderr.split('\n')[0]).toBe(line)
    else expect(r.stderr).toMatch(/^mqtx: .*\+/)
  })
})

describe('codecs: schema and usage errors (exit 2)', () => {
  it.each([
    [['sub', '-t', 'x', '--decode', 'protobuf', '--proto', join(FIX, 'bad.proto')], `mqtx: ${join(FIX, 'bad.proto')}:7: illegal token 'float', ';' expected (not a valid .proto file)\n`],
    [['pub', '-t', 'x', '--encode', 'protobuf', '--proto', join(FIX, 'bad.proto'), '-m', '{}'], `mqtx: ${join(FIX, 'bad.proto')}:7: illegal token 'float', ';' expected (not a valid .proto file)\n`],
    [['pub', '-t', 'x', '--encode', 'protobuf', ...PROTO, '-m', '{"temprature":1}'], 'mqtx: -m does not fit --encode protobuf sensors.Reading: field temprature of sensors.Reading: no such field (fields: device_id, timestamp, temperature, humidity, pressure, battery, status, location, tags, door_open, raw), got 1\n'],
    [['pub', '-t', 'x', '--encode', 'sparkplug', '-m', '{"metrics":[{"name":"a","datatype":"Boolean","value":3}]}'], 'mqtx: -m does not fit --encode sparkplug: metrics[0].value: Boolean expects true or false, got 3\n'],
    [['pub', '-t', 'x', '--encode', 'avro', ...AVRO, '-m', '{"device_id":1}'], 'mqtx: -m does not fit --encode avro sensors.Reading: field device_id does not fit the Avro schema sensors.Reading\n'],
    [['pub', '-t', 'x', '--encode', 'cbor', '-m', '{oops'], expect.stringMatching(/^mqtx: -m does not fit --encode cbor: the input is not JSON: /)],
    [['pub', '-t', 'x', '--encode', 'cbor', '--avro-single', '-m', '{}'], 'mqtx: --avro-single is for --encode avro (with --schema FILE.avsc).\n'],
    [['pub', '-t', 'x', '--avro-single', '-m', '{}'], 'mqtx: --avro-single is for --encode avro (with --schema FILE.avsc).\n'],
    [['sub', '-t', 'x', '--decode', 'yaml'], "mqtx: --decode 'yaml': unknown codec 'yaml' (codecs: json, text, hex, base64, protobuf, sparkplug, cbor, msgpack, avro, gzip, deflate; e.g. gzip+json).\n"],
    [['sub', '-t', 'x', '--decode', 'protobuf'], 'mqtx: --decode protobuf: protobuf needs the schema: --proto FILE (repeatable) and usually --type package.Message.\n'],
    [['sub', '-t', 'x', '--where', 'a >'], expect.stringMatching(/^mqtx: --where 'a >' is not a valid JMESPath expression: /)],
    [['pub', '-t', 'x', '--proto', 'a.proto', '-m', 'x'], expect.stringMatching(/^mqtx: --proto, --type and --schema describe the schema for --encode: give --encode too\./)],
  ] as Array<[string[], unknown]>)('%j', async (args, stderr) => {
    const [cmd, ...rest] = args
    const r = await mqtxInProcess([cmd as string, ...CLOSED, ...rest])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toEqual(stderr)
  })
})
