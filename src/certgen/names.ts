/**
 * Validation of everything that reaches openssl: DNS names (RFC 1123, wildcard rules), IP literals
 * (net.isIP), client ids (the CN, also a file name) and --days. Pure functions; each failure is one
 * line (UsageError, exit 2) and happens before any file is touched.
 */
import { isIP } from 'node:net'
import { UsageError } from '../errors.js'

export interface SubjectNames {
  dns: string[]
  ips: string[]
}

/** Characters with a meaning to `-subj`, openssl config files or a shell. */
const SPECIAL = /[/=+\\,;|&$`<>()'"!?{}[\]#~%^\s\u0000-\u001f\u007f]/u

function show(value: string): string {
  return JSON.stringify(value)
}

function specialReason(value: string): string | undefined {
  const m = SPECIAL.exec(value)
  if (m === null) return undefined
  const ch = m[0]
  const what = ch === '\n' ? 'a newline' : ch === '\r' ? 'a carriage return' : /\s/u.test(ch) ? 'whitespace' : /[\u0000-\u001f\u007f]/u.test(ch) ? 'a control character' : `'${ch}'`
  return `${what} is not allowed`
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** Why `name` is not a valid DNS name for a certificate, or undefined when it is. */
export function dnsNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty'
  if (name.length > 253) return 'it is longer than 253 characters'
  const labels = name.split('.')
  if (labels.some((l) => l === '')) return 'it has an empty label (a leading, trailing or double dot)'
  const wildcard = labels[0] === '*'
  if (labels.slice(wildcard ? 1 : 0).some((l) => l.includes('*'))) return "a wildcard '*' may only be the whole leftmost label (*.example.com)"
  if (wildcard && labels.length < 3) return 'a wildcard needs at least two labels after it (*.example.com, not *.com)'
  for (const label of labels.slice(wildcard ? 1 : 0)) {
    if (label.length > 63) return `the label "${label.slice(0, 20)}…" is longer than 63 characters`
    if (label.includes('_')) return "'_' is not allowed in a host name"
    if (!LABEL.test(label)) return `the label "${label}" must be letters, digits and inner hyphens`
  }
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return 'it looks like an IP address but is not a valid one'
  return undefined
}

/** Sort certificate names into DNS and IP entries (DNS:127.0.0.1 would not match an IP). */
export function classifyNames(names: string[]): SubjectNames {
  const dns: string[] = []
  const ips: string[] = []
  for (const raw of names) {
    const unbracketed = /^\[.*\]$/.test(raw) ? raw.slice(1, -1) : raw
    if (isIP(unbracketed) !== 0 && unbracketed.includes('%')) throw new UsageError(`invalid IP address ${show(raw)}: a zone (%…) cannot be in a certificate.`)
    if (isIP(unbracketed) !== 0) {
      const ip = unbracketed.toLowerCase()
      if (!ips.includes(ip)) ips.push(ip)
      continue
    }
    const special = specialReason(raw)
    if (special !== undefined) throw new UsageError(`invalid name ${show(raw)}: ${special} in a DNS name or IP address.`)
    if (unbracketed.includes(':') || unbracketed.includes('%')) throw new UsageError(`invalid IP address ${show(raw)}.`)
    const name = raw.toLowerCase()
    const problem = dnsNameProblem(name)
    if (problem !== undefined) throw new UsageError(`invalid DNS name ${show(raw)}: ${problem}.`)
    if (!dns.includes(name)) dns.push(name)
  }
  if (dns.length + ips.length === 0) throw new UsageError('a server certificate needs at least one DNS name or IP address.')
  return { dns, ips }
}

const CLIENT_ID = /^[A-Za-z0-9_@][A-Za-z0-9._@:-]{0,63}$/

/** A client id becomes the certificate's CN (the MQTT username) and its file name. */
export function checkClientId(id: string): string {
  const special = specialReason(id)
  if (special !== undefined) throw new UsageError(`invalid client id ${show(id)}: ${special} (use letters, digits and . _ @ : -).`)
  if (!CLIENT_ID.test(id)) {
    throw new UsageError(`invalid client id ${show(id)}: use 1 to 64 letters, digits and . _ @ : -, not starting with '.' or '-'.`)
  }
  return id
}

/** A file base name (--name): the same rule as a client id. */
export function checkBaseName(name: string): string {
  if (!CLIENT_ID.test(name)) throw new UsageError(`invalid file name ${show(name)}: use letters, digits and . _ @ : -, not starting with '.' or '-'.`)
  return name
}

/** A CA's common name: printable, none of -subj's special characters. */
export function checkCommonName(cn: string): string {
  if (cn.length === 0 || cn.length > 64) throw new UsageError('the CA name must be 1 to 64 characters.')
  if (/[/=+\\\u0000-\u001f\u007f]/u.test(cn)) throw new UsageError(`invalid CA name ${show(cn)}: '/', '=', '+', '\\' and control characters are not allowed.`)
  return cn
}

export const MAX_DAYS = 36500

/** commander argParser for --days: a whole number of days, 1 or more. */
export function parseDays(value: string): number {
  const trimmed = value.trim()
  if (!/^-?\d+$/.test(trimmed)) throw new UsageError(`--days must be a whole number of days, not ${show(value)}.`)
  const n = Number(trimmed)
  if (n < 1) throw new UsageError(`--days must be 1 or more (got ${n}).`)
  if (n > MAX_DAYS) throw new UsageError(`--days must be at most ${MAX_DAYS}.`)
  return n
}

/** The DNS names safe to use from this machine's host name (none when it isn't a valid DNS name). */
export function hostNames(hostname: string): string[] {
  const name = hostname.toLowerCase()
  return name !== '' && name !== 'localhost' && dnsNameProblem(name) === undefined ? [name] : []
}
