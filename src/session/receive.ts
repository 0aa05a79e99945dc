/** From MQTT.js to our ReceivedMessage, and stdout back-pressure hooked into MQTT.js's packet pump. */
import type { IPublishPacket, MqttClient } from 'mqtt'
import { clientSocket, replaceHandleMessage } from '../mqtt/internals.js'
import { nowNs, type MessageProperties, type ReceivedMessage } from '../output/message.js'
import type { StdoutWriter } from '../output/writer.js'

/** `withTime` false skips the clock read (mosquitto's plain output never shows the time). */
export function toReceived(topic: string, payload: Buffer, packet: IPublishPacket, withTime = true): ReceivedMessage {
  const msg: ReceivedMessage = {
    topic,
    payload,
    qos: packet.qos,
    retain: packet.retain,
    dup: packet.dup,
    mid: packet.messageId ?? 0,
    timeNs: withTime ? nowNs() : 0n,
  }
  const props = packet.properties as MessageProperties | undefined
  if (props !== undefined && Object.keys(props).length > 0) msg.properties = props
  return msg
}

/**
 * MQTT.js handles the next packet from the socket only after `handleMessage` calls back (and
 * acknowledges QoS 1/2 messages only then). Calling back only when stdout can take more stops
 * reading from the socket while stdout is behind; TCP flow control then slows the broker.
 * (record passes a writer whose whenReady() calls back once the line is in the file.)
 * Once `stopped()` (e.g. -C reached), messages that were not handled are never acknowledged: a
 * persistent session (-c) gets them again next time instead of losing them.
 */
export function installBackpressure(client: MqttClient, writer: Pick<StdoutWriter, 'whenReady'>, stopped: () => boolean, handled: (packet: IPublishPacket) => boolean): void {
  let corked: Corkable | undefined
  const uncork = () => {
    corked?.uncork()
    corked = undefined
  }
  replaceHandleMessage(client, (packet, callback) => {
    // nothing to acknowledge at QoS 0: let the packets behind it (an UNSUBACK the shutdown waits for) through
    if (stopped() && !handled(packet)) {
      if (packet.qos === 0) callback()
      return
    }
    // PUBACKs/PUBRECs of one socket read go out in one write, not one syscall each
    if (corked === undefined && packet.qos > 0) {
      const socket = clientSocket(client)
      if (socket !== undefined && typeof socket.cork === 'function') {
        socket.cork()
        corked = socket
        setImmediate(uncork)
      }
    }
    writer.whenReady(() => callback())
  })
}

interface Corkable {
  cork(): void
  uncork(): void
}
