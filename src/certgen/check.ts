/**
 * The self-check run before anything is moved into place: chain and purpose with
 * `openssl verify -x509_strict -purpose`, every name with Node's X509Certificate (CN fallback off),
 * issuer and signature, and the key matching the certificate.
 */
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { MqtxError } from '../errors.js'
import type { Ca, Leaf } from './issue.js'
import type { OpenSsl } from './openssl.js'

function fail(what: string, problem: string): never {
  throw new MqtxError(`self-check failed for ${what}: ${problem}; nothing was written.`, { hint: 'please report this with the output of --debug' })
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' })
}

/** Public key of the certificate == public key derived from the private key. */
export function keyMatches(cert: X509Certificate, keyPem: string | Buffer): boolean {
  return spki(cert.publicKey).equals(spki(createPublicKey(createPrivateKey(keyPem)))) && cert.checkPrivateKey(createPrivateKey(keyPem))
}

/** A name a wildcard entry must match: *.example.com -> mqtx-check.example.com. */
function sampleName(dns: string): string {
  return dns.startsWith('*.') ? `mqtx-check${dns.slice(1)}` : dns
}

export function commonName(dn: string): string | undefined {
  const line = dn.split('\n').find((l) => l.startsWith('CN='))
  return line?.slice(3)
}

export function checkCaCert(ca: Ca): void {
  const what = ca.certPath
  if (!ca.cert.ca) fail(what, 'not CA:TRUE')
  if (ca.created) {
    if (!ca.cert.verify(ca.cert.publicKey)) fail(what, 'the self-signature does not verify')
    if (!keyMatches(ca.cert, readFileSync(ca.keyPath))) fail(what, 'the key does not match the certificate')
  }
}

export async function checkLeaf(openssl: OpenSsl, ca: Ca, leaf: Leaf, config: string): Promise<void> {
  const what = `${leaf.base}.crt`
  const purpose = leaf.profile.kind === 'server' ? 'sslserver' : 'sslclient'
  const out = await openssl
    .run(['verify', '-x509_strict', '-purpose', purpose, '-CAfile', ca.certPath, leaf.certPath], { config })
    .catch((err: unknown) => fail(what, `openssl verify -x509_strict -purpose ${purpose}: ${err instanceof Error ? err.message : String(err)}`))
  if (!/: OK\s*$/.test(out)) fail(what, `openssl verify said: ${out.trim()}`)
  const cert = leaf.cert
  if (cert.ca) fail(what, 'the certificate is CA:TRUE')
  if (!cert.checkIssued(ca.cert)) fail(what, 'not issued by the CA')
  if (!cert.verify(ca.cert.publicKey)) fail(what, "the CA's signature does not verify")
  if (!keyMatches(cert, leaf.keyPem)) fail(what, 'the key does not match the certificate')
  const eku = cert.keyUsage ?? []
  const wanted = leaf.profile.kind === 'server' ? '1.3.6.1.5.5.7.3.1' : '1.3.6.1.5.5.7.3.2'
  if (!eku.includes(wanted)) fail(what, `the extended key usage is ${eku.join(', ') || 'missing'}`)
  if (commonName(cert.subject) !== leaf.profile.cn) fail(what, `the CN is ${commonName(cert.subject) ?? 'missing'}, not ${leaf.profile.cn}`)
  for (const dns of leaf.profile.names.dns) {
    if (cert.checkHost(sampleName(dns), { subject: 'never' }) === undefined) fail(what, `not valid for the host name ${dns}`)
  }
  for (const ip of leaf.profile.names.ips) {
    if (cert.checkIP(ip) === undefined) fail(what, `not valid for the IP address ${ip}`)
  }
}
