/**
 * record and replay: bad flags and bad input fail before connecting (exit 2, one line naming the
 * file and line), so nothing is sent. Port 9 on loopback: a case that got as far as connecting
 * would exit 1.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind } from '../helpers/usage.js'

const CLOSED = ['-h', '127.0.0.1', '-p', '9']
const dir = mkdtempSync(join(tmpdir(), 'mqtx-replay-usage-'))
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const ok = JSON.stringify({ time: '2026-01-01T00:00:00.000Z', topic: 'a/b', payload: 'x' })

afterAll(expectNothingLeftBehind)

function expectUsage(r: { code: number; stdout: string; stderr: string }, re: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(re)
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('hint:'))).toHaveLength(1)
}

describe('mqtx replay: bad input is one line with file:line, exit 2, nothing sent', () => {
  const good = file('good.ndjson', `${ok}\n`)
  it.each([
    [[], /^mqtx: You must name the recording\(s\) to replay/],
    [[join(dir, 'missing.ndjson')], /^mqtx: cannot read .*missing\.ndjson: no such file$/m],
    [[dir], /^mqtx: cannot read .*: it is a directory$/m],
    [[file('bad-json.ndjson', `${ok}\n{"time":\n${ok}\n`)], /^mqtx: .*bad-json\.ndjson:2: not valid JSON/],
    [[good, file('second.ndjson', `${ok}\n${ok}\n[1]\n`)], /^mqtx: .*second\.ndjson:3: not a JSON object$/m],
    [[file('no-topic.ndjson', '{"time":"2026-01-01T00:00:00Z","payload":"x"}\n')], /:1: no "topic"/],
    [[file('no-time.ndjson', '{"topic":"a","payload":"x"}\n')], /:1: no "time"/],
    [[file('bad-time.ndjson', '{"time":"yesterday","topic":"a","payload":"x"}\n')], /:1: "time" "yesterday" is not a date/],
    [[file('bad-b64.ndjson', '{"time":"2026-01-01T00:00:00Z","topic":"a","payload":"!!","encoding":"base64"}\n')], /:1: "payload" is not valid base64/],
    [[file('bad-len.ndjson', '{"time":"2026-01-01T00:00:00Z","topic":"a","payload":"abc","payloadLength":4}\n')], /:1: "payloadLength" is 4 but the payload has 3 bytes/],
    [[file('bad-qos.ndjson', '{"time":"2026-01-01T00:00:00Z","topic":"a","payload":"x","qos":3}\n')], /:1: "qos" must be 0, 1 or 2/],
    [[file('bad-up.ndjson', '{"time":"2026-01-01T00:00:00Z","topic":"a","payload":"x","properties":{"userProperties":[["k"]]}}\n')], /:1: "properties.userProperties" must be a list/],
    [[file('wildcard.ndjson', '{"time":"2026-01-01T00:00:00Z","topic":"a/#","payload":"x"}\n')], /:1: Invalid topic 'a\/#'/],
    [[file('v2.ndjson', `{"mqtx":"record","version":2}\n${ok}\n`)], /:1: recording format version 2; this mqtx reads version 1\.$/m],
    [[file('bad.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not gzip at all')]))], /^mqtx: cannot read .*bad\.gz: not valid gzip data/],
    [[file('gz-line.ndjson.gz', gzipSync(`${ok}\nnope\n`))], /gz-line\.ndjson\.gz:2: not valid JSON/],
    [[good, '--speed', '0'], /--speed must be a factor/],
    [[good, '--speed', 'fast'], /--speed must be a factor/],
    [[good, '--loop', '-1'], /--loop must be/],
    [[good, '--since', 'yesterday'], /^mqtx: Invalid --since 'yesterday'/],
    [[good, '--rewrite', '('], /--rewrite needs a pattern and a replacement/],
    [[good, '--rewrite', '(', 'x'], /^mqtx: Invalid --rewrite pattern '\('/],
    [[good, '--rewrite', 'a/b', 'a/#'], /good\.ndjson:1: 'a\/b' rewritten is not a topic/],
    [[good, '-t', 'a/#/b'], /Invalid subscription topic/],
    [[good, '--dry-run', '--loop', '0'], /--dry-run with --loop 0 would print for ever/],
    [[good, '-D', 'publish', 'topic-alias', '3'], /topic-alias cannot be used with replay/],
    [['-', '-'], /standard input \(-\) can be named only once/],
  ])('%j', async (args, re) => {
    expectUsage(await mqtxInProcess(['replay', ...CLOSED, ...args]), re)
  })
})

describe('mqtx replay --rewrite nested too deeply for V8', () => {
  it('is a usage error before anything is sent (V8 compiles at first use: it was an internal error at the first message)', async () => {
    const deep = `${'('.repeat(20_000)}a${')'.repeat(20_000)}`
    const good = file('deep-rewrite.ndjson', `${ok}\n`)
    expectUsage(await mqtxInProcess(['replay', ...CLOSED, good, '--rewrite', deep, 'x']), /^mqtx: Invalid --rewrite pattern '\(+a\)+': Invalid regular expression: .*Stack overflow/)
  })
})

describe('mqtx replay: what editors add', () => {
  it('a UTF-8 byte-order mark before the first line is not part of the JSON (was: "not valid JSON" at line 1)', async () => {
    const bom = file('bom.ndjson', `\ufeff${ok}\n`)
    const r = await mqtxInProcess(['replay', ...CLOSED, bom, '--dry-run'])
    expect([r.code, r.stderr]).toEqual([0, ''])
    expect((JSON.parse(r.stdout) as { topic: string; payload: string })).toMatchObject({ topic: 'a/b', payload: 'x' })
  })
})

describe('mqtx record: bad input is one line, exit 2, before connecting', () => {
  const existing = file('exists.ndjson', `${ok}\n`)
  file('rot.000001.ndjson', `${ok}\n`)
  it.each([
    [['-o', join(dir, 'x.ndjson')], /^mqtx: You must specify a topic filter to record \(-t\)/],
    [['-t', 'a/#'], /^mqtx: You must name the file to record to \(-o\)/],
    [['-t', 'a/#', '-o', '-'], /^mqtx: mqtx record writes a file, not standard output/],
    [['-t', 'a/#/b', '-o', join(dir, 'y.ndjson')], /Invalid subscription topic/],
    [['-t', 'a', '-o', existing], /^mqtx: '.*exists\.ndjson' exists: mqtx record does not overwrite a recording\.$/m],
    [['-t', 'a', '-o', join(dir, 'rot.ndjson'), '--rotate-size', '1M'], /^mqtx: '.*rot\.000001\.ndjson' exists/m],
    [['-t', 'a', '-o', join(dir, 'z.ndjson'), '--rotate-size', '1X'], /--rotate-size must be a size/],
    [['-t', 'a', '-o', join(dir, 'z.ndjson'), '--rotate-every', '0'], /--rotate-every must be a duration/],
    [['-t', 'a', '-o', join(dir, 'z.ndjson'), '-C', '0'], /-C must be a whole number of messages/],
  ])('%j', async (args, re) => {
    expectUsage(await mqtxInProcess(['record', ...CLOSED, ...args]), re)
  })

  it('a file that cannot be created is exit 1 before connecting', async () => {
    const r = await mqtxInProcess(['record', ...CLOSED, '-t', 'a', '-o', join(dir, 'no', 'such', 'dir.ndjson')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: cannot write '.*dir\.ndjson': no such directory$/m)
    // nothing was written: no hint that what was written is whole
    expect(r.stderr).not.toMatch(/what was written before/)
  })

  it('-o naming a directory says so (not "exists … add --force", which then failed with "it is a directory")', async () => {
    const r = await mqtxInProcess(['record', ...CLOSED, '-t', 'a', '-o', dir])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`mqtx: cannot write '${dir}': it is a directory\n`)
  })

  it('a connection that fails leaves no file behind (a retry is not refused with "exists")', async () => {
    for (const rotate of [[], ['--rotate-size', '1M']]) {
      const out = join(dir, `refused-${rotate.length}.ndjson`)
      const r = await mqtxInProcess(['record', ...CLOSED, '-t', 'a', '-o', out, ...rotate])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^mqtx: connection refused/m)
      expect(readdirSync(dir).filter((f) => f.startsWith(`refused-${rotate.length}.`))).toEqual([])
    }
  })
})

describe('mqtx replay --help', () => {
  it('says what SIGTERM does to a replay (nothing is received or written out)', async () => {
    const r = await mqtxInProcess(['replay', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^ {2}143 +terminated \(SIGTERM\), after waiting briefly for the\s+acknowledgements$/m)
  })
})
