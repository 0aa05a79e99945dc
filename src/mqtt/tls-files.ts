/**
 * The TLS files, checked before connecting: a bad --cafile, --cert or --key is a usage error (exit 2)
 * that names the file and what is wrong with it, instead of an OpenSSL code at handshake time (or a
 * garbage --cafile blamed on the broker's certificate chain). node:crypto is loaded only with TLS.
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import type { TlsConfig } from './tls-config.js'

type Crypto = typeof import('node:crypto')

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

function notCertificate(text: string, raw: Buffer): string {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) return 'it holds a private key, not a certificate'
  if (raw[0] === 0x30) return 'it looks like DER: convert it to PEM (openssl x509 -inform der -in FILE -out FILE.pem)'
  return 'it is not a PEM certificate (no -----BEGIN CERTIFICATE----- block)'
}

function certificates(crypto: Crypto, raw: Buffer, flag: string, path: string): import('node:crypto').X509Certificate[] {
  const text = raw.toString('latin1')
  const blocks = text.match(PEM_CERT) ?? []
  const bad = (why: string) => new UsageError(`${flag} '${escapeForTerminal(path)}': ${why}.`)
  if (blocks.length === 0) throw bad(notCertificate(text, raw))
  return blocks.map((block, i) => {
    try {
      return new crypto.X509Certificate(block)
    } catch {
      throw bad(`certificate ${i + 1} in it is damaged (not valid base64 DER)`)
    }
  })
}

function privateKey(crypto: Crypto, raw: Buffer, path: string): import('node:crypto').KeyObject {
  const text = raw.toString('latin1')
  const bad = (why: string) => new UsageError(`--key '${escapeForTerminal(path)}': ${why}.`)
  if (/ENCRYPTED/.test(text)) throw bad('the key is encrypted and mqtx cannot ask for its passphrase (decrypt it: openssl pkey -in KEY -out plain.key)')
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    if (text.includes('-----BEGIN CERTIFICATE-----')) throw bad('it holds a certificate, not a private key (--cert and --key swapped?)')
    throw bad('it is not a PEM private key (no -----BEGIN … PRIVATE KEY----- block)')
  }
  try {
    return crypto.createPrivateKey(raw)
  } catch {
    throw bad('the private key in it is damaged')
  }
}

const checked = new WeakSet<TlsConfig>()

export async function checkTlsFiles(tls: TlsConfig): Promise<void> {
  if (checked.has(tls)) return
  const crypto = await import('node:crypto')
  if (tls.ca !== undefined && tls.cafile !== undefined && tls.ca[0] !== undefined) certificates(crypto, tls.ca[0], '--cafile', tls.cafile)
  if (tls.cert !== undefined && tls.key !== undefined) {
    const certPath = tls.certfile ?? '--cert'
    const keyPath = tls.keyfile ?? '--key'
    const [leaf] = certificates(crypto, tls.cert, '--cert', certPath)
    const key = privateKey(crypto, tls.key, keyPath)
    if (leaf !== undefined && !leaf.checkPrivateKey(key)) {
      throw new UsageError(`--key '${escapeForTerminal(keyPath)}' is not the private key of --cert '${escapeForTerminal(certPath)}'.`, { hint: 'give the key that was made with this certificate' })
    }
  }
  checked.add(tls)
}
