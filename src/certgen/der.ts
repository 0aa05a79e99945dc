/**
 * Just enough DER to read what node:crypto's X509Certificate does not expose: the certificate
 * version, the signature algorithm and the extensions (key usage bits, basic constraints, which
 * extensions are present and critical). Throws on malformed input.
 */
export interface Tlv {
  tag: number
  /** Start of the contents in the buffer. */
  start: number
  end: number
}

export function readTlv(buf: Buffer, at: number): Tlv {
  const tag = buf[at]
  let len = buf[at + 1]
  if (tag === undefined || len === undefined) throw new Error('truncated DER')
  let start = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4) throw new Error('unsupported DER length')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] ?? 0)
    start += n
  }
  const end = start + len
  if (end > buf.length) throw new Error('truncated DER')
  return { tag, start, end }
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = parent.start; at < parent.end; ) {
    const t = readTlv(buf, at)
    out.push(t)
    at = t.end
  }
  return out
}

export function oid(buf: Buffer, t: Tlv): string {
  const bytes = buf.subarray(t.start, t.end)
  const first = bytes[0] ?? 0
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40]
  let value = 0
  for (const b of bytes.subarray(1)) {
    value = value * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) {
      parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

export interface Extension {
  oid: string
  critical: boolean
  value: Buffer
}

export interface CertFacts {
  /** 1, 2 or 3 */
  version: number
  signatureOid: string
  extensions: Extension[]
}

export function certFacts(der: Buffer): CertFacts {
  const cert = readTlv(der, 0)
  const [tbs, sigAlg] = children(der, cert)
  if (tbs === undefined || sigAlg === undefined) throw new Error('not a certificate')
  const fields = children(der, tbs)
  let version = 1
  const extensions: Extension[] = []
  const first = fields[0]
  if (first?.tag === 0xa0) {
    const v = children(der, first)[0]
    version = (v === undefined ? 0 : (der[v.start] ?? 0)) + 1
  }
  const extWrapper = fields.find((f) => f.tag === 0xa3)
  if (extWrapper !== undefined) {
    const seq = children(der, extWrapper)[0]
    for (const ext of seq === undefined ? [] : children(der, seq)) {
      const parts = children(der, ext)
      const id = parts[0]
      const critical = parts.length === 3 && parts[1]?.tag === 0x01 && der[parts[1].start] !== 0
      const value = parts[parts.length - 1]
      if (id === undefined || value === undefined) continue
      extensions.push({ oid: oid(der, id), critical, value: der.subarray(value.start, value.end) })
    }
  }
  const algId = children(der, sigAlg)[0]
  return { version, signatureOid: algId === undefined ? '' : oid(der, algId), extensions }
}

const KU_NAMES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']

/** keyUsage BIT STRING -> names. */
export function keyUsageNames(value: Buffer): string[] {
  const bits = readTlv(value, 0)
  const bytes = value.subarray(bits.start + 1, bits.end)
  return KU_NAMES.filter((_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0)
}

/** basicConstraints SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen INTEGER OPTIONAL } */
export function basicConstraints(value: Buffer): { ca: boolean; pathLen: number | undefined } {
  const seq = readTlv(value, 0)
  let ca = false
  let pathLen: number | undefined
  for (const t of children(value, seq)) {
    if (t.tag === 0x01) ca = value[t.start] !== 0
    if (t.tag === 0x02) pathLen = value.subarray(t.start, t.end).reduce((n, b) => n * 256 + b, 0)
  }
  return { ca, pathLen }
}

export const OIDS: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.37': 'extendedKeyUsage',
  '2.5.29.31': 'cRLDistributionPoints',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
}
