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
  'shared',
  'max-payload',
  'will',
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
  shared: '$share/… subscriptions split messages between two subscribers',
  'max-payload': 'largest payload that gets through (binary search, bounded)',
  will: 'the will message is sent when a client drops without DISCONNECT',
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
