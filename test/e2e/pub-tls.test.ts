import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { mqtx, NOT_FOR_BINARY, start, startMqtx } from '../helpers/run.js'

let certs: TestCerts
let broker: Broker
let plain: string
let tlsPort: string
let mtlsPort: string
let wrongPort: string
let pskPort: string
let expiredPort: string

beforeAll(async () => {
  if (!mosquittoReady) return
  certs = makeTestCerts()
  const pskFile = join(certs.dir, 'psk')
  writeFileSync(pskFile, 'dev1:00112233445566778899aabbccddeeff\n')
  broker = await startMosquitto({
    listeners: [
      { lines: ['allow_anonymous true'] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`, 'require_certificate true', 'use_identity_as_username true'] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.wrongNameServer}`, `keyfile ${certs.wrongNameServerKey}`] },
      { lines: ['allow_anonymous true', 'psk_hint mqtx', `psk_file ${pskFile}`] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.expiredServer}`, `keyfile ${certs.expiredServerKey}`] },
    ],
  })
  ;[plain, tlsPort, mtlsPort, wrongPort, pskPort, expiredPort] = broker.ports.map(String) as [string, string, string, string, string, string]
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`

/** Publish with `args`, receive on the plain listener with mosquitto_sub. */
async function roundTrip(args: string[]): Promise<{ code: number | null; stderr: string; got: string }> {
  const topic = uniq('tls')
  const id = `tlsrx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', plain, '-i', id, '-t', topic, '-C', '1', '-W', '10'])
  await waitForSubscription(broker, id)
  const r = await mqtx(['pub', ...args, '-t', topic, '-m', 'secure'])
  if (r.code !== 0) sub.kill()
  return { code: r.code, stderr: r.stderr, got: (await sub.done).stdout }
}

describe.skipIf(!mosquittoReady)('TLS that works', () => {
  it('--cafile by localhost and by 127.0.0.1', async () => {
    for (const host of ['localhost', '127.0.0.1']) {
      const r = await roundTrip(['-h', host, '-p', tlsPort, '--cafile', certs.ca])
      expect([r.code, r.stderr, r.got]).toEqual([0, '', 'secure\n'])
    }
  })

  it('-L mqtts:// with --cafile; --capath; --tls-version; --ciphers; --tls-alpn', async () => {
    const capath = mkdtempSync(join(tmpdir(), 'mqtx-capath-'))
    copyFileSync(certs.ca, join(capath, 'ca.pem'))
    const variants = [
      ['-L', `mqtts://localhost:${tlsPort}/ignored`, '--cafile', certs.ca],
      ['-p', tlsPort, '--capath', capath],
      ['-p', tlsPort, '--cafile', certs.ca, '--tls-version', 'tlsv1.3'],
      ['-p', tlsPort, '--cafile', certs.ca, '--tls-version', 'tlsv1.2', '--ciphers', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
      ['-p', tlsPort, '--cafile', certs.ca, '--tls-alpn', 'mqtt'],
    ]
    for (const args of variants) {
      const r = await roundTrip(args)
      expect([r.code, r.stderr, r.got], args.join(' ')).toEqual([0, '', 'secure\n'])
    }
  })

  it('client certificates: the broker maps the CN to the username', async () => {
    const id = `mtls-${process.pid}`
    const r = await roundTrip(['-p', mtlsPort, '--cafile', certs.ca, '--cert', certs.client, '--key', certs.clientKey, '-i', id])
    expect([r.code, r.got]).toEqual([0, 'secure\n'])
    await broker.waitForLog(new RegExp(`as ${id} \\(p5, c1, k60, u'device-42'\\)`))
  })

  it('--insecure skips the certificate checks (2.1: the chain too, see mosquitto21-connect); --servername names the expected host', async () => {
    const insecure = await roundTrip(['-h', '127.0.0.1', '-p', wrongPort, '--cafile', certs.ca, '--insecure'])
    expect(insecure.code).toBe(0)
    // said every time, on a pipe too, once
    expect(insecure.stderr).toBe("mqtx: warning: --insecure: the broker's certificate is not checked at all (neither its issuer nor its name); anyone on the path can impersonate the broker\n")
    expect((await roundTrip(['-h', '127.0.0.1', '-p', wrongPort, '--cafile', certs.ca, '--servername', 'broker.example.com'])).code).toBe(0)
  })

  // the npm build uses node:tls; the binary (Bun's TLS has no PSK) runs `openssl s_client -psk`
  it('--psk with --psk-identity: pub, and sub receiving over the PSK listener', async () => {
    const r = await roundTrip(['-h', '127.0.0.1', '-p', pskPort, '--psk', '00112233445566778899aabbccddeeff', '--psk-identity', 'dev1'])
    expect([r.code, r.stderr, r.got]).toEqual([0, '', 'secure\n'])
    const topic = uniq('psk/sub')
    const sub = startMqtx(['sub', '-h', '127.0.0.1', '-p', pskPort, '--psk', '00112233445566778899aabbccddeeff', '--psk-identity', 'dev1', '-i', `psksub-${process.pid}`, '-t', topic, '-C', '1', '-W', '10'])
    await waitForSubscription(broker, `psksub-${process.pid}`)
    // control and non-ASCII bytes cross the openssl pipe unchanged
    const pub = start('mosquitto_pub', ['-p', plain, '-t', topic, '-m', 'a\u0001b\u00ffc'])
    expect((await pub.done).code).toBe(0)
    const got = await sub.done
    expect([got.code, got.stdout, got.stderr]).toEqual([0, 'a\u0001b\u00ffc\n', ''])
  })

  it('--psk with a wrong key: a TLS error, exit 1', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', pskPort, '--psk', 'ffffffffffffffffffffffffffffffff', '--psk-identity', 'dev1', '-t', 'a', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: TLS/)
  })

  it.runIf(NOT_FOR_BINARY)('--psk in the standalone binary: openssl not found is one line, exit 1', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', pskPort, '--psk', '00112233445566778899aabbccddeeff', '--psk-identity', 'dev1', '-t', 'a', '-m', 'x'], { env: { MQTX_OPENSSL: '/nonexistent/openssl' } })
    expect([r.code, r.stdout, r.stderr]).toEqual([1, '', "mqtx: TLS: TLS-PSK: /nonexistent/openssl was not found (TLS-PSK in the standalone binary runs the openssl command).\nhint: install openssl (e.g. apt-get install openssl) or point MQTX_OPENSSL at it\n"])
  })

  it.runIf(NOT_FOR_BINARY)('--psk in the standalone binary with --proxy or -A: a usage error (exit 2)', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', pskPort, '--psk', '00112233445566778899aabbccddeeff', '--psk-identity', 'dev1', '-A', '127.0.0.1', '-t', 'a', '-m', 'x'])
    expect([r.code, r.stdout]).toEqual([2, ''])
    expect(r.stderr).toMatch(/^mqtx: --psk in the standalone binary works over plain TLS only/)
  })
})

describe.skipIf(!mosquittoReady)('TLS failures say which check failed, with the evidence and the fix (exit 1)', () => {
  const pub = (args: string[]) => mqtx(['pub', ...args, '-t', 'a', '-m', 'x'])

  it('unknown CA: names the issuer', async () => {
    const none = await pub(['-p', tlsPort, '--tls-use-os-certs'])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      'mqtx: TLS: the broker\'s certificate was signed by "mqtx test CA", which is not trusted: no --cafile was given, so only the bundled public CAs are trusted.\n' +
        "hint: pass the CA that signed it: --cafile ca.crt (Node does not read the operating system's trust store)\n",
    )
    const other = await pub(['-p', tlsPort, '--cafile', certs.otherCa])
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/signed by "mqtx test CA", which is not trusted: --cafile .*other-ca\.crt is not that CA/)
  })

  it('host-name mismatch: lists the names the certificate holds', async () => {
    const r = await pub(['-h', '127.0.0.1', '-p', wrongPort, '--cafile', certs.ca])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'mqtx: TLS: the broker\'s certificate is not valid for "127.0.0.1"; it is valid for DNS:broker.example.com.\n' +
        'hint: connect by a listed name, pass --servername <listed name>, or re-issue it: mqtx certgen server 127.0.0.1\n',
    )
  })

  it('expired: gives the dates and the local clock', async () => {
    const r = await pub(['-p', expiredPort, '--cafile', certs.ca])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: TLS: the broker's certificate has expired \(valid from Jan  1 00:00:00 2020 GMT to Jan  1 00:00:00 2021 GMT; this machine's clock says .+\)\.\nhint: re-issue the server certificate/)
  })

  it('client certificate required', async () => {
    const r = await pub(['-p', mtlsPort, '--cafile', certs.ca])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: TLS: the broker requires a client certificate\.\nhint: pass --cert client\.crt --key client\.key/)
  })

  it('TLS spoken to a plain MQTT port', async () => {
    const r = await pub(['-p', plain, '--cafile', certs.ca])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^mqtx: TLS: mqtts://localhost:${plain} does not speak TLS \\(the handshake was cut off\\)\\.\\nhint: that port is probably plain MQTT`))
  })
})

describe.skipIf(!mosquittoReady)('local TLS files: a usage error (exit 2) that names the file and what is wrong, before connecting', () => {
  const pub = (args: string[]) => mqtx(['pub', '-p', tlsPort, ...args, '-t', 'a', '-m', 'x'])
  let garbage: string
  beforeAll(() => {
    garbage = join(certs.dir, 'garbage.pem')
    writeFileSync(garbage, 'this is not a certificate\n')
  })

  it.each([
    ['a garbage --cafile (was blamed on the broker\'s chain)', () => ['--cafile', garbage], () => `mqtx: --cafile '${garbage}': it is not a PEM certificate (no -----BEGIN CERTIFICATE----- block).\n`],
    ['a private key as --cafile', () => ['--cafile', certs.clientKey], () => `mqtx: --cafile '${certs.clientKey}': it holds a private key, not a certificate.\n`],
    ['a garbage --cert', () => ['--cafile', certs.ca, '--cert', garbage, '--key', certs.clientKey], () => `mqtx: --cert '${garbage}': it is not a PEM certificate (no -----BEGIN CERTIFICATE----- block).\n`],
    ['a garbage --key', () => ['--cafile', certs.ca, '--cert', certs.client, '--key', garbage], () => `mqtx: --key '${garbage}': it is not a PEM private key (no -----BEGIN … PRIVATE KEY----- block).\n`],
    ['--cert and --key swapped', () => ['--cafile', certs.ca, '--cert', certs.clientKey, '--key', certs.client], () => `mqtx: --cert '${certs.clientKey}': it holds a private key, not a certificate.\n`],
    [
      'a --key of another certificate',
      () => ['--cafile', certs.ca, '--cert', certs.client, '--key', certs.serverKey],
      () => `mqtx: --key '${certs.serverKey}' is not the private key of --cert '${certs.client}'.\nhint: give the key that was made with this certificate\n`,
    ],
  ])('%s', async (_name, args, expected) => {
    const r = await pub(args())
    expect([r.code, r.stderr]).toEqual([2, expected()])
  })
})
