/** TLS flags -> TlsConfig: which flags turn TLS on, file reading, PSK, and their conflicts. */
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, resolve as resolvePath } from 'node:path'
import { UsageError, errorMessage } from '../errors.js'
import { readBounded, readSmallFileOrUsage } from '../files.js'
import { escapeForTerminal } from '../output/escape.js'
import { CONNECTION_FLAGS, type RawConnectionOptions } from './options.js'
import { keysOfClass } from '../flags/define.js'

export interface TlsConfig {
  ca?: Buffer[]
  cert?: Buffer
  key?: Buffer
  /** false only for --insecure (mosquitto 2.1): no check of the broker's certificate at all. */
  verify: boolean
  /** --tls-keylog: append NSS key-log lines here. */
  keylog?: string
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

/** Every TLS-class flag (the declarations say which), for --no-tls: [option key, --long-name]. */
const TLS_FLAGS: ReadonlyArray<[keyof RawConnectionOptions, string]> = keysOfClass(CONNECTION_FLAGS, 'tls').map((key) => {
  const flags = (CONNECTION_FLAGS as Record<string, { flags: string }>)[key]?.flags ?? key
  return [key as keyof RawConnectionOptions, /--[\w-]+/.exec(flags)?.[0] ?? key]
})

/** `implied`: an mqtts:// or wss:// URL, or port 8883 (mosquitto 2.1), turns TLS on with the default CAs. */
export function resolveTls(raw: RawConnectionOptions, implied: boolean): TlsConfig | undefined {
  if (raw.tls === false) {
    const given = TLS_FLAGS.filter(([k]) => raw[k] !== undefined && raw[k] !== false).map(([, flag]) => flag)
    if (given.length > 0) throw new UsageError(`--no-tls cannot be used with ${given.join(', ')}.`)
    return undefined
  }
  const wanted =
    implied ||
    raw.cafile !== undefined ||
    raw.capath !== undefined ||
    raw.cert !== undefined ||
    raw.psk !== undefined ||
    raw.tlsUseOsCerts === true
  if (!wanted) {
    if (raw.insecure || raw.tlsVersion || raw.tlsAlpn || raw.ciphers || raw.servername || raw.key || raw.tlsKeylog !== undefined) {
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
  const tls: TlsConfig = { verify: raw.insecure !== true }
  if (raw.tlsKeylog !== undefined) {
    // checked now, without creating it: a path that cannot be written is a usage error before connecting
    const file = raw.tlsKeylog
    try {
      if (existsSync(file)) {
        if (!statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' })
        accessSync(file, constants.W_OK)
      } else accessSync(dirname(resolvePath(file)), constants.W_OK)
    } catch (err) {
      throw new UsageError(`cannot write --tls-keylog file '${escapeForTerminal(file)}': ${errorMessage(err)}`, { cause: err })
    }
    tls.keylog = raw.tlsKeylog
  }
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
