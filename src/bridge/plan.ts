/** Validate bridge's flags into a plan before anything connects: two connections, filters, rewrite, marker. */
import { createHash } from 'node:crypto'
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { describeEndpoint, resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validateFilter } from '../mqtt/topic.js'
import type { RawBridgeOptions } from './flags.js'
import type { RewriteRule } from './rewrite.js'
import { sideWords, type Side } from './side.js'

export interface BridgePlan {
  from: ConnectionConfig
  to: ConnectionConfig
  filters: string[]
  qos: 0 | 1 | 2
  toQos?: 0 | 1 | 2
  rules: RewriteRule[]
  prefix?: string
  /** The loop marker's value (user property mqtx-bridge). */
  marker: string
  count?: number
  verbose: boolean
}

const HINT = 'e.g. mqtx bridge --from mqtt://broker-a --to mqtt://broker-b -t "sensors/#"'

/** The flags one side's connection is made of, as the shared connection layer takes them. */
function sideOptions(o: RawBridgeOptions, side: Side): RawConnectionOptions {
  const pick = <T>(from: T, to: T): T => (side === 'from' ? from : to)
  const raw: RawConnectionOptions = {
    url: pick(o.from, o.to),
    id: pick(o.id, o.toId ?? o.id),
    protocolVersion: pick(o.fromProtocolVersion, o.toProtocolVersion),
    username: pick(o.fromUsername, o.toUsername),
    passwordFile: pick(o.fromPasswordFile, o.toPasswordFile),
    cafile: pick(o.fromCafile, o.toCafile),
    cert: pick(o.fromCert, o.toCert),
    key: pick(o.fromKey, o.toKey),
    insecure: pick(o.fromInsecure, o.toInsecure),
    keepalive: o.keepalive,
    connectTimeout: o.connectTimeout,
  }
  if (o.disableCleanSession === true) raw.disableCleanSession = true
  return raw
}

/** The shared layer's messages name the plain flags (--cert, -i …): name this side's. */
function forSide(err: unknown, side: Side): unknown {
  if (!(err instanceof UsageError)) return err
  const message = sideWords(err.message, side)
  return new UsageError(`${side === 'from' ? 'upstream (--from)' : 'downstream (--to)'}: ${message.replace(/^Invalid URL/, 'invalid URL')}`, { cause: err, ...(err.hint === undefined ? {} : { hint: sideWords(err.hint, side) }) })
}

function resolveSide(o: RawBridgeOptions, side: Side): ConnectionConfig {
  try {
    // MQTX_PASSWORD would apply to both brokers: not here (--from-password-file / --to-password-file)
    return resolveConnection(sideOptions(o, side), { command: 'bridge', env: {}, urlTopic: 'optional' })
  } catch (err) {
    throw forSide(err, side)
  }
}

/** The same value for A->B and B->A, so a pair of bridges between two brokers recognises each other's messages. */
export function defaultMarker(from: ConnectionConfig, to: ConnectionConfig): string {
  const ends = [describeEndpoint(from), describeEndpoint(to)].sort()
  return createHash('sha256').update(ends.join('\n')).digest('hex').slice(0, 12)
}

export function planBridge(o: RawBridgeOptions): BridgePlan {
  if (o.from === undefined) throw new UsageError('No upstream broker given: use --from <url>.', { hint: HINT })
  if (o.to === undefined) throw new UsageError('No downstream broker given: use --to <url>.', { hint: HINT })
  const from = resolveSide(o, 'from')
  const to = resolveSide(o, 'to')
  if (to.urlTopic !== undefined) {
    throw new UsageError(`the --to URL names a topic ('${escapeForTerminal(to.urlTopic)}'): messages keep their topics downstream.`, { hint: 'to put them under another topic, use --prefix or --rewrite' })
  }
  const filters = [...(o.topic ?? []), ...(from.urlTopic === undefined ? [] : [from.urlTopic])]
  if (filters.length === 0) throw new UsageError('No topic filter given: use -t <filter> (repeatable), or put one in the --from URL.', { hint: HINT })
  for (const f of filters) validateFilter(f)
  if (describeEndpoint(from) === describeEndpoint(to) && from.clientId !== '' && from.clientId === to.clientId) {
    throw new UsageError(`--from and --to are the same broker and both connections would use the client id '${escapeForTerminal(from.clientId)}': each would take the other's session.`, { hint: 'give the downstream connection its own id with --to-id' })
  }
  if (o.bridgeId === '') throw new UsageError('--bridge-id must not be empty.')
  const plan: BridgePlan = {
    from,
    to,
    filters,
    qos: o.qos ?? 1,
    rules: (o.rewrite ?? []).map(([from, to]) => ({ from, to })),
    marker: o.bridgeId ?? defaultMarker(from, to),
    verbose: o.verbose === true,
  }
  if (o.toQos !== undefined) plan.toQos = o.toQos
  if (o.prefix !== undefined) plan.prefix = o.prefix
  if (o.count !== undefined) plan.count = o.count
  return plan
}
