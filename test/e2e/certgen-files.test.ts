/** certgen's files: modes, X509 properties (node:crypto and `openssl x509 -text`), openssl verify, RSA. */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { mqtx } from '../helpers/run.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-certgen-files-'))
const out = join(dir, 'certs')
const f = (name: string) => join(out, name)
const cert = (name: string) => new X509Certificate(readFileSync(f(name)))
const text = (name: string) => execFileSync('openssl', ['x509', '-in', f(name), '-noout', '-text'], { encoding: 'utf8' })
const mode = (p: string) => statSync(p).mode & 0o777

function verify(purpose: string, file: string): { code: number | null; out: string } {
  const r = spawnSync('openssl', ['verify', '-x509_strict', '-purpose', purpose, '-CAfile', f('ca.crt'), file], { encoding: 'utf8' })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

beforeAll(async () => {
  const r = await mqtx(['certgen', '--dir', out])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
})

describe('mqtx certgen (default set)', () => {
  it('writes exactly the six files: keys 0600, certificates 0644, the directory 0755, nothing left over', () => {
    expect(readdirSync(out).sort()).toEqual(['ca.crt', 'ca.key', 'client.crt', 'client.key', 'server.crt', 'server.key'])
    expect(mode(out)).toBe(0o755)
    for (const k of ['ca.key', 'server.key', 'client.key']) expect(mode(f(k))).toBe(0o600)
    for (const c of ['ca.crt', 'server.crt', 'client.crt']) expect(mode(f(c))).toBe(0o644)
  })

  it('keys are unencrypted PKCS#8 ECDSA P-256 and match their certificates', () => {
    for (const base of ['ca', 'server', 'client']) {
      const pem = readFileSync(f(`${base}.key`), 'utf8')
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
      const key = createPrivateKey(pem)
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
      expect(cert(`${base}.crt`).checkPrivateKey(key)).toBe(true)
    }
  })

  it('the CA: CA:TRUE critical, pathlen 0, keyCertSign+cRLSign, SKID, unique CN, 10 years', () => {
    const ca = cert('ca.crt')
    expect(ca.ca).toBe(true)
    const t = text('ca.crt')
    expect(t).toContain('Version: 3 (0x2)')
    expect(t).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE, pathlen:0/)
    expect(t).toMatch(/X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/)
    expect(t).toContain('X509v3 Subject Key Identifier')
    expect(ca.subject).toMatch(/^CN=mqtx CA \S+ \d{4}-\d{2}-\d{2} [0-9a-f]{6}$/)
    const days = (new Date(ca.validTo).getTime() - new Date(ca.validFrom).getTime()) / 86_400_000
    expect(days).toBe(3650)
  })

  it('the server certificate: CA:FALSE, digitalSignature, serverAuth, SKID+AKID, DNS and IP names, 365 days', () => {
    const s = cert('server.crt')
    expect(s.ca).toBe(false)
    const t = text('server.crt')
    expect(t).toContain('Version: 3 (0x2)')
    expect(t).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE/)
    expect(t).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature\n/)
    expect(t).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication\n/)
    expect(t).toContain('X509v3 Subject Key Identifier')
    expect(t).toContain('X509v3 Authority Key Identifier')
    expect(s.subject).toBe('CN=localhost')
    const host = hostname().toLowerCase()
    const hostEntry = host === 'localhost' || !/^[a-z0-9.-]+$/.test(host) ? '' : `DNS:${host}, `
    expect(s.subjectAltName).toBe(`DNS:localhost, ${hostEntry}IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1`)
    for (const name of ['localhost', ...(hostEntry === '' ? [] : [host])]) expect(s.checkHost(name, { subject: 'never' })).toBe(name)
    expect(s.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(s.checkIP('::1')).toBeDefined()
    expect(s.checkHost('127.0.0.1', { subject: 'never' })).toBeUndefined()
    expect(s.checkIssued(cert('ca.crt'))).toBe(true)
    expect(s.verify(cert('ca.crt').publicKey)).toBe(true)
    expect((new Date(s.validTo).getTime() - new Date(s.validFrom).getTime()) / 86_400_000).toBe(365)
  })

  it('the client certificate: clientAuth, CN = the id, no SAN', () => {
    const c = cert('client.crt')
    expect(c.subject).toBe('CN=device-1')
    expect(c.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    expect(c.subjectAltName).toBeUndefined()
    expect(text('client.crt')).toMatch(/X509v3 Extended Key Usage: \n\s+TLS Web Client Authentication\n/)
  })

  it('128-bit random serials, no ca.srl', () => {
    const serials = ['ca.crt', 'server.crt', 'client.crt'].map((n) => cert(n).serialNumber)
    for (const s of serials) expect(s).toMatch(/^[4-7][0-9A-F]{31}$/)
    expect(new Set(serials).size).toBe(3)
    expect(readdirSync(out)).not.toContain('ca.srl')
  })

  it('openssl verify -x509_strict accepts each for its purpose and rejects the wrong purpose', () => {
    expect(verify('sslserver', f('server.crt'))).toEqual({ code: 0, out: `${f('server.crt')}: OK\n` })
    expect(verify('sslclient', f('client.crt'))).toEqual({ code: 0, out: `${f('client.crt')}: OK\n` })
    expect(verify('sslserver', f('client.crt')).code).not.toBe(0)
    expect(verify('sslclient', f('server.crt')).code).not.toBe(0)
  })
})

describe('RSA and more certificates', () => {
  it('--rsa makes RSA 2048 keys with keyEncipherment; --rsa-bits 3072 makes 3072', async () => {
    const d = join(dir, 'rsa')
    const r = await mqtx(['certgen', 'server', '--dir', d, '--rsa', 'broker.example.com', '10.0.0.5'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const s = new X509Certificate(readFileSync(join(d, 'broker.example.com.crt')))
    expect(s.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048)
    expect(new X509Certificate(readFileSync(join(d, 'ca.crt'))).publicKey.asymmetricKeyType).toBe('rsa')
    expect(execFileSync('openssl', ['x509', '-in', join(d, 'broker.example.com.crt'), '-noout', '-text'], { encoding: 'utf8' })).toMatch(/Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/)
    expect(s.subjectAltName).toBe('DNS:broker.example.com, IP Address:10.0.0.5')
    expect(s.subject).toBe('CN=broker.example.com')
    const c = await mqtx(['certgen', 'client', '--dir', d, '--rsa-bits', '3072', 'sensor-7'])
    expect(c.code).toBe(0)
    const key = createPrivateKey(readFileSync(join(d, 'sensor-7.key')))
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(3072)
    expect(new X509Certificate(readFileSync(join(d, 'sensor-7.crt'))).subject).toBe('CN=sensor-7')
    expect(mode(join(d, 'sensor-7.key'))).toBe(0o600)
  })

  it('client ID… issues one certificate per id, signed by the existing CA', async () => {
    const before = readFileSync(f('ca.key'))
    const r = await mqtx(['certgen', 'client', '--dir', out, 'dev-a', 'dev-b'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('existing CA "mqtx CA')
    for (const id of ['dev-a', 'dev-b']) {
      const c = new X509Certificate(readFileSync(f(`${id}.crt`)))
      expect(c.subject).toBe(`CN=${id}`)
      expect(c.checkIssued(cert('ca.crt'))).toBe(true)
    }
    expect(readFileSync(f('ca.key')).equals(before)).toBe(true)
  })

  it('a wildcard name is a DNS entry and matches one label', async () => {
    const d = join(dir, 'wild')
    const r = await mqtx(['certgen', 'server', '--dir', d, '*.mqtt.example.com'])
    expect(r.code).toBe(0)
    const s = new X509Certificate(readFileSync(join(d, 'wildcard.mqtt.example.com.crt')))
    expect(s.subjectAltName).toBe('DNS:*.mqtt.example.com')
    expect(s.checkHost('a.mqtt.example.com', { subject: 'never' })).toBe('*.mqtt.example.com')
    expect(s.checkHost('a.b.mqtt.example.com', { subject: 'never' })).toBeUndefined()
  })
})
