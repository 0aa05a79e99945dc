/** pub's table of bad input, run in-process (test/helpers/in-process.ts): exit 2, one line (plus hint), nothing on stdout. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mqtxInProcess } from '../helpers/in-process.js'
import { expectNothingLeftBehind, expectUsageError } from '../helpers/usage.js'

// Port 9 on loopback: nothing listens, so a case that wrongly got as far as connecting fails loudly (exit 1).
const base = ['pub', '-h', '127.0.0.1', '-p', '9']

const cases: Array<[string, string[], RegExp]> = [
  ['missing topic', ['pub', '-m', 'x'], /^mqtx: No topic given: use -t <topic> \(or -L with a topic\)\.$/],
  ['two payload sources', [...base, '-t', 'a', '-m', 'x', '-n'], /^mqtx: Only one type of message can be sent at once/],
  // mosquitto_pub refuses these too; mqtx sent only the last one, silently
  ['-m twice', [...base, '-t', 'a', '-m', 'x', '-m', 'y'], /^mqtx: option '-m, --message <text>' argument 'y' is invalid\. -m was already given \('x'\): one message per run \(-l sends one per line\)\.$/],
  ['-f twice', [...base, '-t', 'a', '-f', '/etc/hostname', '-f', '/etc/hosts'], /^mqtx: option '-f, --file <file>' argument '\/etc\/hosts' is invalid\. -f was already given \('\/etc\/hostname'\): one message per run/],
  ['no payload source', [...base, '-t', 'a'], /^mqtx: No message given: use -m, -f, -s, -l or -n\.$/],
  ['+ in the topic', [...base, '-t', 'a/+/b', '-m', 'x'], /^mqtx: Invalid publish topic 'a\/\+\/b', does it contain '\+' or '#'\?$/],
  ['# in the topic', [...base, '-t', 'a/#', '-m', 'x'], /^mqtx: Invalid publish topic 'a\/#'/],
  ['empty topic', [...base, '-t', '', '-m', 'x'], /^mqtx: Invalid publish topic '': a topic must not be empty\.$/],
  ['QoS 3', [...base, '-t', 'a', '-m', 'x', '-q', '3'], /^mqtx: option '-q, --qos <qos>' argument '3' is invalid\. Invalid QoS given: 3 \(use 0, 1 or 2\)\.$/],
  ['port 70000', ['pub', '-p', '70000', '-t', 'a', '-m', 'x'], /Invalid port given: 70000/],
  ['port abc', ['pub', '-p', 'abc', '-t', 'a', '-m', 'x'], /Invalid port given: abc/],
  ['keepalive 2', [...base, '-t', 'a', '-m', 'x', '-k', '2'], /Invalid keepalive given: 2 \(use 5 to 65535 seconds\)/],
  ['keepalive 70000', [...base, '-t', 'a', '-m', 'x', '-k', '70000'], /Invalid keepalive given: 70000/],
  ['-V 4', [...base, '-t', 'a', '-m', 'x', '-V', '4'], /Unknown protocol version '4' \(use 31, 311, 5, mqttv31, mqttv311 or mqttv5\)/],
  ['unreadable -f', [...base, '-t', 'a', '-f', '/nonexistent/file'], /^mqtx: cannot read -f file '\/nonexistent\/file': no such file$/],
  ['-f a directory', [...base, '-t', 'a', '-f', '/tmp'], /^mqtx: cannot read -f file '\/tmp': it is a directory$/],
  ['missing --cafile', [...base, '-t', 'a', '-m', 'x', '--cafile', '/nonexistent/ca.crt'], /^mqtx: cannot read --cafile '\/nonexistent\/ca\.crt': no such file$/],
  ['--cert without --key', [...base, '-t', 'a', '-m', 'x', '--cafile', '/etc/hostname', '--cert', '/etc/hostname'], /^mqtx: --cert and --key must be given together\.$/],
  ['-L unknown scheme', ['pub', '-L', 'http://localhost/topic', '-m', 'x'], /^mqtx: Unsupported URL scheme 'http' in 'http:\/\/localhost\/topic' \(use mqtt, mqtts, ws or wss\)\.$/],
  ['-L without topic', ['pub', '-L', 'mqtt://localhost:1883', '-m', 'x'], /^mqtx: Invalid URL 'mqtt:\/\/localhost:1883': no topic/],
  ['-L not a URL', ['pub', '-L', 'not a url', '-m', 'x'], /^mqtx: Invalid URL 'not a url'/],
  ['-D unknown command', [...base, '-t', 'a', '-m', 'x', '-D', 'publsh', 'content-type', 'x'], /^mqtx: Unknown -D command 'publsh' \(use connect, publish, subscribe, unsubscribe, disconnect, will\)\.$/],
  ['-D unknown property', [...base, '-t', 'a', '-m', 'x', '-D', 'publish', 'colour', 'x'], /^mqtx: Unknown property 'colour'\.$/],
  ['-D not allowed for the packet', [...base, '-t', 'a', '-m', 'x', '-D', 'publish', 'receive-maximum', '5'], /^mqtx: Property receive-maximum is not allowed for publish \(allowed: /],
  ['-D value out of range', [...base, '-t', 'a', '-m', 'x', '-D', 'connect', 'receive-maximum', '0'], /^mqtx: Invalid value '0' for property receive-maximum \(use 1 to 65535\)\.$/],
  ['-D missing value', [...base, '-t', 'a', '-m', 'x', '-D', 'publish'], /^mqtx: -D needs a command, a property name and a value/],
  ['-D with -V 311', [...base, '-t', 'a', '-m', 'x', '-V', '311', '-D', 'publish', 'content-type', 'x'], /^mqtx: -D needs MQTT 5, but -V asks for 3\.1\.1\.$/],
  ['-c without a client id', [...base, '-t', 'a', '-m', 'x', '-c'], /^mqtx: You must provide a client id if you are using the -c option\.$/],
  ['-i with -I', [...base, '-t', 'a', '-m', 'x', '-i', 'a', '-I', 'b'], /^mqtx: -i and -I cannot be used together\.$/],
  ['bad hex', [...base, '-t', 'a', '--encoding', 'hex', '-m', 'xyz'], /^mqtx: -m is not valid hex/],
  ['bad base64', [...base, '-t', 'a', '--encoding', 'base64', '-m', 'a'], /^mqtx: -m is not valid base64\.$/],
  ['--will-qos without --will-topic', [...base, '-t', 'a', '-m', 'x', '--will-qos', '1'], /^mqtx: --will-payload, --will-qos and --will-retain need --will-topic\.$/],
  ['--psk without identity', [...base, '-t', 'a', '-m', 'x', '--psk', 'abcd'], /^mqtx: --psk needs --psk-identity\.$/],
  ['--repeat 0', [...base, '-t', 'a', '-m', 'x', '--repeat', '0'], /--repeat must be from 1 to/],
  ['unknown option', [...base, '-t', 'a', '-m', 'x', '--colour'], /^mqtx: unknown option '--colour'$/],
  ['password without user', [...base, '-t', 'a', '-m', 'x', '-P', 'pw'], /^mqtx: A password needs a username \(-u\)\.$/],
  // issue 12: accepted, crashed or silently changed before
  ['-x -1 without -i', [...base, '-t', 'a', '-m', 'x', '-x', '-1'], /^mqtx: You must provide a client id if you are using an infinite session expiry interval\.$/],
  ['-D response-topic with a wildcard', [...base, '-t', 'a', '-m', 'x', '-D', 'publish', 'response-topic', 'r/#'], /^mqtx: Invalid response topic 'r\/#', does it contain '\+' or '#'\?$/],
  ['empty -h', ['pub', '-h', '', '-t', 'a', '-m', 'x'], /^mqtx: option '-h, --host <host>' argument '' is invalid\. -h must not be empty\.$/],
  ['empty --tls-alpn', [...base, '-t', 'a', '-m', 'x', '--cafile', '/etc/hostname', '--tls-alpn', ''], /--tls-alpn must not be empty\.$/],
  ['--ws-path without WebSocket', [...base, '-t', 'a', '-m', 'x', '--ws-path', '/ws'], /^mqtx: --ws-path applies to WebSocket connections only/],
  ['--ws-path without a leading slash', [...base, '-t', 'a', '-m', 'x', '--ws', '--ws-path', 'nopath'], /^mqtx: --ws-path must start with '\/' \(e.g. \/mqtt\), not 'nopath'\.$/],
  ['--tls-keylog in a missing directory', [...base, '-t', 'a', '-m', 'x', '--cafile', '/etc/hostname', '--tls-keylog', '/nonexistent-dir/keys.log'], /^mqtx: cannot write --tls-keylog file '\/nonexistent-dir\/keys.log': ENOENT/],
  ['empty --tls-keylog', [...base, '-t', 'a', '-m', 'x', '--cafile', '/etc/hostname', '--tls-keylog', ''], /--tls-keylog must not be empty.$/],
  ['-D toString', [...base, '-t', 'a', '-m', 'x', '-D', 'toString', 'content-type', 'x'], /^mqtx: Unknown -D command 'toString'/],
  ['-D publish __proto__', [...base, '-t', 'a', '-m', 'x', '-D', 'publish', '__proto__', 'x'], /^mqtx: Unknown property '__proto__'\.$/],
  ['-L bad percent-encoding in the user', ['pub', '-L', 'mqtt://a%zz:b@127.0.0.1:9/t', '-m', 'x'], /^mqtx: Invalid URL 'mqtt:\/\/a%zz:\*\*\*@127\.0\.0\.1:9\/t': the user name is not valid percent-encoding/],
  ['--proxy with a bad port names --proxy', [...base, '-t', 'a', '-m', 'x', '--proxy', 'socks5h://127.0.0.1:99999'], /^mqtx: Invalid --proxy 'socks5h:\/\/127\.0\.0\.1:99999': the port must be from 1 to 65535, not '99999'/],
  ['a newline in a bad value stays on one line', [...base, '-t', 'a', '-m', 'x', '-k', '5\n6'], /^mqtx: option '-k, --keepalive <seconds>' argument '5\\n6' is invalid\. Invalid keepalive given: 5\\n6 \(use 5 to 65535 seconds\)\.$/],
  ['--connect-timeout beyond what a timer holds', [...base, '-t', 'a', '-m', 'x', '--connect-timeout', '99999999999'], /--connect-timeout must be at most 2147483 seconds \(24 days\)\.$/],
  ['--cafile /dev/zero (an endless file)', [...base, '-t', 'a', '-m', 'x', '--cafile', '/dev/zero'], /^mqtx: --cafile '\/dev\/zero' is larger than 16 MiB: is it the right file\?$/],
  ['--password-file a directory', [...base, '-t', 'a', '-m', 'x', '-u', 'u', '--password-file', '/tmp'], /^mqtx: cannot read --password-file '\/tmp': it is a directory$/],
  ['a missing MQTX_CONFIG', ['pub', '-t', 'a', '-m', 'x', '-h', '127.0.0.1', '-p', '9', '--profile', 'x'], /^mqtx: cannot read config file \/nonexistent\/mqtx\.json \(MQTX_CONFIG\): no such file$/],
]

afterAll(expectNothingLeftBehind)

describe('mqtx pub: bad input is one clear line (plus hint), exit 2, no stack trace, nothing sent', () => {
  it.each(cases)('%s', async (name, args, pattern) => {
    const r = await mqtxInProcess(args, name === 'a missing MQTX_CONFIG' ? { MQTX_CONFIG: '/nonexistent/mqtx.json' } : {})
    expectUsageError(r, pattern)
  })
})

describe('-o FILE: a warning about a line never shows a password or a pre-shared key', () => {
  it('not one after -u on the same line, nor the one in a URL (-L, --proxy, user:pass@)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mqtx-opts-')), 'opts')
    // lines with two options draw the warning; -q 7 then stops the run before connecting
    writeFileSync(file, '-L mqtt://me:s3cret@127.0.0.1:9/t -q 1\n--proxy socks5h://me:s3cret@127.0.0.1:9 -q 1\n-u me -P s3cret\n-i x -L mqtt://me:s3cret@h/t\n--psk 5ec3e7 --psk-identity me\n-q 7\n')
    const r = await mqtxInProcess(['pub', '-o', file, '-m', 'x'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`mqtx: warning: ${file}:1: the value of -L is the rest of the line ('mqtt://me:***@127.0.0.1:9/t -q 1'), '-q' included`)
    expect(r.stderr).toContain(`mqtx: warning: ${file}:2: the value of --proxy is the rest of the line ('socks5h://me:***@127.0.0.1:9 -q 1'), '-q' included`)
    expect(r.stderr).toContain(`mqtx: warning: ${file}:3: the value of -u is the rest of the line, '-P' included`)
    expect(r.stderr).toContain(`mqtx: warning: ${file}:4: the value of -i is the rest of the line ('x -L mqtt:***@h/t'), '-L' included`)
    expect(r.stderr).toContain(`mqtx: warning: ${file}:5: the value of --psk is the rest of the line, '--psk-identity' included`)
    expect(r.stderr).not.toContain('s3cret')
    expect(r.stderr).not.toContain('5ec3e7')
  })
})
