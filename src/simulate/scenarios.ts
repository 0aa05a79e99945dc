/**
 * The built-in scenarios (`--scenario`), written with the same tools a user has: home is two
 * templates, fleet a generator function (the --module contract), sparkplug an edge node with its
 * births and death. Loaded only when one runs.
 */
import type { ScenarioName } from './flags.js'
import { compileTemplate } from './template.js'
import { functionSource, templateSource, type Delivery, type Encode, type GeneratorInput, type SimMessage, type Source } from './source.js'

export interface ScenarioInfo {
  name: ScenarioName
  devices: number
  summary: string
  topics: string
}

export const HOME_TOPIC = 'sim/home/{{device living-room kitchen bedroom bathroom}}/climate'
export const HOME_PAYLOAD = '{"temperature":{{walk 17 25 0.1 1}},"humidity":{{walk 35 65 0.5 1}},"battery":{{walk 20 100 0.05 0}},"time":"{{time}}"}'

export const SCENARIOS: readonly ScenarioInfo[] = [
  { name: 'home', devices: 4, summary: 'room climate sensors: temperature and humidity as random walks per room (JSON)', topics: 'sim/home/<room>/climate' },
  { name: 'fleet', devices: 3, summary: 'GPS trackers driving around Berlin: position, speed and heading (JSON)', topics: 'sim/fleet/truck-<n>/gps' },
  { name: 'sparkplug', devices: 2, summary: 'a Sparkplug B edge node: NBIRTH, a DBIRTH per device, DDATA with metrics, NDEATH as its will', topics: 'spBv1.0/mqtx/{NBIRTH,DBIRTH,DDATA,NDEATH}/sim-edge[/device-<n>]' },
]

export function scenarioInfo(name: ScenarioName): ScenarioInfo {
  return SCENARIOS.find((s) => s.name === name) as ScenarioInfo
}

/** `--list-scenarios`: one paragraph each, for stdout. */
export function describeScenarios(): string {
  return `${SCENARIOS.map((s) => `${s.name} (${s.devices} devices by default)\n  ${s.summary}\n  topics: ${s.topics}\n  run: mqtx simulate --scenario ${s.name}`).join('\n\n')}\n`
}

const EARTH_M_PER_DEG = 111_320

interface Truck {
  lat: number
  lon: number
  heading: number
  speed: number
  lastMs: number
}

/** fleet: each truck keeps a position, heading and speed, and moves by the time since its last fix. */
function fleetTracker(input: GeneratorInput): unknown {
  const { random, state, time } = input
  const now = time.getTime()
  let t = state.truck as Truck | undefined
  if (t === undefined) {
    t = { lat: 52.52 + (random() - 0.5) * 0.2, lon: 13.405 + (random() - 0.5) * 0.3, heading: random() * 360, speed: 30 + random() * 40, lastMs: now }
    state.truck = t
  }
  const dt = Math.max(0, (now - t.lastMs) / 1000)
  t.lastMs = now
  t.heading = (t.heading + (random() - 0.5) * 30 + 360) % 360
  t.speed = Math.min(90, Math.max(0, t.speed + (random() - 0.5) * 10))
  const metres = (t.speed / 3.6) * dt
  const rad = (t.heading * Math.PI) / 180
  t.lat += (metres * Math.cos(rad)) / EARTH_M_PER_DEG
  t.lon += (metres * Math.sin(rad)) / (EARTH_M_PER_DEG * Math.cos((t.lat * Math.PI) / 180))
  return {
    topic: `sim/fleet/truck-${input.device}/gps`,
    payload: { lat: Number(t.lat.toFixed(6)), lon: Number(t.lon.toFixed(6)), speed: Number(t.speed.toFixed(1)), heading: Math.round(t.heading), time: time.toISOString() },
  }
}

export interface ScenarioSetup {
  devices: number
  encode: Encode
  delivery: Delivery
  /** Whether --encode was given (sparkplug has its own encoding). */
  encoded: boolean
}

export async function scenarioSource(name: ScenarioName, s: ScenarioSetup): Promise<Source> {
  if (name === 'home') {
    const walks = { count: 0 }
    const topic = compileTemplate(HOME_TOPIC, { where: '--scenario home', walks })
    const payload = compileTemplate(HOME_PAYLOAD, { where: '--scenario home', walks })
    return templateSource('--scenario home', topic, payload, s.encode, s.delivery, '--scenario home')
  }
  if (name === 'fleet') return functionSource('--scenario fleet', fleetTracker, s.devices, s.encode, s.delivery)
  // protobufjs is loaded only for this one
  const { sparkplugSource } = await import('./sparkplug.js')
  return sparkplugSource(s.devices, s.delivery, s.encoded)
}

export type { SimMessage }
