/** inspectCertificate on certificates made with the openssl command the way users' recipes make them. */
import { X509Certificate } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { inspectCertificate } from '../../src/certgen/inspect.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-inspect-'))
const conf = join(dir, 'req.cnf')
const DAY = 86_400_000

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OPENSSL_CONF: conf } })
}

/** A certificate signed by ca.crt with these extension lines (none: a v1 certificate, as `x509 -req` makes). */
function signed(name: string, subj: string, ext: string | undefined, days = 60): X509Certificate {
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`])
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', subj, '-config', conf, '-out', `${name}.csr`])
  const extArgs = ext === undefined ? [] : ['-extfile', `${name}.ext`, '-extensions', 'v3']
  if (ext !== undefined) writeFileSync(join(dir, `${name}.ext`), `[v3]\n${ext}\n`)
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', '0x1234', '-days', String(days), '-sha256', ...extArgs, '-out', `${name}.crt`])
  return new X509Certificate(readFileSync(join(dir, `${name}.crt`)))
}

beforeAll(() => {
  writeFileSync(conf, '[req]\ndistinguished_name=dn\n[dn]\n[ca]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n')
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key'])
  openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Inspect CA', '-days', '100', '-config', conf, '-extensions', 'ca', '-out', 'ca.crt'])
})

const GOOD = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always'

describe('inspectCertificate', () => {
  it('reads version, usages, names, key and pathlen', () => {
    const ca = inspectCertificate(new X509Certificate(readFileSync(join(dir, 'ca.crt'))), 'ca.crt', 0)
    expect(ca).toMatchObject({ version: 3, ca: true, pathLen: 0, keyUsage: ['keyCertSign', 'cRLSign'], extendedKeyUsage: [], selfSigned: true, commonName: 'Inspect CA', warnings: [] })
    const s = inspectCertificate(signed('good', '/CN=broker', `${GOOD}\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:broker,IP:10.0.0.5,IP:::1`, 90), 'good.crt', 0)
    expect(s).toMatchObject({
      version: 3,
      ca: false,
      pathLen: null,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: ['serverAuth'],
      names: { dns: ['broker'], ip: ['10.0.0.5', '::1'], other: [] },
      key: { type: 'ECDSA', bits: 256, curve: 'P-256' },
      signature: 'ecdsa-with-SHA256',
      serial: '1234',
      issuer: 'CN=Inspect CA',
      lifetimeDays: 90,
      warnings: [],
    })
    expect(s.extensions.find((e) => e.name === 'keyUsage')?.critical).toBe(true)
  })

  it('a version-1 certificate (x509 -req without an extension file)', () => {
    const w = inspectCertificate(signed('v1', '/CN=localhost', undefined), 'v1.crt', 0).warnings
    expect(w[0]).toBe('a version-1 certificate: no extensions at all (no subjectAltName, no key usage); modern clients reject it')
  })

  it('no subjectAltName on a server certificate; DNS:<ip> entries', () => {
    expect(inspectCertificate(signed('nosan', '/CN=broker', `${GOOD}\nextendedKeyUsage=serverAuth`), 'x', 0).warnings).toEqual([
      'no subjectAltName: clients that ignore the CN (Go, Android, iOS, Python 3.13 strict) and anyone connecting by IP address will reject it as a server certificate',
    ])
    expect(inspectCertificate(signed('dnsip', '/CN=broker', `${GOOD}\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:127.0.0.1`), 'x', 0).warnings).toEqual([
      'DNS:127.0.0.1 does not match an IP address: it must be an IP entry',
    ])
  })

  it('CA:TRUE on a leaf (the openssl.cnf trap)', () => {
    const c = inspectCertificate(signed('caleaf', '/CN=broker', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature,keyCertSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:broker'), 'x', 0)
    expect(c.warnings).toContain('CA:TRUE on a leaf certificate (it has server/client usage or names): a server/client certificate must be CA:FALSE (the system openssl.cnf trap)')
  })

  it('a client certificate with no CN (mkcert style) and no AKID', () => {
    const c = inspectCertificate(signed('nocn', '/O=mkcert development certificate', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=none\nauthorityKeyIdentifier=none'), 'x', 0)
    expect(c.commonName).toBeNull()
    expect(c.warnings).toEqual([
      'no CN: mosquitto use_identity_as_username and EMQX peer_cert_as_username = cn refuse it',
      'no authorityKeyIdentifier: Python 3.13 strict mode rejects it',
    ])
  })

  it('expiry: soon, less than a day, expired; long lifetimes', () => {
    const cert = signed('short', '/CN=dev-1', `${GOOD}\nextendedKeyUsage=clientAuth`, 5)
    const notAfter = new Date(cert.validTo).getTime()
    expect(inspectCertificate(cert, 'x', 0).warnings[0]).toMatch(/^expires in 5 days \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/)
    expect(inspectCertificate(cert, 'x', 0, notAfter - 3_600_000).warnings[0]).toMatch(/^expires in less than a day/)
    expect(inspectCertificate(cert, 'x', 0, notAfter + 3 * DAY).warnings[0]).toBe(`expired on ${new Date(notAfter).toISOString().slice(0, 10)} (3 days ago)`)
    const long = inspectCertificate(signed('long', '/CN=broker', `${GOOD}\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:broker`, 900), 'x', 0)
    expect(long.warnings).toEqual(['valid for 900 days: more than 397 (browsers, Apple devices), and more than 825 (Apple rejects it)'])
  })
})
