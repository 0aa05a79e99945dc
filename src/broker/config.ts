/** `mqtx broker` options -> a validated BrokerConfig (files read here, so errors come before listening). */
import { UsageError } from '../errors.js'
import { readFileOrUsage } from '../files.js'
import type { RawBrokerOptions } from './flags.js'

export interface BrokerTls {
  port: number
  cert: Buffer
  key: Buffer
  ca?: Buffer
  requireClientCert: boolean
}

export interface BrokerConfig {
  host: string
  port: number
  wsPort?: number
  tls?: BrokerTls
  /** username -> password; undefined: anonymous access. */
  users?: Map<string, Buffer>
  verbose: boolean
  json: boolean
}

/** "user:password" lines; blank lines and lines starting with # are ignored. */
export function parseUsersFile(text: string, path: string): Map<string, Buffer> {
  const users = new Map<string, Buffer>()
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return
    const colon = line.indexOf(':')
    if (colon <= 0) throw new UsageError(`--users '${path}' line ${i + 1}: expected "username:password".`)
    users.set(line.slice(0, colon), Buffer.from(line.slice(colon + 1), 'utf8'))
  })
  if (users.size === 0) throw new UsageError(`--users '${path}' holds no "username:password" lines.`)
  return users
}

function resolveUsers(raw: RawBrokerOptions, env: NodeJS.ProcessEnv): Map<string, Buffer> | undefined {
  const users = raw.users === undefined ? undefined : parseUsersFile(readFileOrUsage(raw.users, '--users').toString('utf8'), raw.users)
  const name = env.MQTX_BROKER_USERNAME
  const password = env.MQTX_BROKER_PASSWORD
  if ((name === undefined || name === '') !== (password === undefined || password === '')) {
    throw new UsageError('MQTX_BROKER_USERNAME and MQTX_BROKER_PASSWORD must be set together.')
  }
  if (name === undefined || name === '' || password === undefined) return users
  const all = users ?? new Map<string, Buffer>()
  all.set(name, Buffer.from(password, 'utf8'))
  return all
}

function resolveTls(raw: RawBrokerOptions): BrokerTls | undefined {
  if (raw.cert === undefined) {
    const stray = raw.key !== undefined ? '--key' : raw.cafile !== undefined ? '--cafile' : raw.requireClientCert ? '--require-client-cert' : raw.tlsPort !== undefined ? '--tls-port' : undefined
    if (stray !== undefined) throw new UsageError(`${stray} needs --cert (the TLS listener is enabled by --cert and --key).`)
    return undefined
  }
  if (raw.key === undefined) throw new UsageError('--cert needs --key (the private key of the certificate).')
  if (raw.requireClientCert && raw.cafile === undefined) {
    throw new UsageError('--require-client-cert needs --cafile (the CA that signs the client certificates).')
  }
  const tls: BrokerTls = {
    port: raw.tlsPort ?? 8883,
    cert: readFileOrUsage(raw.cert, '--cert'),
    key: readFileOrUsage(raw.key, '--key'),
    requireClientCert: raw.requireClientCert === true,
  }
  if (raw.cafile !== undefined) tls.ca = readFileOrUsage(raw.cafile, '--cafile')
  return tls
}

export function resolveBrokerConfig(raw: RawBrokerOptions, env: NodeJS.ProcessEnv = process.env): BrokerConfig {
  const config: BrokerConfig = {
    host: raw.host ?? '127.0.0.1',
    port: raw.port ?? 1883,
    verbose: raw.verbose === true,
    json: raw.json === true,
  }
  if (config.host === '') throw new UsageError('-h needs an address (e.g. 127.0.0.1, ::1 or 0.0.0.0).')
  const tls = resolveTls(raw)
  if (tls !== undefined) config.tls = tls
  if (raw.wsPort !== undefined) config.wsPort = raw.wsPort
  const ports = [config.port, config.tls?.port, config.wsPort].filter((p): p is number => p !== undefined && p !== 0)
  if (new Set(ports).size !== ports.length) throw new UsageError(`two listeners on the same port (${ports.join(', ')}): give -p, --tls-port and --ws-port different ports.`)
  const users = resolveUsers(raw, env)
  if (users !== undefined) config.users = users
  return config
}

/** true for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::ffff:127.0.0.1'
}
