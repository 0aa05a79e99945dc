/**
 * Property-based fuzzing of the parsers that take user text (-F, -L, -D) and of the -F formatter.
 * Every input must end as a clean usage error (UsageError / commander's InvalidArgumentError, one
 * line) or work; a formatter given an accepted -F must render every message (FormatError, %J's
 * "not JSON", is the one documented refusal).
 *
 * Bounded and seeded: the seed is printed; FC_SEED=<n> reruns the same inputs, FC_RUNS=<n> changes
 * the number of inputs per property.
 */
import { CommanderError, InvalidArgumentError, type Command } from 'commander'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { foldPropertyArgs } from '../../src/mqtt/argv.js'
import { parseIntegerIn, parseKeepalive, parsePort, parseProtocolVersion, parseQos, parseSeconds, parseSessionExpiry } from '../../src/mqtt/parsers.js'
import { ALLOWED, parsePropertyArgs } from '../../src/mqtt/properties.js'
import { resolveConnection } from '../../src/mqtt/resolve.js'
import { validateFilter, validatePublishTopic } from '../../src/mqtt/topic.js'
import { FormatError, parseFormat, renderFormat } from '../../src/output/format.js'
import { escapeForTerminal, escapeRawForTerminal } from '../../src/output/escape.js'
import { jsonLine } from '../../src/output/json.js'
import { buildProgram } from '../../src/program.js'
import { planPub } from '../../src/pub/plan.js'
import { planRr } from '../../src/rr/plan.js'
import { planSub } from '../../src/sub/plan.js'
import type { ReceivedMessage } from '../../src/output/message.js'

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31)
const numRuns = process.env.FC_RUNS !== undefined ? Number(process.env.FC_RUNS) : 3000
// printed so that a failure (here or in CI) can be replayed: FC_SEED=<seed> npx vitest run test/unit/fuzz.test.ts
console.log(`fuzz: seed ${seed} (FC_SEED=${seed} to replay), ${numRuns} inputs per property`)

const counts: Record<string, { inputs: number; accepted: number; refused: number }> = {}
let crashes = 0
function tally(name: string, accepted: boolean): void {
  const c = (counts[name] ??= { inputs: 0, accepted: 0, refused: 0 })
  c.inputs++
  if (accepted) c.accepted++
  else c.refused++
}

/** Run `fn`; a throw must be a one-line usage error. Returns whether the input was accepted. */
function cleanly(name: string, fn: () => void): boolean {
  try {
    fn()
    tally(name, true)
    return true
  } catch (err) {
    tally(name, false)
    if (!(err instanceof UsageError || err instanceof InvalidArgumentError)) {
      crashes++
      throw err
    }
    if (err.message.includes('\n')) {
      crashes++
      throw new Error(`usage error is not one line: ${JSON.stringify(err.message)}`)
    }
    return false
  }
}

function check(property: fc.IProperty<[string]> | fc.IProperty<[string[]]> | fc.IProperty<[Buffer]>): void {
  fc.assert(property as fc.IProperty<unknown[]>, { seed, numRuns, endOnFailure: false })
}

/** Strings made of the pieces a parser cares about, mixed with arbitrary text (incl. controls and astral). */
function tokens(pieces: string[]): fc.Arbitrary<string> {
  const any = fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom(...HOSTILE))
  const num = fc.oneof(fc.nat({ max: 99 }).map(String), fc.constantFrom('99999999999', '4294967296', '9'.repeat(400), '007', '-1', '1e3'))
  return fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...pieces) }, { weight: 2, arbitrary: num }, { weight: 1, arbitrary: any }), { maxLength: 14 }).map((a) => a.join(''))
}

/** Characters that must never reach a terminal raw, and ones parsers trip on. */
const HOSTILE = ['\n', '\r', '\u001b[2J', '\u009b', '\u202e', '\u2066', '\u007f', '\u0000', '\uFFFD', '\uD800', '%', '\\']

const T = 1795549688_039752754n
const MESSAGES: ReceivedMessage[] = [
  { topic: 'a/b', payload: Buffer.from('hello'), qos: 0, retain: false, dup: false, mid: 0, timeNs: T },
  { topic: 'x', payload: Buffer.alloc(0), qos: 1, retain: true, dup: false, mid: 65535, timeNs: 0n },
  { topic: 'bin/\u202e/\u009b', payload: Buffer.from([0, 0xff, 0xfe, 0x1b, 0x9b, 10, 0]), qos: 2, retain: false, dup: true, mid: 1, timeNs: T },
  { topic: 'j', payload: Buffer.from('{"a":[1,2.5e300,-0,"\\u0000"],"b":{}}'), qos: 1, retain: false, dup: false, mid: 9, timeNs: 253402300799_999999999n },
  {
    topic: 'v5',
    payload: Buffer.from('{"x":1}'),
    qos: 1,
    retain: false,
    dup: false,
    mid: 3,
    timeNs: T,
    properties: {
      payloadFormatIndicator: true,
      messageExpiryInterval: 4294967295,
      contentType: 'text/\u202eplain',
      responseTopic: 'r/\u0000',
      correlationData: Buffer.from([0xff, 0, 1]),
      subscriptionIdentifier: [1, 268435455],
      topicAlias: 65535,
      userProperties: { k: ['v1', 'v2'], '\u009b': '\u001b[2J', toString: 'x', __proto__: 'y' } as Record<string, string | string[]>,
    },
  },
]

describe('fuzz: -F parser and formatter', () => {
  const pieces = ['%', '%%', '-', '0', '.', ...'ACDEFIjJlmPpqRrStUxXzZ'.split('').map((c) => `%${c}`), ...'ACDEFIjJlmPpqRrStUxX'.split(''), '@', '@@', '@N', '@Y', '@s', '@Z', '@K', '\\', '\\n', '\\0', '\\q', 'text', '\u00e9', '\u{1f600}']
  it('every -F is a usage error or renders every message', () => {
    check(
      fc.property(tokens(pieces), (format) => {
        let parsed: ReturnType<typeof parseFormat> | undefined
        if (!cleanly('-F parse', () => (parsed = parseFormat(format)))) return
        for (const msg of MESSAGES) {
          for (const pretty of [false, true]) {
            try {
              const out = renderFormat(parsed as ReturnType<typeof parseFormat>, msg, { pretty, eol: true })
              expect(Buffer.isBuffer(out)).toBe(true)
              tally('-F render', true)
            } catch (err) {
              if (!(err instanceof FormatError)) throw err
              tally('-F render', false)
            }
          }
        }
      }),
    )
  })
})

describe('fuzz: -L URLs', () => {
  const pieces = ['mqtt://', 'mqtts://', 'ws://', 'wss://', 'http://', 'mqtt:', '//', 'alice', ':', '@', 'secret', '%', '%4', '%41', '%zz', '%E0%A4', '%ff', '[', ']', '::1', '127.0.0.1', 'localhost', 'h', '/', 'a', '#', '+', '?', '?x=1', '&', '$share/g/', ' ', '\u0000', '\u00e9', '\\']
  const part = (list: string[]) => fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) }), { maxLength: 3 }).map((a) => a.join(''))
  const structured = fc
    .tuple(fc.constantFrom('mqtt://', 'mqtts://', 'ws://', 'wss://', 'MQTT://'), fc.option(fc.tuple(part(['alice', '%41', '%zz', '%', 'a:b', '']), fc.option(part(['secret', '%40', '%E0%A4', '%', ':', '/'])))), fc.constantFrom('h', '127.0.0.1', '[::1]', '[::1', 'a b', ''), fc.option(fc.constantFrom(':1883', ':0', ':65536', ':x', ':')), fc.option(part(['/', 'a', '#', '+', '?', '?x', '%23', '%2F', '%', '$share/g/', '/#', '\u00e9'])))
    .map(([scheme, auth, host, port, topic]) => `${scheme}${auth === null ? '' : `${auth[0]}${auth[1] === null ? '' : `:${auth[1]}`}@`}${host}${port ?? ''}${topic === null ? '' : `/${topic}`}`)
  it('every -L is a usage error or a config', () => {
    check(
      fc.property(fc.oneof(tokens(pieces), structured), (url) => {
        cleanly('-L', () => {
          const cfg = resolveConnection({ url }, { command: 'sub', env: {} })
          // the URL's topic is used as a filter (sub) or a topic (pub): both checks must be clean too
          if (cfg.urlTopic !== undefined) {
            cleanly('-L topic as filter', () => validateFilter(cfg.urlTopic as string))
            cleanly('-L topic as publish topic', () => validatePublishTopic(cfg.urlTopic as string))
          }
        })
      }),
    )
  })
})

describe('fuzz: --proxy URLs', () => {
  const pieces = ['socks5h://', 'socks5://', 'socks4://', 'http://', 'alice', ':', '@', 'secret', '%', '%zz', '%40', '[', ']', '::1', '127.0.0.1', 'h', '/', '#', '?', ':0', ':1080', ':65536', ':99999999999']
  it('every --proxy is a usage error or a config', () => {
    check(fc.property(tokens(pieces), (proxy) => void cleanly('--proxy', () => resolveConnection({ proxy }, { command: 'pub', env: {} }))))
  })
})

describe('fuzz: -D argument triples', () => {
  const commands = ['connect', 'publish', 'subscribe', 'unsubscribe', 'disconnect', 'will', 'toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty', '', 'PUBLISH', '-D']
  const names = ['content-type', 'user-property', 'correlation-data', 'response-topic', 'topic-alias', 'message-expiry-interval', 'payload-format-indicator', 'subscription-identifier', 'session-expiry-interval', 'receive-maximum', 'maximum-packet-size', 'will-delay-interval', 'authentication-data', 'toString', '__proto__', 'constructor', 'valueOf', 'isPrototypeOf', '']
  const values = ['0', '1', '2', '65535', '65536', '4294967295', '4294967296', '268435455', '-1', '', 'r/#', 'r/+', 'a/b', '\uFFFD', '\u0000', '99999999999999999999', 'text/plain', '__proto__', 'toString', '--', '-D']
  const word = (list: string[]) => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) })
  const allowedPairs = Object.entries(ALLOWED).flatMap(([command, list]) => list.map((name) => [command, name] as const))
  const random = fc.tuple(fc.constantFrom('-D', '--property'), word(commands), word(names), word(values), word(values)).map((a) => [...a])
  const plausible = fc.tuple(fc.constantFrom('-D'), fc.constantFrom(...allowedPairs), word(values), word(values)).map(([flag, [command, name], v1, v2]) => [flag, command, name, v1, v2])
  it('every -D (folded as the CLI does) is a usage error or a property set', () => {
    check(
      fc.property(fc.array(fc.oneof(random, plausible), { minLength: 1, maxLength: 3 }).map((list) => [...list.flat(), '-t']), (args) => {
        cleanly('-D', () => {
          const argv = foldPropertyArgs(['node', 'mqtx', ...args])
          const property = argv.filter((a) => a.startsWith('--property=')).map((a) => a.slice('--property='.length))
          parsePropertyArgs(property)
          resolveConnection({ property, willTopic: 'w' }, { command: 'pub', env: {} })
        })
      }),
    )
  })
})

describe('fuzz: value flags (-p, -q, -k, -x, -V, -W and other seconds, counts)', () => {
  const parsers: Array<[string, (v: string) => unknown, (out: unknown) => boolean]> = [
    ['-p', parsePort, (n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 65535],
    ['-q', parseQos, (n) => n === 0 || n === 1 || n === 2],
    ['-k', parseKeepalive, (n) => Number.isInteger(n) && (n as number) >= 5 && (n as number) <= 65535],
    ['-x', parseSessionExpiry, (n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 4294967295],
    ['-V', parseProtocolVersion, (n) => n === 3 || n === 4 || n === 5],
    // a timer longer than 2^31-1 ms fires after 1 ms: every duration must fit
    ['-W', parseSeconds('-W', { allowZero: false }), (n) => typeof n === 'number' && n > 0 && n * 1000 <= 2 ** 31 - 1],
    ['--repeat-delay', parseSeconds('--repeat-delay', { allowZero: true }), (n) => typeof n === 'number' && n >= 0 && n * 1000 <= 2 ** 31 - 1],
    ['-M', parseIntegerIn('-M', 1, 65535), (n) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 65535],
  ]
  const pieces = ['0', '1', '2', '5', '-1', '65535', '65536', '4294967295', '4294967296', '99999999999', '.', '.5', '1e3', ' ', '+', 'inf', '\u221e', 'never', 'mqttv5', '311', '31', 'toString', '__proto__', '']
  it('every value is refused cleanly or parsed into its range', () => {
    check(
      fc.property(tokens(pieces), (value) => {
        for (const [name, parse, valid] of parsers) {
          let out: unknown
          if (cleanly(`value ${name}`, () => (out = parse(value)))) expect(valid(out), `${name} ${JSON.stringify(value)} -> ${String(out)}`).toBe(true)
        }
      }),
    )
  })
})

describe('fuzz: whole pub/sub/rr command lines, parsed and planned as before connecting', () => {
  const flags = ['-t', '-m', '-q', '-r', '-n', '-f', '--repeat', '--repeat-delay', '--encoding', '--content-type', '--correlation-data', '--message-expiry', '--payload-format-indicator', '--response-topic', '--topic-alias', '--user-property', '-e', '-C', '-W', '-v', '-N', '-F', '--pretty', '--json', '--raw', '--human', '-T', '-R', '--retained-only', '--remove-retained', '-E', '-U', '--random-filter', '--no-local', '--retain-as-published', '--retain-handling', '--match', '-h', '-p', '-L', '-i', '-I', '-u', '-P', '-k', '-V', '-c', '-x', '-D', '--will-topic', '--will-payload', '--will-qos', '--will-retain', '--cafile', '--cert', '--key', '--tls-version', '--tls-alpn', '--psk', '--psk-identity', '--servername', '--unix', '--proxy', '--ws-path', '-M', '--connect-timeout', '-A', '--ws', '--no-tls', '--tls-keylog', '-w', '--message-rate', '--latency']
  const values = ['a', 'a/#', '+', '', '0', '1', '2', '-1', '99999999999', 'hex', 'base64', 'k=v', '=v', 'mqtt://h/t', 'ws://u:p@h/t', 'socks5h://h', '%p', '%j', 'toString', '__proto__', 'publish', 'user-property', 'content-type', 'connect', 'will', 'session-expiry-interval', '/etc/hostname', '00ff', '.5', 'tlsv1.2', '\uFFFD', ...HOSTILE]
  it('every command line is a clean usage error or a plan', () => {
    fc.assert(
      fc.property(fc.constantFrom('pub', 'sub', 'rr'), fc.array(fc.tuple(fc.constantFrom(...flags), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) })), { maxLength: 4 }), (command, pairs) => {
        const base = { pub: ['-t', 'a', '-m', 'x'], sub: ['-t', 'a'], rr: ['-t', 'a', '-e', 'r', '-m', 'x'] }[command]
        const args = [...base, ...pairs.flat()]
        try {
          const cmd = buildProgram(command).commands.find((c) => c.name() === command) as Command
          cmd.parseOptions(foldPropertyArgs(['node', 'mqtx', command, ...args]).slice(3))
          const options = cmd.opts() as never
          if (command === 'pub') planPub(options)
          else if (command === 'sub') planSub(options)
          else planRr(options)
          tally('command line', true)
        } catch (err) {
          tally('command line', false)
          if (err instanceof CommanderError) return
          if (!(err instanceof UsageError) || err.message.includes('\n')) {
            crashes++
            throw err
          }
        }
      }),
      { seed, numRuns: Math.ceil(numRuns / 3), endOnFailure: false },
    )
  })
})

describe('fuzz: output escaping', () => {
  it('--json and the terminal escape leave no raw control, C1 or bidi character', () => {
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u
    check(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 3 }), fc.constantFrom(...HOSTILE)), { maxLength: 6 }).map((a) => a.join('')), (text) => {
        tally('escape', true)
        expect(escapeForTerminal(text)).not.toMatch(unsafe)
        const line = jsonLine({ topic: text, payload: Buffer.from(text), qos: 0, retain: false, dup: false, mid: 0, timeNs: T })
        expect(line.slice(0, -1)).not.toMatch(unsafe)
        expect(JSON.parse(line).topic).toBe(text)
      }),
    )
  })

  it('plain output on a terminal (-v, -N, -F fields): only line breaks and tabs stay raw, any bytes', () => {
    const unsafeText = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u
    check(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)), fc.constantFrom(...HOSTILE).map((h) => Buffer.from(h))), (bytes) => {
        tally('escape', true)
        const out = escapeRawForTerminal(bytes) as Buffer
        // a terminal acts on these bytes whatever the encoding: C0 but \n \t, DEL, ESC
        expect([...out].filter((b) => (b < 0x20 && b !== 0x0a && b !== 0x09) || b === 0x7f)).toEqual([])
        // and on these characters when the output is UTF-8
        expect(out.toString('utf8')).not.toMatch(unsafeText)
        expect(escapeRawForTerminal(bytes.toString('utf8'))).not.toMatch(unsafeText)
      }),
    )
  })
})

describe('fuzz: counts', () => {
  it('prints what was tried', () => {
    for (const [name, c] of Object.entries(counts)) console.log(`fuzz: ${name}: ${c.inputs} inputs, ${c.accepted} accepted, ${c.refused} refused`)
    console.log(`fuzz: crashes: ${crashes}`)
    expect(Object.keys(counts).length).toBeGreaterThan(0)
  })
})
