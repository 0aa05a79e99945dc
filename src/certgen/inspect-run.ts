/** `certgen inspect FILE…`: read PEM (chains too) or DER certificates, print facts and warnings. */
import type { InspectOptions } from './flags.js'
import { X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { MqtxError, UsageError } from '../errors.js'
import { readErrorReason } from '../files.js'
import { escapeForTerminal, escapeJson } from '../output/escape.js'
import { inspectCertificate, type Inspection } from './inspect.js'
import { writeOut } from '../output/stdout.js'

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g

async function load(file: string): Promise<X509Certificate[]> {
  let data: Buffer
  try {
    data = await readFile(file)
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${readErrorReason(err)}.`, { cause: err })
  }
  const text = data.toString('latin1')
  const blocks = text.match(PEM_CERT)
  try {
    if (blocks !== null) return blocks.map((b) => new X509Certificate(b))
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new UsageError(`${file} is a private key, not a certificate.`, { hint: 'inspect the matching .crt file' })
    if (/-----BEGIN CERTIFICATE REQUEST-----/.test(text)) throw new UsageError(`${file} is a certificate request, not a certificate.`)
    return [new X509Certificate(data)]
  } catch (err) {
    if (err instanceof MqtxError) throw err
    throw new UsageError(`${file} is not a certificate (neither PEM nor DER).`, { cause: err })
  }
}

function human(c: Inspection, chainLength: number): string {
  const e = (s: string) => escapeForTerminal(s)
  const names = [...c.names.dns.map((n) => `DNS:${n}`), ...c.names.ip.map((n) => `IP:${n}`), ...c.names.other]
  const ku = c.keyUsage.length > 0 ? c.keyUsage.join(', ') : 'none'
  const key = c.key.type === 'ECDSA' ? `ECDSA ${c.key.curve ?? ''}` : `${c.key.type}${c.key.bits === null ? '' : ` ${c.key.bits}`}`
  const left = new Date(c.notAfter).getTime() > Date.now() ? `${c.daysLeft} days left` : 'EXPIRED'
  const rows: [string, string][] = [
    ['subject', e(c.subject || '(empty)')],
    ['names', names.length > 0 ? e(names.join(', ')) : '(no subjectAltName)'],
    ['usage', `${ku}; extended: ${c.extendedKeyUsage.length > 0 ? c.extendedKeyUsage.join(', ') : 'none'}`],
    ['CA', c.ca ? `yes${c.pathLen === null ? '' : `, pathlen ${c.pathLen}`}` : 'no'],
    ['validity', `${c.notBefore.replace('T', ' ').slice(0, 16)} to ${c.notAfter.replace('T', ' ').slice(0, 16)} UTC (${c.lifetimeDays} days; ${left})`],
    ['issuer', `${e(c.issuer || '(empty)')}${c.selfSigned ? ' (self-signed)' : ''}`],
    ['key', key],
    ['signature', c.signature],
    ['version', String(c.version)],
    ['serial', c.serial],
    ['sha256', c.sha256],
  ]
  const title = chainLength > 1 ? `${c.file} [${c.index + 1}/${chainLength}]` : c.file
  const lines = [e(title), ...rows.map(([k, v]) => `  ${k.padEnd(10)} ${v}`)]
  if (c.warnings.length === 0) lines.push('  warnings   none')
  else lines.push(...c.warnings.map((w, i) => `  ${(i === 0 ? 'warnings' : '').padEnd(10)} ! ${w}`))
  return lines.join('\n')
}

export async function runInspect(files: string[], options: InspectOptions): Promise<void> {
  const loaded = await Promise.all(files.map(async (file) => ({ file, certs: await load(file) })))
  const results = loaded.flatMap(({ file, certs }) => certs.map((cert, i) => ({ info: inspectCertificate(cert, file, i), count: certs.length })))
  if (options.json === true) {
    writeOut(`${escapeJson(JSON.stringify(results.map((r) => r.info), null, 2))}\n`)
    return
  }
  writeOut(`${results.map((r) => human(r.info, r.count)).join('\n\n')}\n`)
}
