/**
 * bridge and respond: bad input is one line (plus a hint), exit 2, nothing on stdout, before any
 * connection (the brokers named are closed ports: a case that got as far as connecting would exit 1).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind } from '../helpers/usage.js'

afterAll(expectNothingLeftBehind)

function expectOneLine(r: { code: number; stdout: string; stderr: string }, re: RegExp): void {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr).toMatch(re)
  expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('hint:'))).toHaveLength(1)
}

const FROM = ['--from', 'mqtt://127.0.0.1:9']
const TO = ['--to', 'mqtt://127.0.0.1:1']

describe('mqtx bridge: bad input is one line, exit 2', () => {
  it.each([
    [[...TO, '-t', 'a'], /^mqtx: No upstream broker given: use --from <url>\./],
    [[...FROM, '-t', 'a'], /^mqtx: No downstream broker given: use --to <url>\./],
    [[...FROM, ...TO], /^mqtx: No topic filter given: use -t <filter>/],
    [[...FROM, ...TO, '-t', 'a/#/b'], /^mqtx: Invalid subscription topic 'a\/#\/b'/],
    [['--from', 'http://x', ...TO, '-t', 'a'], /^mqtx: upstream \(--from\): Unsupported URL scheme 'http'/],
    [[...FROM, '--to', 'mqtt://127.0.0.1:1/some/topic', '-t', 'a'], /^mqtx: the --to URL names a topic \('some\/topic'\)/],
    [[...FROM, ...TO, '-t', 'a', '-c'], /^mqtx: upstream \(--from\): You must provide a client id if you are using the -c option\./],
    [[...FROM, ...TO, '-t', 'a', '--from-cert', 'c.pem'], /^mqtx: upstream \(--from\): .*--from-cert/],
    [[...FROM, ...TO, '-t', 'a', '--to-cafile', '/nonexistent/ca.pem'], /^mqtx: downstream \(--to\): .*\/nonexistent\/ca\.pem/],
    [[...FROM, ...TO, '-t', 'a', '--rewrite', 'x'], /^mqtx: --rewrite needs a pattern and a replacement/],
    [[...FROM, ...TO, '-t', 'a', '--rewrite', '(', 'x'], /^mqtx: Invalid --rewrite regular expression '\('.*\nhint: RE2 syntax; each rule replaces the first match \(anchor it with \^\)/],
    [[...FROM, ...TO, '-t', 'a', '--rewrite', 'a', 'b/$1'], /TO uses \$1, but FROM has no groups/],
    [[...FROM, '--to', 'mqtt://127.0.0.1:9', '-t', 'a', '-i', 'same'], /^mqtx: --from and --to are the same broker and both connections would use the client id 'same'/],
    [[...FROM, ...TO, '-t', 'a', '-q', '3'], /Invalid QoS given: 3/],
    [[...FROM, ...TO, '-t', 'a', '--bridge-id', ''], /^mqtx: --bridge-id must not be empty\./],
    [[...FROM, ...TO, '-t', 'a', '--from-protocol-version', '4'], /--from-protocol-version/],
  ])('%j', async (args, re) => {
    expectOneLine(await mqtxInProcess(['bridge', ...args]), re)
  })
})

const CLOSED = ['-h', '127.0.0.1', '-p', '9']

describe('mqtx respond: bad input is one line, exit 2', () => {
  it.each([
    [['-m', 'x'], /^mqtx: No request topic given: use -t <filter>/],
    [['-t', 'a'], /^mqtx: No reply given: use -m, -f, -s or -n \(a fixed payload\), --template, or a command after --\./],
    [['-t', 'a', '-m', 'x', '--template', 'y'], /^mqtx: Give one kind of reply: -m\/-f\/-s\/-n \(fixed\), --template, or a command after --\./],
    [['-t', 'a', '-m', 'x', '-n'], /^mqtx: Only one type of message can be sent at once/],
    [['-t', 'a', '-m', 'x', '-m', 'y'], /^mqtx: option '-m, --message <text>' argument 'y' is invalid\. -m was already given \('x'\)/],
    [['-t', 'a', '--template', '{{nope}}'], /^mqtx: --template: \{\{nope\}\} at position 1: unknown name/],
    [['-t', 'a', '--template', '{{payload'], /is not closed with '\}\}'/],
    [['-t', 'a', '--', '/nonexistent/handler'], /^mqtx: cannot run '\/nonexistent\/handler': no such executable file\./],
    [['-t', 'a', '--', 'no-such-command-mqtx'], /^mqtx: cannot run 'no-such-command-mqtx': not found on PATH\./],
    [['-t', 'a', 'cat'], /^mqtx: unexpected argument 'cat': a command to run goes after --\./],
    [['-t', 'a', '-m', 'x', '--exec-timeout', '2'], /^mqtx: --exec-timeout applies to a command after -- only\./],
    [['-t', 'a', '--template', 'x', '--encoding', 'hex'], /^mqtx: --encoding applies to -m only\./],
    [['-t', 'a', '-m', 'x', '--concurrency', '0'], /--concurrency must be from 1 to 10000/],
    [['-t', 'a', '-m', 'x', '-e', 'r/#'], /^mqtx: Invalid response topic 'r\/#'/],
    [['-t', 'a/#/b', '-m', 'x'], /^mqtx: Invalid subscription topic 'a\/#\/b'/],
    [['-t', 'a', '-m', 'zz', '--encoding', 'hex'], /^mqtx: -m is not valid hex/],
    [['-t', 'a', '-f', '/nonexistent/reply'], /^mqtx: cannot read -f file '\/nonexistent\/reply'/],
  ])('%j', async (args, re) => {
    expectOneLine(await mqtxInProcess(['respond', ...CLOSED, ...args]), re)
  })
})
