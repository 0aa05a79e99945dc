/** -L URLs: mqtt(s)|ws(s)://[user[:pass]@]host[:port]/topic */
import { UsageError } from '../errors.js'
import type { Transport } from './resolve.js'

export interface UrlParts {
  transport: Transport
  host: string
  port?: number
  username?: string
  password?: string
  topic: string
}

export function parseBrokerUrl(url: string): UrlParts {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new UsageError(`Invalid URL '${url}' (use mqtt://[user[:pass]@]host[:port]/topic).`)
  }
  const schemes: Record<string, Transport> = { 'mqtt:': 'tcp', 'mqtts:': 'tls', 'ws:': 'ws', 'wss:': 'wss' }
  const transport = schemes[parsed.protocol]
  if (transport === undefined) {
    throw new UsageError(`Unsupported URL scheme '${parsed.protocol.replace(/:$/, '')}' in '${url}' (use mqtt, mqtts, ws or wss).`)
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new UsageError(`Invalid URL '${url}': no host.`)
  let topic: string
  try {
    topic = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  } catch {
    throw new UsageError(`Invalid URL '${url}': the topic is not valid percent-encoding.`)
  }
  if (topic === '') throw new UsageError(`Invalid URL '${url}': no topic (use …/topic, e.g. mqtt://host/home/temperature).`)
  const parts: UrlParts = { transport, host, topic }
  if (parsed.port !== '') parts.port = Number(parsed.port)
  if (parsed.username !== '') parts.username = decodeURIComponent(parsed.username)
  if (parsed.password !== '') parts.password = decodeURIComponent(parsed.password)
  return parts
}
