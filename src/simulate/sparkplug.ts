/**
 * `--scenario sparkplug`: one Sparkplug B edge node (group mqtx, node sim-edge) with --devices
 * devices. Once connected: NBIRTH (seq 0, bdSeq), then a DBIRTH per device; each scheduled message
 * is a DDATA of that device; the node's NDEATH (same bdSeq) is the connection's will and is also
 * published before a clean disconnect. seq runs 0..255 over the node's messages, as the spec says.
 */
import { UsageError } from '../errors.js'
import { encodeSparkplug } from '../codecs/sparkplug.js'
import type { WillConfig } from '../mqtt/resolve.js'
import { walkStep } from './random.js'
import type { DeviceState } from './template.js'
import type { Delivery, SimMessage, Source } from './source.js'

const GROUP = 'mqtx'
const NODE = 'sim-edge'
const BD_SEQ = 0

const topicOf = (type: string, device?: number) => `spBv1.0/${GROUP}/${type}/${NODE}${device === undefined ? '' : `/device-${device}`}`

interface Pump {
  temperature: number
  pressure: number
}

function pumpOf(d: DeviceState): Pump {
  let p = d.state.pump as Pump | undefined
  if (p === undefined) {
    p = { temperature: d.rnd.float(40, 60), pressure: d.rnd.float(2, 4) }
    d.state.pump = p
  }
  return p
}

function metrics(d: DeviceState, step: boolean): unknown[] {
  const p = pumpOf(d)
  if (step) {
    p.temperature = walkStep(p.temperature, d.rnd, 20, 90, 0.5)
    p.pressure = walkStep(p.pressure, d.rnd, 0.5, 6, 0.05)
  }
  return [
    { name: 'temperature', datatype: 'Double', value: Number(p.temperature.toFixed(2)) },
    { name: 'pressure', datatype: 'Double', value: Number(p.pressure.toFixed(3)) },
    { name: 'rpm', datatype: 'Int32', value: d.rnd.int(1400, 1500) },
    { name: 'running', datatype: 'Boolean', value: true },
  ]
}

export function sparkplugSource(devices: number, d: Delivery, encoded: boolean): Source {
  if (encoded) throw new UsageError('--scenario sparkplug encodes its own payloads (Sparkplug B); leave out --encode.')
  let seq = 0
  const nextSeq = () => {
    const s = seq
    seq = (seq + 1) % 256
    return s
  }
  const msg = (topic: string, value: unknown, qos: 0 | 1 | 2 = 0): SimMessage => ({ topic, payload: encodeSparkplug(value), qos, retain: false })
  const death = (timeMs: number) => msg(topicOf('NDEATH'), { timestamp: timeMs, metrics: [{ name: 'bdSeq', datatype: 'UInt64', value: BD_SEQ, timestamp: timeMs }] }, 1)
  const will: WillConfig = { ...death(Date.now()), retain: false }
  return {
    label: '--scenario sparkplug',
    will,
    oneConnection: 'a Sparkplug edge node is one MQTT client',
    births(all, timeMs) {
      seq = 0
      const node = msg(topicOf('NBIRTH'), {
        timestamp: timeMs,
        seq: nextSeq(),
        metrics: [
          { name: 'bdSeq', datatype: 'UInt64', value: BD_SEQ, timestamp: timeMs },
          { name: 'Node Control/Rebirth', datatype: 'Boolean', value: false, timestamp: timeMs },
          { name: 'Properties/Hardware', datatype: 'String', value: 'mqtx simulate', timestamp: timeMs },
        ],
      })
      return [node, ...all.map((dev) => msg(topicOf('DBIRTH', dev.index), { timestamp: timeMs, seq: nextSeq(), metrics: stamp(metrics(dev, false), timeMs) }))]
    },
    next(dev, timeMs) {
      const m = msg(topicOf('DDATA', dev.index), { timestamp: timeMs, seq: nextSeq(), metrics: stamp(metrics(dev, true), timeMs) }, d.qos)
      return m
    },
    deaths: (timeMs) => [death(timeMs)],
  }
}

function stamp(ms: unknown[], timeMs: number): unknown[] {
  for (const m of ms) (m as { timestamp?: number }).timestamp = timeMs
  return ms
}
