/**
 * Acknowledgements for the QoS 1/2 frames `pub -l` writes itself (publish-frame.ts): packet ids are
 * allocated here (never one still in flight), PUBACK / PUBREC / PUBCOMP are matched from the packets
 * MQTT.js parses ('packetreceive'; MQTT.js ignores acks for ids it did not send), PUBREL answers
 * PUBREC, and v5 reason codes >= 0x80 count as rejections. `pub -l` sends nothing else that carries
 * a packet id while it streams, so the two never share an id.
 */
import type { Duplex } from 'node:stream'
import mqttPacket from 'mqtt-packet'
import type { Packet } from 'mqtt'
import type { Connection } from '../mqtt/connect.js'

export interface DirectAcks {
  /** A free packet id, now in flight. The caller keeps the in-flight count below 65,535. */
  allocate(): number
  stop(): void
}

/** An Error like MQTT.js's ErrorWithReasonCode, so publishOutcome() explains it the same way. */
function rejection(code: number): Error {
  return Object.assign(new Error(`Publish error: reason code ${code}`), { code })
}

export function directAcks(conn: Connection, socket: Duplex, qos: 1 | 2, onAck: (err: Error | undefined) => void): DirectAcks {
  const inFlight = new Set<number>()
  const version = conn.protocolVersion
  let last = 0
  const settle = (id: number, reasonCode: number | undefined) => {
    if (!inFlight.delete(id)) return
    onAck(reasonCode !== undefined && reasonCode >= 0x80 ? rejection(reasonCode) : undefined)
  }
  const onPacket = (packet: Packet) => {
    const id = (packet as { messageId?: number }).messageId
    if (id === undefined) return
    const reasonCode = (packet as { reasonCode?: number }).reasonCode
    if ((packet.cmd === 'puback' && qos === 1) || (packet.cmd === 'pubcomp' && qos === 2)) settle(id, reasonCode)
    else if (packet.cmd === 'pubrec' && qos === 2 && inFlight.has(id)) {
      if (reasonCode !== undefined && reasonCode >= 0x80) settle(id, reasonCode)
      else socket.write(mqttPacket.generate({ cmd: 'pubrel', messageId: id } as mqttPacket.IPubrelPacket, { protocolVersion: version }))
    }
  }
  conn.client.on('packetreceive', onPacket)
  return {
    allocate: () => {
      do last = (last % 65535) + 1
      while (inFlight.has(last))
      inFlight.add(last)
      return last
    },
    stop: () => {
      conn.client.removeListener('packetreceive', onPacket)
    },
  }
}
