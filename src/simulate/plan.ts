/** simulate's flags -> one checked plan: the message source, devices, connections, rate and limits. Everything wrong is exit 2 here, before connecting. */
import { UsageError } from '../errors.js'
import { requireEncodeForSchema } from '../codecs/options.js'
import { readSmallFileOrUsage } from '../files.js'
import { resolveConnection, type ConnectionConfig } from '../mqtt/resolve.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { escapeForTerminal } from '../output/escape.js'
import type { RawSimulateOptions } from './flags.js'
import { freshSeed, Random } from './random.js'
import { functionSource, templateSource, type Delivery, type Encode, type Source } from './source.js'
import { compileTemplate, type DeviceState, type Template } from './template.js'

export const DEFAULT_TOPIC = 'mqtx/sim/{{device}}'
export const DEFAULT_PAYLOAD = '{"device":{{device}},"seq":{{seq}},"time":"{{time}}","value":{{walk 0 100}}}'

export interface SimulatePlan {
  source: Source
  devices: number
  connections: number
  seed: number
  /** Total messages/s over every device. */
  rate: number
  rampUpS: number
  count?: number
  durationS?: number
  timeoutS?: number
  /** QoS 1/2 window per connection (capped at the broker's Receive Maximum once connected). */
  inflight: number
  dryRun: boolean
  connection: ConnectionConfig
  /** Client id of connection k. */
  clientId(k: number): string
}

export function newDevice(index: number, seed: number): DeviceState {
  return { index, seq: 0, rnd: Random.forDevice(seed, index), walks: [], state: {} }
}

function checkTopic(t: Template): void {
  for (const text of t.fixedTexts) {
    if (text.includes('+') || text.includes('#')) throw new UsageError(`template -t: a topic to publish to cannot contain + or # ('${escapeForTerminal(text)}').`)
    // control characters, NUL, invalid UTF-8 from the command line, too long: what pub refuses
    if (text !== '') validatePublishTopic(text, 'topic in -t')
  }
}

async function encoder(raw: RawSimulateOptions): Promise<Encode> {
  requireEncodeForSchema(raw, "mqtx simulate -t 'dev/{{device}}' -m '{\"temp\":{{walk 20 25}}}' --encode protobuf --proto s.proto --type pkg.Msg")
  if (raw.encode === undefined && raw.avroSingle !== true) return (text) => Buffer.from(text, 'utf8')
  const codecs = await import('../codecs/setup.js')
  const codec = await codecs.setupEncoding(raw)
  if (codec === undefined) return (text) => Buffer.from(text, 'utf8')
  return (text, where) => codecs.encodeOrUsage(codec, text, where)
}

/** Client id of connection k; {{int}}/{{pick}}/{{uuid}} follow the run's seed (a fresh one per run without --seed). */
function clientIds(raw: RawSimulateOptions, connections: number, seed: number): (k: number) => string {
  if (raw.id !== undefined && raw.id !== '') {
    const walks = { count: 0 }
    const t = compileTemplate(raw.id, { where: '-i', allowed: ['device', 'int', 'pick', 'uuid'], walks })
    if (t.constant && connections > 1) {
      throw new UsageError(`-i '${escapeForTerminal(raw.id)}' would give all ${connections} connections the same client id (each would push the previous one off).`, { hint: "make it a template: -i 'sensor-{{device}}' ({{device}} is the connection's number)" })
    }
    // its own stream (not the devices' payload values), from the run's seed: with a fixed seed per
    // connection, -i 'sim-{{uuid}}' gave every run the same ids and two runs pushed each other off
    return (k) => t.render({ device: newDevice(k, (seed ^ 0x2545f491) >>> 0), timeMs: Date.now() })
  }
  const prefix = raw.idPrefix ?? 'mqtx-sim-'
  return (k) => (connections === 1 ? `${prefix}${process.pid}` : `${prefix}${process.pid}-${k}`)
}

async function sourceOf(raw: RawSimulateOptions, devices: number, encode: Encode, d: Delivery): Promise<Source> {
  if (raw.scenario !== undefined) {
    const { scenarioSource } = await import('./scenarios.js')
    return scenarioSource(raw.scenario, { devices, encode, delivery: d, encoded: raw.encode !== undefined })
  }
  if (raw.module !== undefined) {
    const { loadGenerator } = await import('./module.js')
    const label = `--module ${escapeForTerminal(raw.module)}`
    return functionSource(label, await loadGenerator(raw.module), devices, encode, d)
  }
  const walks = { count: 0 }
  const topic = compileTemplate(raw.topic ?? DEFAULT_TOPIC, { where: '-t', walks })
  checkTopic(topic)
  if (topic.constant && topic.text === '') throw new UsageError('template -t: the topic is empty.')
  const payloadWhere = raw.file !== undefined ? `-f ${escapeForTerminal(raw.file)}` : '-m'
  const text = raw.file !== undefined ? readSmallFileOrUsage(raw.file, 'the -f template').toString('utf8') : (raw.message ?? DEFAULT_PAYLOAD)
  const payload = compileTemplate(text, { where: payloadWhere, walks })
  return templateSource('the templates', topic, payload, encode, d, payloadWhere)
}

export async function planSimulate(raw: RawSimulateOptions): Promise<SimulatePlan> {
  const templates = raw.topic !== undefined || raw.message !== undefined || raw.file !== undefined
  const kinds = [templates && '-t/-m/-f', raw.scenario !== undefined && '--scenario', raw.module !== undefined && '--module'].filter((k) => k !== false)
  if (kinds.length === 0) {
    throw new UsageError('simulate needs something to send: -t/-m templates, --scenario NAME or --module FILE.', { hint: "try 'mqtx simulate --scenario home' (--list-scenarios describes them)" })
  }
  if (kinds.length > 1) throw new UsageError(`${kinds.join(' and ')} cannot be used together: choose one source of messages.`)
  if (raw.message !== undefined && raw.file !== undefined) throw new UsageError('-m and -f cannot be used together.')
  if (raw.rate !== undefined && raw.ratePerDevice !== undefined) throw new UsageError('--rate and --rate-per-device cannot be used together.')
  let defaultDevices = 1
  if (raw.scenario !== undefined) defaultDevices = (await import('./scenarios.js')).scenarioInfo(raw.scenario).devices
  const devices = raw.devices ?? defaultDevices
  const delivery: Delivery = { qos: raw.qos ?? 0, retain: raw.retain === true }
  const source = await sourceOf(raw, devices, await encoder(raw), delivery)
  let connections = raw.connections ?? devices
  if (connections > devices) throw new UsageError(`--connections ${connections} is more than the ${devices} device(s): a connection needs a device.`)
  if (source.oneConnection !== undefined) {
    if (raw.connections !== undefined && raw.connections > 1) throw new UsageError(`--connections ${raw.connections}: ${source.label} uses one connection (${source.oneConnection}).`)
    connections = 1
  }
  if (source.will !== undefined && raw.willTopic !== undefined) throw new UsageError(`--will-topic cannot be used with ${source.label}: it sets its own will.`)
  const connection = resolveConnection(raw, { command: 'simulate' })
  if (source.will !== undefined) connection.will = source.will
  const seed = raw.seed ?? freshSeed()
  const plan: SimulatePlan = {
    source,
    devices,
    connections,
    seed,
    rate: raw.rate ?? (raw.ratePerDevice ?? 1) * devices,
    rampUpS: raw.rampUp ?? 0,
    inflight: raw.inflight ?? 64,
    dryRun: raw.dryRun === true,
    connection,
    clientId: clientIds(raw, connections, seed),
  }
  if (raw.count !== undefined) plan.count = raw.count
  if (raw.duration !== undefined) plan.durationS = raw.duration
  if (raw.timeout !== undefined) plan.timeoutS = raw.timeout
  probe(plan)
  return plan
}

/**
 * A template message made once before connecting, with a throw-away device: a payload that does not
 * fit --encode is exit 2 with nothing sent. (A --module is not called: it may keep state of its own.)
 */
function probe(plan: SimulatePlan): void {
  if (plan.source.pure === true) plan.source.next(newDevice(0, plan.seed ^ 0x5bd1e995), Date.now())
}
