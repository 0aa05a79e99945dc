/** Where a message's bytes come from, shared by pub and rr: -m text in an --encoding, -f files. (-s: stdin.ts) */
import { UsageError } from '../errors.js'
import { readFileOrUsage } from '../files.js'

export type Encoding = 'utf8' | 'hex' | 'base64'

/** Decode -m / -l text given as hex or base64; strict, so a typo is an error, not wrong bytes. */
export function decodeText(text: string, encoding: Encoding, where: string): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8')
  if (encoding === 'hex') {
    const clean = text.replace(/\s+/g, '')
    if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new UsageError(`${where} is not valid hex (pairs of 0-9a-f).`)
    return Buffer.from(clean, 'hex')
  }
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) {
    throw new UsageError(`${where} is not valid base64.`)
  }
  return Buffer.from(clean, clean.includes('-') || clean.includes('_') ? 'base64url' : 'base64')
}

/** Read -f now, so an unreadable file is a usage error before anything connects. */
export function readPayloadFile(path: string): Buffer {
  return readFileOrUsage(path, '-f file')
}
