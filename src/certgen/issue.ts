/**
 * Making certificates: load or create the CA, issue server and client certificates into a staging
 * directory, and decide the validity period (never past the CA's expiry).
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { MqtxError, UsageError, errorMessage } from '../errors.js'
import { logWarn } from '../output/log.js'
import { CERT_MODE, KEY_MODE, type Staging } from './files.js'
import type { OpenSsl } from './openssl.js'
import { MAX_LEAF_DAYS, WARN_DAYS, caConfig, leafConfig, randomSerial, subject, type LeafProfile } from './profiles.js'

export const CA_CERT = 'ca.crt'
export const CA_KEY = 'ca.key'
const DAY_MS = 86_400_000

export interface Ca {
  cert: X509Certificate
  certPath: string
  keyPath: string
  /** True when this run created it (it is staged, not yet in place). */
  created: boolean
}

export interface Leaf {
  profile: LeafProfile
  base: string
  cert: X509Certificate
  certPem: string
  keyPem: string
  certPath: string
  days: number
}

/** The CA in `dir`, undefined when there is none; an error for half a CA or a mismatched pair. */
export function loadCa(dir: string): Ca | undefined {
  const certPath = join(dir, CA_CERT)
  const keyPath = join(dir, CA_KEY)
  const hasCert = existsSync(certPath)
  const hasKey = existsSync(keyPath)
  if (!hasCert && !hasKey) return undefined
  if (!hasCert) throw new MqtxError(`${keyPath} exists but ${CA_CERT} does not; refusing to overwrite a CA key.`, { hint: 'restore ca.crt, or use another --dir for a new CA' })
  if (!hasKey) throw new MqtxError(`${certPath} exists but ${CA_KEY} does not: cannot sign with this CA.`, { hint: 'restore ca.key, or use another --dir for a new CA' })
  let cert: X509Certificate
  try {
    cert = new X509Certificate(readFileSync(certPath))
  } catch (err) {
    throw new MqtxError(`${certPath} is not a PEM certificate: ${errorMessage(err)}.`, { cause: err })
  }
  let matches = false
  try {
    matches = cert.checkPrivateKey(createPrivateKey(readFileSync(keyPath)))
  } catch (err) {
    throw new MqtxError(`cannot read the CA key ${keyPath}: ${errorMessage(err)}.`, { cause: err })
  }
  if (!matches) throw new MqtxError(`the CA certificate ${certPath} does not match its key ${keyPath}.`, { hint: 'restore the pair, or use another --dir for a new CA' })
  if (!cert.ca) throw new MqtxError(`${certPath} is not a CA certificate (no CA:TRUE).`)
  if (new Date(cert.validTo).getTime() <= Date.now()) {
    throw new MqtxError(`the CA ${certPath} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}.`, { hint: 'create a new CA in another --dir (mqtx certgen ca --dir …)' })
  }
  return { cert, certPath, keyPath, created: false }
}

export function defaultCaName(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '').slice(0, 24) || 'localhost'
  return `mqtx CA ${host} ${new Date().toISOString().slice(0, 10)} ${randomBytes(3).toString('hex')}`
}

export async function createCa(openssl: OpenSsl, staging: Staging, opts: { cn: string; key: Promise<string>; days: number }): Promise<Ca> {
  const keyPath = await staging.write(CA_KEY, await opts.key, KEY_MODE, false)
  const config = await staging.scratch('ca.cnf', caConfig())
  const pem = await openssl.run(
    ['req', '-x509', '-new', '-key', keyPath, '-subj', subject(opts.cn), '-days', String(opts.days), '-sha256', '-set_serial', randomSerial(), '-config', config, '-extensions', 'ext'],
    { config },
  )
  const certPath = await staging.write(CA_CERT, pem, CERT_MODE, false)
  return { cert: new X509Certificate(pem), certPath, keyPath, created: true }
}

/**
 * The leaf validity in days. `requested` undefined: the default, shortened to the CA's remaining
 * lifetime with a warning. Explicit values past the CA or above 825 (without force) are refused.
 */
export function leafDays(requested: number | undefined, defaultDays: number, caNotAfter: Date, force: boolean, now = Date.now()): number {
  const remaining = Math.floor((caNotAfter.getTime() - now) / DAY_MS)
  const caEnd = caNotAfter.toISOString().slice(0, 10)
  if (remaining < 1) throw new MqtxError(`the CA expires on ${caEnd}, in less than a day: it cannot sign anything useful.`, { hint: 'create a new CA in another --dir' })
  if (requested === undefined) {
    if (defaultDays <= remaining) return defaultDays
    logWarn(`the CA expires on ${caEnd}: the certificate is valid for ${remaining} days, not ${defaultDays}.`)
    return remaining
  }
  if (requested > MAX_LEAF_DAYS && !force) {
    throw new UsageError(`--days ${requested} is more than ${MAX_LEAF_DAYS}: Apple devices reject such certificates (pass --force to issue it anyway).`)
  }
  if (requested > remaining) throw new UsageError(`--days ${requested} goes past the CA's expiry on ${caEnd} (${remaining} days from now).`)
  if (requested > WARN_DAYS) logWarn(`--days ${requested} is more than ${WARN_DAYS}: browsers and Apple devices may reject the certificate.`)
  return requested
}

export async function issueLeaf(openssl: OpenSsl, staging: Staging, ca: Ca, profile: LeafProfile, opts: { base: string; days: number; replace: boolean; key: Promise<string> }): Promise<Leaf> {
  const keyPem = await opts.key
  const keyPath = await staging.write(`${opts.base}.key`, keyPem, KEY_MODE, opts.replace)
  const config = await staging.scratch(`${opts.base}.cnf`, leafConfig(profile))
  const sign = ['-CA', ca.certPath, '-CAkey', ca.keyPath, '-set_serial', randomSerial(), '-days', String(opts.days), '-sha256']
  let certPem: string
  if (openssl.reqCa) {
    // OpenSSL 3: one process; our own config decides every extension
    certPem = await openssl.run(['req', '-new', '-x509', '-key', keyPath, '-subj', subject(profile.cn), ...sign, '-config', config, '-extensions', 'ext'], { config })
  } else {
    const csr = await openssl.run(['req', '-new', '-key', keyPath, '-subj', subject(profile.cn), '-sha256', '-config', config], { config })
    certPem = await openssl.run(['x509', '-req', ...sign, '-extfile', config, '-extensions', 'ext'], { config, input: csr })
  }
  const certPath = await staging.write(`${opts.base}.crt`, certPem, CERT_MODE, opts.replace)
  return { profile, base: opts.base, cert: new X509Certificate(certPem), certPem, keyPem, certPath, days: opts.days }
}

/** Refuse early (before any work) when leaf files exist and --force was not given. */
export function refuseExisting(dir: string, bases: string[], force: boolean): void {
  if (force) return
  for (const base of bases) {
    for (const ext of ['.crt', '.key']) {
      const p = join(dir, base + ext)
      if (existsSync(p)) throw new MqtxError(`${p} already exists.`, { hint: 'pass --force to replace it (the CA key is never replaced by anything)' })
    }
  }
}
