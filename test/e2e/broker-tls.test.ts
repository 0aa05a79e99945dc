import { mkdtempSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { mqtx, start } from '../helpers/run.js'

let certs: TestCerts
beforeAll(() => {
  certs = makeTestCerts()
})

const rid = () => Math.random().toString(16).slice(2, 10)

describe('mqtx broker over TLS', () => {
  let broker: MqtxBroker
  beforeAll(async () => {
    broker = await startMqtxBroker(['--tls-port', '0', '--cert', certs.server, '--key', certs.serverKey])
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('announces the mqtts listener', () => {
    const tls = broker.portOf('mqtts')
    expect(broker.proc.stderr()).toContain(`mqtx: broker ready: mqtt://127.0.0.1:${broker.port} mqtts://127.0.0.1:${tls} (MQTT 3.1, 3.1.1 and 5`)
  })

  it('mqtx pub over TLS reaches mosquitto_sub over TLS', async () => {
    const tls = String(broker.portOf('mqtts'))
    const id = `rx-${rid()}`
    const sub = start('mosquitto_sub', ['-V', '311', '-p', tls, '--cafile', certs.ca, '-h', 'localhost', '-i', id, '-t', 'secure/t', '-C', '1', '-v'])
    await waitForMqtxSubscription(broker, id, 'secure/t')
    const r = await mqtx(['pub', '-p', tls, '--cafile', certs.ca, '-h', 'localhost', '-t', 'secure/t', '-m', 'sealed', '-q', '1'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect((await sub.done).stdout).toBe('secure/t sealed\n')
  })

  it('a client that does not trust the certificate fails (exit 1), the broker keeps running', async () => {
    const r = await mqtx(['pub', '-p', String(broker.portOf('mqtts')), '--cafile', certs.otherCa, '-t', 'x', '-m', '1'])
    expect(r.code).toBe(1)
    expect(broker.proc.child.exitCode).toBeNull()
  })
  it('a client without --cafile is told which CA signed the certificate and to pass it (was: "no intermediate certificate was sent")', async () => {
    // a broker that sends its certificate alone (Node's TLS, EMQX…): OpenSSL's UNABLE_TO_VERIFY_LEAF_SIGNATURE
    const r = await mqtx(['pub', '-p', String(broker.portOf('mqtts')), '--tls-use-os-certs', '-t', 'x', '-m', '1'])
    expect([r.code, r.stdout, r.stderr]).toEqual([
      1,
      '',
      'mqtx: TLS: the broker\'s certificate was signed by "mqtx test CA", which is not trusted: no --cafile was given, so only the bundled public CAs are trusted.\n' +
        "hint: pass the CA that signed it: --cafile ca.crt (Node does not read the operating system's trust store); if that CA is an intermediate, the broker's certfile must hold it after the server certificate\n",
    ])
    const other = await mqtx(['pub', '-p', String(broker.portOf('mqtts')), '--cafile', certs.otherCa, '-t', 'x', '-m', '1'])
    expect(other.stderr).toMatch(/^mqtx: TLS: the broker's certificate was signed by "mqtx test CA", which is not trusted: --cafile .*other-ca\.crt is not that CA\.$/m)
  })
})

describe('mqtx broker: bad TLS files', () => {
  it('a key that does not belong to the certificate is a usage error (exit 2), nothing left listening', async () => {
    const r = await mqtx(['broker', '-p', '0', '--tls-port', '0', '--cert', certs.server, '--key', certs.clientKey])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^mqtx: cannot use --cert\/--key: .+\nhint: give a PEM certificate and the PEM private key that belongs to it\n$/)
  })
})

describe('mqtx broker --require-client-cert', () => {
  let broker: MqtxBroker
  beforeAll(async () => {
    broker = await startMqtxBroker(['--tls-port', '0', '--cert', certs.server, '--key', certs.serverKey, '--cafile', certs.ca, '--require-client-cert'])
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('accepts a client certificate signed by --cafile', async () => {
    const tls = String(broker.portOf('mqtts'))
    const id = `rx-${rid()}`
    const sub = start('mosquitto_sub', ['-V', '311', '-p', tls, '--cafile', certs.ca, '--cert', certs.client, '--key', certs.clientKey, '-i', id, '-t', 'mtls/t', '-C', '1'])
    await waitForMqtxSubscription(broker, id, 'mtls/t')
    const r = await mqtx(['pub', '-p', tls, '--cafile', certs.ca, '--cert', certs.client, '--key', certs.clientKey, '-t', 'mtls/t', '-m', 'ok'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect((await sub.done).stdout).toBe('ok\n')
  })

  it('refuses a client without a certificate (exit 1), and logs the failed handshake with -v', async () => {
    const r = await mqtx(['pub', '-p', String(broker.portOf('mqtts')), '--cafile', certs.ca, '-t', 'mtls/t', '-m', 'no'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: /)
    const line = await broker.waitForLog(/TLS handshake with 127\.0\.0\.1:\d+ failed: .*\n/)
    // OpenSSL's reason, not its error-queue line with source file paths
    expect(line).not.toMatch(/error:[0-9A-F]{8}|\.c:\d+|\\n/)
  })

  it('a client that hangs up before the handshake is logged with its address (was: "?:?")', async () => {
    const port = broker.portOf('mqtts')
    await new Promise<void>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => s.end())
      s.on('error', reject).on('close', () => resolve())
    })
    await broker.waitForLog(/TLS handshake with 127\.0\.0\.1:\d+ failed: socket hang up\n/)
    expect(broker.proc.stderr()).not.toContain('TLS handshake with ?:?')
  })

  it('plain MQTT on the TLS port: the log says what it probably was', async () => {
    const r = await mqtx(['pub', '--no-tls', '-p', String(broker.portOf('mqtts')), '-t', 'mtls/t', '-m', 'plain'])
    expect(r.code).toBe(1)
    await broker.waitForLog(/TLS handshake with 127\.0\.0\.1:\d+ failed: wrong version number \(a client speaking plain MQTT to the TLS port\?\)\n/)
  })
})

describe('mqtx broker with a login', () => {
  let broker: MqtxBroker
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-users-'))
    const users = join(dir, 'users')
    writeFileSync(users, '# dev users\nalice:wonder land\n')
    broker = await startMqtxBroker(['--users', users], { env: { MQTX_BROKER_USERNAME: 'bob', MQTX_BROKER_PASSWORD: 's3cret' } })
  })
  afterAll(async () => {
    await broker?.stop()
  })

  it('accepts users from the file and from the environment', async () => {
    const p = String(broker.port)
    expect((await mqtx(['pub', '-p', p, '-u', 'alice', '-P', 'wonder land', '-t', 'a', '-m', '1'])).code).toBe(0)
    expect((await mqtx(['pub', '-p', p, '-u', 'bob', '-t', 'a', '-m', '1'], { env: { MQTX_PASSWORD: 's3cret' } })).code).toBe(0)
  })

  it('refuses anonymous and a wrong password: v5 CONNACK 135 and 134, 3.1.1 CONNACK 5 and 4', async () => {
    const p = String(broker.port)
    const anon = await mqtx(['pub', '-p', p, '-t', 'a', '-m', '1'])
    expect(anon.code).toBe(135)
    expect(anon.stderr).toContain('not authorized (CONNACK code 135)')
    const wrong = await mqtx(['pub', '-p', p, '-u', 'alice', '-P', 'nope', '-t', 'a', '-m', '1'])
    expect(wrong.code).toBe(134)
    expect(wrong.stderr).toContain('bad user name or password (CONNACK code 134)')
    const anon311 = await mqtx(['pub', '-V', '311', '-p', p, '-t', 'a', '-m', '1'])
    expect(anon311.code).toBe(5)
    expect(anon311.stderr).toContain('not authorised (CONNACK code 5)')
    const wrong311 = await mqtx(['pub', '-V', '311', '-p', p, '-u', 'alice', '-P', 'nope', '-t', 'a', '-m', '1'])
    expect(wrong311.code).toBe(4)
    expect(wrong311.stderr).toContain('bad user name or password (CONNACK code 4)')
    await broker.waitForLog(/refused client .* wrong password/)
    expect(broker.proc.stderr()).not.toContain('nope')
    // each refusal once (was also logged again as "client … (address): <reason>")
    expect(broker.proc.stderr().match(/^mqtx: refused client /gm)).toHaveLength(4)
    expect(broker.proc.stderr()).not.toMatch(/^mqtx: client '[^']*' \([^)]*\): /m)
  })
})
