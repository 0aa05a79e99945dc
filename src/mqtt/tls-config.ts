/** TLS flags -> TlsConfig: which flags turn TLS on, file reading, PSK, and their conflicts. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError, errorMessage } from '../errors.js'
import { readBounded, readSmallFileOrUsage } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import type { RawConnectionOptions } from './options.js'

export interface TlsConfig {
  ca?: Buffer[]
  cert?: Buffer
  key?: Buffer
  /** false only for --insecure: skip the host-name check, still verify the chain. */
  checkHostname: boolean
  minVersion?: 'TLSv1.3' | 'TLSv1.2' | 'TLSv1.1'
  alpn?: string[]
  ciphers?: string
  servername?: string
  psk?: { key: Buffer; identity: string }
  /** Paths, for messages. */
  cafile?: string
  certfile?: string
  keyfile?: string
}

function readCaPath(dir: string): Buffer[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    throw new UsageError(`cannot read --capath directory '${escapeForTerminal(dir)}': ${errorMessage(err)}`, { cause: err })
  }
  const cas: Buffer[] = []
  for (const name of names.sort()) {
    const full = join(dir, name)
    try {
      if (!statSync(full).isFile()) continue
      const text = readBounded(full)
      if (text.includes('-----BEGIN CERTIFICATE-----')) cas.push(text)
    } catch {
      // unreadable entries in a CA directory are skipped, as OpenSSL does
    }
  }
  if (cas.length === 0) throw new UsageError(`--capath '${escapeForTerminal(dir)}' holds no PEM certificates.`)
  return cas
}

export function resolveTls(raw: RawConnectionOptions, urlTls: boolean): TlsConfig | undefined {
  const wanted =
    urlTls ||
    raw.cafile !== undefined ||
    raw.capath !== undefined ||
    raw.cert !== undefined ||
    raw.psk !== undefined ||
    raw.tlsUseOsCerts === true
  if (!wanted) {
    if (raw.insecure || raw.tlsVersion || raw.tlsAlpn || raw.ciphers || raw.servername || raw.key) {
      const which = raw.key !== undefined ? '--key' : 'TLS options'
      throw new UsageError(`${which} given but TLS is not enabled (add --cafile, --capath, --tls-use-os-certs or use an mqtts:// URL).`)
    }
    return undefined
  }
  if ((raw.cert === undefined) !== (raw.key === undefined)) {
    throw new UsageError('--cert and --key must be given together.')
  }
  if (raw.psk !== undefined && (raw.cafile !== undefined || raw.capath !== undefined)) {
    throw new UsageError('--psk cannot be used with --cafile or --capath.')
  }
  const tls: TlsConfig = { checkHostname: raw.insecure !== true }
  if (raw.cafile !== undefined) {
    tls.ca = [readSmallFileOrUsage(raw.cafile, '--cafile')]
    tls.cafile = raw.cafile
  }
  if (raw.capath !== undefined) tls.ca = [...(tls.ca ?? []), ...readCaPath(raw.capath)]
  if (raw.cert !== undefined && raw.key !== undefined) {
    tls.cert = readSmallFileOrUsage(raw.cert, '--cert')
    tls.key = readSmallFileOrUsage(raw.key, '--key')
    tls.certfile = raw.cert
    tls.keyfile = raw.key
  }
  if (raw.tlsVersion !== undefined) {
    tls.minVersion = ({ 'tlsv1.3': 'TLSv1.3', 'tlsv1.2': 'TLSv1.2', 'tlsv1.1': 'TLSv1.1' } as const)[raw.tlsVersion as 'tlsv1.3']
  }
  if (raw.tlsAlpn !== undefined) tls.alpn = [raw.tlsAlpn]
  if (raw.ciphers !== undefined) tls.ciphers = raw.ciphers
  if (raw.servername !== undefined) tls.servername = raw.servername
  if (raw.psk !== undefined) {
    if (!/^([0-9a-fA-F]{2})+$/.test(raw.psk)) throw new UsageError('--psk must be given in hex (an even number of 0-9a-f).')
    if (raw.pskIdentity === undefined) throw new UsageError('--psk needs --psk-identity.')
    tls.psk = { key: Buffer.from(raw.psk, 'hex'), identity: raw.pskIdentity }
  }
  return tls
}
