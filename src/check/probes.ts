/** The probe names `mqtx check` knows, their order, and the result types. */
import { InvalidArgumentError } from 'commander'

export const PROBES = [
  'connect-v5',
  'connect-v311',
  'qos0',
  'qos1',
  'qos2',
  'retained',
  'wildcard-plus',
  'wildcard-hash',
  'request-response',
  'user-properties',
  'no-local',
  'retain-as-published',
  'retain-handling',
  'subscription-id',
  'topic-alias',
  'message-expiry',
  'shared',
  'max-payload',
  'will',
  'will-delay',
  'tls',
] as const

export type ProbeName = (typeof PROBES)[number]

export const PROBE_HELP: Record<ProbeName, string> = {
  'connect-v5': 'connect with MQTT 5 (reason code, CONNACK capabilities)',
  'connect-v311': 'connect with MQTT 3.1.1 (return code)',
  qos0: 'publish/subscribe round trip at QoS 0, with latency',
  qos1: 'round trip at QoS 1',
  qos2: 'round trip at QoS 2',
  retained: 'a retained message reaches a later subscriber (then it is cleared)',
  'wildcard-plus': '+ matches exactly one level',
  'wildcard-hash': '# matches the parent and any number of levels',
  'request-response': 'v5: response topic and correlation data carried from request to response',
  'user-properties': 'v5: user properties (a repeated name, non-ASCII) arrive unchanged',
  'no-local': 'v5: a no-local subscription does not get its own messages back',
  'retain-as-published': 'v5: the retain flag kept with retain-as-published, cleared without it',
  'retain-handling': 'v5: retained messages on subscribe: 0 always, 1 new subscriptions only, 2 never',
  'subscription-id': 'v5: a message carries the identifier of the subscription it matched',
  'topic-alias': 'v5: a PUBLISH by topic alias alone arrives under its topic',
  'message-expiry': 'v5: an expired retained message is dropped; a live one carries its time left',
  shared: '$share/… subscriptions split messages between two subscribers',
  'max-payload': 'largest payload that gets through (binary search, bounded)',
  will: 'the will message is sent when a client drops without DISCONNECT',
  'will-delay': 'v5: the will waits for its Will Delay Interval',
  tls: 'TLS protocol, cipher, certificate names and expiry (TLS connections)',
}

/**
 * pass: worked. fail: broken (exit 1). unsupported: the broker does not offer it and says so (or the
 * protocol has no such feature): not a failure. skipped: not applicable here (e.g. tls without TLS).
 */
export type ProbeStatus = 'pass' | 'fail' | 'unsupported' | 'skipped'

export interface ProbeResult {
  name: ProbeName
  status: ProbeStatus
  detail: string
  /** Round-trip or connect time, where measured. */
  latencyMs?: number
  /** Probe-specific figures for --json. */
  data?: Record<string, unknown>
}

/** argParser for --only/--skip: comma-separated probe names, repeatable, validated. */
export function parseProbeList(flag: string) {
  return (value: string, previous: ProbeName[] | undefined): ProbeName[] => {
    const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '')
    if (names.length === 0) throw new InvalidArgumentError(`${flag} needs probe names (${PROBES.join(', ')}).`)
    for (const n of names) {
      if (!(PROBES as readonly string[]).includes(n)) {
        throw new InvalidArgumentError(`unknown probe '${n}' (probes: ${PROBES.join(', ')}).`)
      }
    }
    return [...(previous ?? []), ...(names as ProbeName[])]
  }
}

export function selectProbes(only: ProbeName[] | undefined, skip: ProbeName[] | undefined): ProbeName[] {
  return PROBES.filter((p) => (only === undefined || only.includes(p)) && !(skip ?? []).includes(p))
}
