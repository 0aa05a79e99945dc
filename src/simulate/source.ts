/**
 * Where simulate's messages come from: the -t/-m templates, a generator function (a --module's
 * default export, or a built-in scenario written the same way), or the Sparkplug scenario.
 */
import { MqtxError, UsageError } from '../errors.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { escapeForTerminal } from '../output/escape.js'
import type { WillConfig } from '../mqtt/resolve.js'
import type { DeviceState, Template } from './template.js'

export interface SimMessage {
  topic: string
  payload: Buffer
  qos: 0 | 1 | 2
  retain: boolean
}

/** Text -> the bytes to send (--encode, or plain UTF-8); `where` names the input in errors. */
export type Encode = (text: string, where: string) => Buffer

export interface Source {
  /** "templates", "scenario home", "module ./gen.mjs": for messages. */
  readonly label: string
  /** Device d's next message (its number is device.seq); undefined: nothing this time. */
  next(device: DeviceState, timeMs: number): SimMessage | undefined
  /** Sent once connected, before the scheduled messages (Sparkplug NBIRTH and DBIRTHs). */
  births?(devices: readonly DeviceState[], timeMs: number): SimMessage[]
  /** Sent before a clean disconnect (Sparkplug NDEATH). */
  deaths?(timeMs: number): SimMessage[]
  /** The connection's will (Sparkplug NDEATH). */
  readonly will?: WillConfig
  /** next() on a throw-away device changes nothing else (templates): plan.ts tries one before connecting. */
  readonly pure?: boolean
  /** Why every device must share one connection, if they must. */
  readonly oneConnection?: string
}

export interface Delivery {
  qos: 0 | 1 | 2
  retain: boolean
}

export function templateSource(label: string, topic: Template, payload: Template, encode: Encode, d: Delivery, payloadWhere: string): Source {
  return {
    label,
    pure: true,
    next(device, timeMs) {
      const c = { device, timeMs }
      const t = topic.render(c)
      // the literal parts were checked (plan.ts); a {{pick}} or {{device LIST}} item can still make it empty or long.
      // (A UTF-16 unit is at most 3 UTF-8 bytes: byteLength only for the long ones.)
      if (t === '' || (t.length > 21845 && Buffer.byteLength(t) > 65535)) throw new UsageError(`template -t: message ${device.seq} of device ${device.index} has ${t === '' ? 'an empty topic' : 'a topic longer than 65535 bytes'}.`)
      return { topic: t, payload: encode(payload.render(c), payloadWhere), qos: d.qos, retain: d.retain }
    },
  }
}

/** What a generator function gets for each message (README: "--module"). */
export interface GeneratorInput {
  device: number
  seq: number
  devices: number
  time: Date
  random: () => number
  state: Record<string, unknown>
}

export type GeneratorFn = (input: GeneratorInput) => unknown

function problem(label: string, device: DeviceState, what: string, cause?: unknown): MqtxError {
  return new MqtxError(`${label}: message ${device.seq} of device ${device.index}: ${what}`, cause === undefined ? {} : { cause, hint: 'run with --debug for the stack' })
}

/** The payload's bytes; a string saying what is wrong with it when it has none. */
function payloadBytes(value: unknown, encode: Encode, where: string): Buffer | string {
  if (Buffer.isBuffer(value)) return value
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength)
  if (typeof value === 'string') return encode(value, where)
  if (value === undefined) return Buffer.alloc(0)
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return `the payload is a ${typeof value}; give text, bytes or a JSON value`
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (err) {
    // a BigInt inside, a circular structure, a toJSON that throws
    return `the payload cannot be made JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`
  }
  // (a toJSON() that gives undefined)
  if (json === undefined) return 'the payload gives no JSON'
  return encode(json, where)
}

/**
 * A generator function as a Source. It returns {topic, payload, qos?, retain?} or nothing (skip);
 * a payload that is not text or bytes is sent as JSON. Its mistakes are errors naming `label`.
 */
export function functionSource(label: string, fn: GeneratorFn, devices: number, encode: Encode, d: Delivery): Source {
  return {
    label,
    next(device, timeMs) {
      let out: unknown
      try {
        out = fn({ device: device.index, seq: device.seq, devices, time: new Date(timeMs), random: () => device.rnd.next(), state: device.state })
      } catch (err) {
        throw problem(label, device, `it threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`, err)
      }
      if (out === undefined || out === null) return undefined
      if (typeof (out as { then?: unknown }).then === 'function') throw problem(label, device, 'it returned a Promise; the function must return the message itself (no async)')
      if (typeof out !== 'object') throw problem(label, device, `it returned ${typeof out}, not {topic, payload}`)
      const m = out as { topic?: unknown; payload?: unknown; qos?: unknown; retain?: unknown }
      if (typeof m.topic !== 'string' || m.topic === '') throw problem(label, device, 'the topic is missing or not text')
      if (m.topic.includes('+') || m.topic.includes('#')) throw problem(label, device, `the topic '${escapeForTerminal(m.topic)}' contains + or #`)
      try {
        validatePublishTopic(m.topic, 'topic')
      } catch (err) {
        throw problem(label, device, (err as Error).message)
      }
      if (m.qos !== undefined && m.qos !== 0 && m.qos !== 1 && m.qos !== 2) throw problem(label, device, `qos must be 0, 1 or 2, not ${typeof m.qos === 'string' ? `the text '${escapeForTerminal(m.qos)}'` : String(m.qos)}`)
      if (m.retain !== undefined && typeof m.retain !== 'boolean') throw problem(label, device, 'retain must be true or false')
      const where = `${label} (message ${device.seq} of device ${device.index})`
      const payload = payloadBytes(m.payload, encode, where)
      if (typeof payload === 'string') throw problem(label, device, payload)
      return { topic: m.topic, payload, qos: m.qos ?? d.qos, retain: m.retain ?? d.retain }
    },
  }
}
