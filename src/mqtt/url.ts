/**
 * -L URLs: mqtt(s)|ws(s)://[user[:pass]@]host[:port]/topic
 *
 * As mosquitto: the topic is everything after the first '/' following the host, so `#`, `+` and `?`
 * are part of it (`mqtt://host/a/#` subscribes to `a/#`; a web URL's query or fragment would
 * silently shorten it). mqtx also percent-decodes the topic, user and password (`%2F`, `%40`).
 * A URL is never echoed with its password: messages show redactUrl(url).
 */
import { UsageError } from '../errors.js'
import { lookup } from '../lookup.js'
import { escapeForTerminal } from '../output/escape.js'

/** How a connection is carried (-L's scheme, --unix). */
export type Transport = 'tcp' | 'tls' | 'ws' | 'wss' | 'unix'

export interface UrlParts {
  transport: Transport
  host: string
  port?: number
  username?: string
  password?: string
  topic: string
}

/**
 * The URL with any password replaced by `***`, for messages. Errs on the side of hiding: whatever
 * lies between `scheme://user:` and the last `@` is hidden, even a password with a raw `/` in it.
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)
  const start = scheme === null ? 0 : scheme[0].length
  const at = url.lastIndexOf('@')
  let shown = url
  if (at > start) {
    const userinfo = url.slice(start, at)
    const colon = userinfo.indexOf(':')
    if (colon !== -1) shown = `${url.slice(0, start + colon + 1)}***${url.slice(at)}`
  }
  return escapeForTerminal(shown)
}

const SCHEMES: Record<string, Transport> = { mqtt: 'tcp', mqtts: 'tls', ws: 'ws', wss: 'wss' }
const FORM = 'use mqtt://[user[:pass]@]host[:port]/topic'

function decode(text: string, what: string, shown: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new UsageError(`Invalid URL '${shown}': the ${what} is not valid percent-encoding (write % as %25).`)
  }
}

/** `topic: 'optional'`: a URL that names only a broker (bridge's --from/--to) is fine; `topic` is then ''. */
export function parseBrokerUrl(url: string, { topic: topicRule = 'required' }: { topic?: 'required' | 'optional' } = {}): UrlParts {
  const shown = redactUrl(url)
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)
  if (scheme === null) throw new UsageError(`Invalid URL '${shown}' (${FORM}).`)
  const name = (scheme[1] as string).toLowerCase()
  const transport = lookup(SCHEMES, name)
  if (transport === undefined) {
    throw new UsageError(`Unsupported URL scheme '${escapeForTerminal(name)}' in '${shown}' (use mqtt, mqtts, ws or wss).`)
  }
  const rest = url.slice(scheme[0].length)
  // as mosquitto: the host part ends at the first '/' (a '/' in a password must be written %2F)
  const slash = rest.indexOf('/')
  const authority = slash === -1 ? rest : rest.slice(0, slash)
  const rawTopic = slash === -1 ? '' : rest.slice(slash + 1)
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  if (/[?#\\\s]/.test(hostPort)) throw new UsageError(`Invalid URL '${shown}': the host part holds '?', '#', '\\' or a space (${FORM}).`)
  let parsed: URL
  try {
    parsed = new URL(`${name}://${authority}/`)
  } catch {
    throw new UsageError(`Invalid URL '${shown}' (${FORM}).`)
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1')
  if (host === '') throw new UsageError(`Invalid URL '${shown}': no host.`)
  const topic = decode(rawTopic, 'topic', shown)
  if (topic === '' && topicRule === 'required') throw new UsageError(`Invalid URL '${shown}': no topic (use …/topic, e.g. mqtt://host/home/temperature).`)
  const parts: UrlParts = { transport, host, topic }
  if (parsed.port !== '') parts.port = Number(parsed.port)
  if (parsed.username !== '') parts.username = decode(parsed.username, 'user name', shown)
  if (parsed.password !== '') parts.password = decode(parsed.password, 'password', shown)
  return parts
}

/**
 * --proxy socks5h://[user[:pass]@]host[:port] (port 1080 by default, as mosquitto): checked before
 * connecting, so that a bad one is a usage error naming --proxy. Returns the URL MQTT.js is given.
 */
export function checkProxyUrl(proxy: string): string {
  const shown = redactUrl(proxy)
  const refuse = (why: string) => new UsageError(`Invalid --proxy '${shown}': ${why} (use socks5h://[user[:pass]@]host[:port]).`)
  const scheme = /^(socks5h?):\/\//i.exec(proxy)
  if (scheme === null) throw refuse('not a socks5h:// or socks5:// URL')
  const authority = proxy.slice(scheme[0].length)
  if (/[/?#\\\s]/.test(authority)) throw refuse('a proxy URL is only [user[:pass]@]host[:port]')
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  if (hostPort.startsWith('[') !== /^\[[^\]]*\](?::|$)/.test(hostPort) || (!hostPort.startsWith('[') && hostPort.includes(']'))) throw refuse("an IPv6 address goes in brackets, '[::1]', followed by ':port' if any")
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(.*)$/.exec(hostPort)?.[1]
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) throw refuse(`the port must be from 1 to 65535, not '${escapeForTerminal(port)}'`)
  let parsed: URL
  try {
    parsed = new URL(`${(scheme[1] as string).toLowerCase()}://${authority}`)
  } catch {
    throw refuse('it is not a valid URL')
  }
  if (parsed.hostname === '') throw refuse('no host')
  decode(parsed.username, 'user name', `--proxy ${shown}`)
  decode(parsed.password, 'password', `--proxy ${shown}`)
  if (parsed.port === '') parsed.port = '1080'
  return parsed.href.replace(/\/$/, '')
}
