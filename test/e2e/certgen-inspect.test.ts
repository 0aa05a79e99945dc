/** `certgen inspect` and `certgen config` from the command line. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mqtx } from '../helpers/run.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-certgen-inspect-'))
const f = (name: string) => join(dir, name)

beforeAll(async () => {
  expect((await mqtx(['certgen', '--dir', dir, '--client-id', 'sensor-9'])).code).toBe(0)
})

describe('mqtx certgen inspect', () => {
  it('--json: subject, names, usages, validity, issuer, key, serial and no warnings for certgen output', async () => {
    const r = await mqtx(['certgen', 'inspect', '--json', f('server.crt'), f('client.crt')])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const [server, client] = JSON.parse(r.stdout) as Record<string, unknown>[]
    expect(server).toMatchObject({
      file: f('server.crt'),
      subject: 'CN=localhost',
      ca: false,
      version: 3,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['serverAuth'],
      key: { type: 'ECDSA', bits: 256, curve: 'P-256' },
      lifetimeDays: 365,
      warnings: [],
    })
    expect((server?.names as { ip: string[] }).ip).toEqual(['127.0.0.1', '::1'])
    expect(server?.serial).toMatch(/^[0-9a-f]{32}$/)
    expect(server?.issuer).toMatch(/^CN=mqtx CA /)
    expect(client).toMatchObject({ subject: 'CN=sensor-9', commonName: 'sensor-9', extendedKeyUsage: ['clientAuth'], warnings: [] })
  })

  it('human view of a chain file, one block per certificate', async () => {
    writeFileSync(f('chain.pem'), readFileSync(f('server.crt'), 'utf8') + readFileSync(f('ca.crt'), 'utf8'))
    const r = await mqtx(['certgen', 'inspect', f('chain.pem')])
    expect(r.code).toBe(0)
    const blocks = r.stdout.split('\n\n')
    expect(blocks).toHaveLength(2)
    expect(blocks[0]).toContain(`${f('chain.pem')} [1/2]\n  subject    CN=localhost\n  names      DNS:localhost`)
    expect(blocks[0]).toContain('  usage      digitalSignature; extended: serverAuth\n  CA         no\n')
    expect(blocks[1]).toContain('  CA         yes, pathlen 0\n')
    expect(blocks[1]).toMatch(/ \(self-signed\)\n/)
    expect(r.stdout).toMatch(/ {2}warnings {3}none\n$/)
  })

  it('warnings for a mosquitto-recipe certificate (v1, no SAN)', async () => {
    const conf = f('plain.cnf')
    writeFileSync(conf, '[req]\ndistinguished_name=dn\n[dn]\n')
    const env = { ...process.env, OPENSSL_CONF: conf }
    spawnSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f('v1.key'), '-subj', '/CN=localhost', '-out', f('v1.csr')], { env })
    spawnSync('openssl', ['x509', '-req', '-in', f('v1.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-set_serial', '7', '-days', '400', '-out', f('v1.crt')], { env })
    const r = await mqtx(['certgen', 'inspect', f('v1.crt')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('  names      (no subjectAltName)\n')
    expect(r.stdout).toContain('  warnings   ! a version-1 certificate: no extensions at all')
    expect(r.stdout).toContain('             ! valid for 400 days: more than 397')
  })

  it.each([
    ['server.key', /^mqtx: .*server\.key is a private key, not a certificate\.\nhint: inspect the matching \.crt file\n$/],
    ['missing.crt', /^mqtx: cannot read .*missing\.crt: no such file\.\n$/],
    ['plain.cnf', /^mqtx: .*plain\.cnf is not a certificate \(neither PEM nor DER\)\.\n$/],
  ])('%s: a usage problem with a local file: exit 2 and one clear line, nothing on stdout', async (name, stderr) => {
    const r = await mqtx(['certgen', 'inspect', f('server.crt'), f(name)])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(stderr)
  })
})

describe('mqtx certgen config', () => {
  it('mosquitto: the listener block on stdout, the permission note on stderr', async () => {
    const r = await mqtx(['certgen', 'config', 'mosquitto', '--dir', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`listener 8884\ncafile ${f('ca.crt')}\ncertfile ${f('server.crt')}\nkeyfile ${f('server.key')}\nrequire_certificate true\nuse_identity_as_username true\n`)
    expect(r.stderr).toContain(`sudo chgrp mosquitto ${f('server.key')} && sudo chmod 0640 ${f('server.key')}`)
  })

  it('emqx: ssl listener with verify_peer, fail_if_no_peer_cert and peer_cert_as_username', async () => {
    const r = await mqtx(['certgen', 'config', 'emqx', '--dir', dir])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`    cacertfile = "${f('ca.crt')}"\n    certfile = "${f('server.crt')}"\n    keyfile = "${f('server.key')}"\n`)
    expect(r.stdout).toContain('    verify = verify_peer\n    fail_if_no_peer_cert = true\n')
    expect(r.stdout).toContain('mqtt.peer_cert_as_username = cn\n')
  })

  it('hivemq: a 0600 PKCS#12 keystore that opens with the printed password', async () => {
    const r = await mqtx(['certgen', 'config', 'hivemq', '--dir', dir])
    expect(r.code).toBe(0)
    const password = /<password>([0-9a-f]{24})<\/password>/.exec(r.stdout)?.[1]
    expect(password).toBeDefined()
    expect(r.stdout).toContain(`<path>${f('hivemq-keystore.p12')}</path>`)
    expect(statSync(f('hivemq-keystore.p12')).mode & 0o777).toBe(0o600)
    const dump = spawnSync('openssl', ['pkcs12', '-in', f('hivemq-keystore.p12'), '-passin', `pass:${password ?? ''}`, '-nokeys'], { encoding: 'utf8' })
    expect(dump.status).toBe(0)
    expect(dump.stdout).toContain('subject=CN = localhost')
    expect(dump.stdout).toMatch(/subject=CN = mqtx CA /)
  })

  it('a directory without certificates: exit 1 and how to make them', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mqtx-certgen-empty-'))
    const r = await mqtx(['certgen', 'config', 'emqx', '--dir', empty])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`mqtx: ${join(empty, 'ca.crt')} does not exist.\nhint: make the certificates first: mqtx certgen --dir ${empty}\n`)
  })
})
