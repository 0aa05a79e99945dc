/**
 * Certificate profiles (the extension sections we hand to openssl), keys and serials.
 * Every modern client accepts these: see /work/shared/reference/tls-certificates.md.
 */
import { generateKeyPair, randomBytes } from 'node:crypto'
import type { SubjectNames } from './names.js'

export type KeyType = 'ec' | 'rsa2048' | 'rsa3072'

export interface LeafProfile {
  kind: 'server' | 'client'
  cn: string
  names: SubjectNames
  keyType: KeyType
}

export const CA_DAYS = 3650
export const LEAF_DAYS = 365
/** CA/Browser Forum limit; Apple clients reject more than 825. */
export const WARN_DAYS = 397
export const MAX_LEAF_DAYS = 825

/** A new private key as unencrypted PKCS#8 PEM (brokers cannot prompt for a passphrase). */
export function generateKey(type: KeyType): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _pub: string, priv: string) => (err === null ? resolve(priv) : reject(err))
    const encoding = { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } } as const
    if (type === 'ec') generateKeyPair('ec', { namedCurve: 'P-256', ...encoding }, done)
    else generateKeyPair('rsa', { modulusLength: type === 'rsa2048' ? 2048 : 3072, publicExponent: 0x10001, ...encoding }, done)
  })
}

/** A positive 128-bit random serial for -set_serial (no ca.srl file left behind). */
export function randomSerial(): string {
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40
  return `0x${bytes.toString('hex')}`
}

/** The [req] part every openssl config needs; the subject always comes from -subj. */
const REQ = '[req]\ndistinguished_name = dn\nstring_mask = utf8only\n[dn]\n'

export function caConfig(): string {
  return `${REQ}[ext]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`
}

export function leafConfig(profile: LeafProfile): string {
  const usage = profile.keyType === 'ec' ? 'digitalSignature' : 'digitalSignature,keyEncipherment'
  const san = [...profile.names.dns.map((n, i) => `DNS.${i + 1} = ${n}`), ...profile.names.ips.map((ip, i) => `IP.${i + 1} = ${ip}`)]
  return `${REQ}[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,${usage}
extendedKeyUsage = ${profile.kind === 'server' ? 'serverAuth' : 'clientAuth'}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
${san.length > 0 ? `subjectAltName = @san\n[san]\n${san.join('\n')}\n` : ''}`
}

/** -subj for a CN that names.ts has already cleared of / + = \ and control characters. */
export function subject(cn: string): string {
  return `/CN=${cn}`
}
