/**
 * `certgen inspect`: what a certificate holds and what is wrong with it. Pure: a DER/X509 in, a
 * plain object out (the --json shape), plus warnings in the words a user needs.
 */
import { X509Certificate } from 'node:crypto'
import { isIP } from 'node:net'
import { commonName } from './check.js'
import { OIDS, basicConstraints, certFacts, children, keyUsageNames, readTlv } from './der.js'
import { MAX_LEAF_DAYS, WARN_DAYS } from './profiles.js'

export interface Inspection {
  file: string
  /** Position in a PEM chain (0 = first). */
  index: number
  subject: string
  commonName: string | null
  issuer: string
  selfSigned: boolean
  version: number
  serial: string
  notBefore: string
  notAfter: string
  daysLeft: number
  lifetimeDays: number
  ca: boolean
  pathLen: number | null
  keyUsage: string[]
  extendedKeyUsage: string[]
  names: { dns: string[]; ip: string[]; other: string[] }
  key: { type: string; bits: number | null; curve: string | null }
  signature: string
  sha256: string
  extensions: { name: string; critical: boolean }[]
  warnings: string[]
}

const DAY_MS = 86_400_000

function ipText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.')
  if (bytes.length === 16) {
    const groups: string[] = []
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16))
    return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1)
  }
  return `(${bytes.length}-byte address)`
}

function sanNames(value: Buffer | undefined): Inspection['names'] {
  const names: Inspection['names'] = { dns: [], ip: [], other: [] }
  if (value === undefined) return names
  for (const t of children(value, readTlv(value, 0))) {
    const content = value.subarray(t.start, t.end)
    if (t.tag === 0x82) names.dns.push(content.toString('latin1'))
    else if (t.tag === 0x87) names.ip.push(ipText(content))
    else if (t.tag === 0x81) names.other.push(`email:${content.toString('latin1')}`)
    else if (t.tag === 0x86) names.other.push(`URI:${content.toString('latin1')}`)
    else names.other.push(`(tag 0x${t.tag.toString(16)})`)
  }
  return names
}

function keyInfo(cert: X509Certificate): Inspection['key'] {
  const k = cert.publicKey
  const d = k.asymmetricKeyDetails ?? {}
  const curve = d.namedCurve === 'prime256v1' ? 'P-256' : d.namedCurve === 'secp384r1' ? 'P-384' : d.namedCurve ?? null
  const type = k.asymmetricKeyType === 'ec' ? 'ECDSA' : k.asymmetricKeyType === 'rsa' ? 'RSA' : k.asymmetricKeyType === 'ed25519' ? 'Ed25519' : String(k.asymmetricKeyType ?? 'unknown')
  const bits = d.modulusLength ?? (curve === 'P-256' ? 256 : curve === 'P-384' ? 384 : null)
  return { type, bits, curve }
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

export function inspectCertificate(cert: X509Certificate, file: string, index: number, now = Date.now()): Inspection {
  const facts = certFacts(cert.raw)
  const ext = (name: string) => facts.extensions.find((e) => OIDS[e.oid] === name)
  const bc = ext('basicConstraints')
  const ku = ext('keyUsage')
  const notBefore = new Date(cert.validFrom).getTime()
  const notAfter = new Date(cert.validTo).getTime()
  const info: Inspection = {
    file,
    index,
    subject: cert.subject.split('\n').join(', '),
    commonName: commonName(cert.subject) ?? null,
    issuer: cert.issuer.split('\n').join(', '),
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    version: facts.version,
    serial: cert.serialNumber.toLowerCase(),
    notBefore: new Date(notBefore).toISOString(),
    notAfter: new Date(notAfter).toISOString(),
    daysLeft: Math.round((notAfter - now) / DAY_MS),
    lifetimeDays: Math.round((notAfter - notBefore) / DAY_MS),
    ca: bc === undefined ? false : basicConstraints(bc.value).ca,
    pathLen: bc === undefined ? null : basicConstraints(bc.value).pathLen ?? null,
    keyUsage: ku === undefined ? [] : keyUsageNames(ku.value),
    extendedKeyUsage: (cert.keyUsage ?? []).map((o) => OIDS[o] ?? o),
    names: sanNames(ext('subjectAltName')?.value),
    key: keyInfo(cert),
    signature: OIDS[facts.signatureOid] ?? facts.signatureOid,
    sha256: cert.fingerprint256,
    extensions: facts.extensions.map((e) => ({ name: OIDS[e.oid] ?? e.oid, critical: e.critical })),
    warnings: [],
  }
  info.warnings = warningsFor(info, facts.extensions.map((e) => ({ name: OIDS[e.oid] ?? e.oid, critical: e.critical })), now)
  return info
}

function warningsFor(c: Inspection, exts: { name: string; critical: boolean }[], now: number): string[] {
  const w: string[] = []
  const has = (name: string) => exts.some((e) => e.name === name)
  const eku = c.extendedKeyUsage
  const serverish = !c.ca && (eku.includes('serverAuth') || eku.length === 0)
  const clientOnly = !c.ca && eku.includes('clientAuth') && !eku.includes('serverAuth')
  const notAfter = new Date(c.notAfter).getTime()
  if (notAfter <= now) w.push(`expired on ${day(notAfter)} (${Math.ceil((now - notAfter) / DAY_MS)} days ago)`)
  else if (c.daysLeft <= 30) w.push(`expires ${notAfter - now < DAY_MS ? 'in less than a day' : `in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'}`} (${c.notAfter.replace('T', ' ').slice(0, 16)} UTC)`)
  if (new Date(c.notBefore).getTime() > now) w.push(`not valid yet: starts ${c.notBefore} (check the clock)`)
  if (c.version < 3) w.push(`a version-${c.version} certificate: no extensions at all (no subjectAltName, no key usage); modern clients reject it`)
  if (serverish && c.names.dns.length + c.names.ip.length === 0 && c.version >= 3 && !clientOnly) {
    w.push('no subjectAltName: clients that ignore the CN (Go, Android, iOS, Python 3.13 strict) and anyone connecting by IP address will reject it as a server certificate')
  }
  const fakeIps = c.names.dns.filter((n) => isIP(n) !== 0)
  if (fakeIps.length > 0) w.push(`DNS:${fakeIps.join(', DNS:')} does not match an IP address: it must be an IP entry`)
  if (c.ca && (eku.includes('serverAuth') || eku.includes('clientAuth') || c.names.dns.length + c.names.ip.length > 0)) {
    w.push('CA:TRUE on a leaf certificate (it has server/client usage or names): a server/client certificate must be CA:FALSE (the system openssl.cnf trap)')
  }
  if (c.ca && !c.keyUsage.includes('keyCertSign')) w.push('a CA without keyUsage keyCertSign: strict verifiers (Python 3.13, openssl -x509_strict) reject it')
  if (c.ca && !exts.some((e) => e.name === 'basicConstraints' && e.critical)) w.push('basicConstraints is not critical on a CA: strict verifiers reject it')
  if (!c.ca && c.version >= 3 && eku.length === 0) w.push('no extendedKeyUsage (serverAuth/clientAuth): some clients refuse it')
  if (!c.ca && serverish && c.lifetimeDays > WARN_DAYS) {
    w.push(`valid for ${c.lifetimeDays} days: more than ${WARN_DAYS} (browsers, Apple devices)${c.lifetimeDays > MAX_LEAF_DAYS ? `, and more than ${MAX_LEAF_DAYS} (Apple rejects it)` : ''}`)
  }
  if (clientOnly && c.commonName === null) w.push('no CN: mosquitto use_identity_as_username and EMQX peer_cert_as_username = cn refuse it')
  if (!c.selfSigned && c.version >= 3 && !has('authorityKeyIdentifier')) w.push('no authorityKeyIdentifier: Python 3.13 strict mode rejects it')
  if (!c.ca && c.selfSigned) w.push('self-signed: every client must trust this exact certificate (use a CA: mqtx certgen)')
  if (c.key.type === 'RSA' && (c.key.bits ?? 0) < 2048) w.push(`an RSA ${c.key.bits ?? '?'}-bit key: too small (2048 or more)`)
  if (/sha1|md5/i.test(c.signature)) w.push(`signed with ${c.signature}: insecure, rejected by current TLS libraries`)
  return w
}
