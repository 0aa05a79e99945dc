import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MQTX_SHELL, mqtx, run } from '../helpers/run.js'
import { expectUsageError } from '../helpers/usage.js'

// Port 9 on loopback: nothing listens, so a case that wrongly got as far as connecting fails loudly.
const base = ['pub', '-h', '127.0.0.1', '-p', '9']

// The table of bad input runs in-process: test/in-process/pub-usage.test.ts. These few run the bin
// itself: a commander error, an error from the command's own checks, and the config from the environment.
const spawned: Array<[string, string[], RegExp, Record<string, string>]> = [
  ['QoS 3', [...base, '-t', 'a', '-m', 'x', '-q', '3'], /^mqtx: option '-q, --qos <qos>' argument '3' is invalid\. Invalid QoS given: 3 \(use 0, 1 or 2\)\.$/, {}],
  ['-D with -V 311', [...base, '-t', 'a', '-m', 'x', '-V', '311', '-D', 'publish', 'content-type', 'x'], /^mqtx: -D needs MQTT 5, but -V asks for 3\.1\.1\.$/, {}],
  ['a missing MQTX_CONFIG', ['pub', '-t', 'a', '-m', 'x', '-h', '127.0.0.1', '-p', '9', '--profile', 'x'], /^mqtx: cannot read config file \/nonexistent\/mqtx\.json \(MQTX_CONFIG\): no such file$/, { MQTX_CONFIG: '/nonexistent/mqtx.json' }],
]

describe('mqtx pub: bad input is one clear line (plus hint), exit 2, no stack trace, nothing sent', () => {
  it.each(spawned)('%s (the bin)', async (_name, args, pattern, env) => {
    const r = await mqtx(args, { timeoutMs: 10_000, env })
    expectUsageError(r, pattern)
  })

  it('invalid UTF-8 in a topic', async () => {
    // argv bytes that are not UTF-8 can only be passed through a shell: a fixed script, no input in it
    const r = await run('bash', ['-c', `exec ${MQTX_SHELL} pub -h 127.0.0.1 -p 9 -t "$(printf 'caf\\xe9')" -m x`])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^mqtx: Invalid publish topic '.*': it is not valid UTF-8\.\n$/)
  })

  it('a valid topic with U+FFFD (EF BF BD) is not mistaken for invalid UTF-8', async () => {
    const r = await run('bash', ['-c', `exec ${MQTX_SHELL} pub -h 127.0.0.1 -p 9 -t "$(printf 'caf\\xef\\xbf\\xbd')" -m x`])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: connection refused by mqtt:\/\/127\.0\.0\.1:9/)
  })

  it('mqtx with no command prints help on stderr and exits 2', async () => {
    const r = await mqtx([])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^Usage: mqtx /)
  })

  it('--help documents the exit codes and examples, on stdout, exit 0', async () => {
    const r = await mqtx(['pub', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Exit status:\n  0    success/)
    expect(r.stdout).toMatch(/\$ mqtx pub -t home\/temperature -m 25\.5/)
    expect(r.stdout).toMatch(/-h, --host <host>/)
  })

  it('--version names mqtx and MQTT.js', async () => {
    const r = await mqtx(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^mqtx \d+\.\d+\.\d+ \(MQTT\.js 5\.\d+\.\d+, (Node v\d+|Bun \d+\.\d+\.\d+ standalone)/)
  })
})

describe('a directory on standard input (Node reads it as empty, no error)', () => {
  // -s published an empty message (with -r: the retained message deleted) and exit 0
  it.each([
    ['pub -s', 'pub -h 127.0.0.1 -p 9 -t a -s'],
    ['pub -s -r', 'pub -h 127.0.0.1 -p 9 -t a -s -r'],
    ['pub -l', 'pub -h 127.0.0.1 -p 9 -t a -l'],
    ['rr -s', 'rr -h 127.0.0.1 -p 9 -t a -e b -s'],
    ['respond -s', 'respond -h 127.0.0.1 -p 9 -t a -s'],
    ['replay -', 'replay -h 127.0.0.1 -p 9 -'],
  ])('%s < / is exit 2, nothing sent', async (_name, args) => {
    const r = await run('bash', ['-c', `exec ${MQTX_SHELL} ${args} < /`])
    expect([r.code, r.stderr]).toEqual([2, 'mqtx: cannot read standard input: it is a directory.\n'])
  })
})

describe('--encode with JSON input nested 100,000 levels deep', () => {
  // the encoders' (and JSON.stringify's) recursion overflowed the stack: "internal error", exit 1
  it('is one line naming the limit, exit 2, nothing sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-deep-'))
    const file = join(dir, 'deep.json')
    writeFileSync(file, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)
    const r = await mqtx([...base, '-t', 'a', '-f', file, '--encode', 'json'])
    expect([r.code, r.stderr]).toEqual([2, `mqtx: -f ${file} does not fit --encode json: the input is nested more than 1000 levels deep\n`])
  })
})
