/**
 * Every use of MQTT.js beyond its public API, in one place (test/unit/mqttjs-internals.test.ts fails
 * loudly when an upgrade removes one of them):
 * - the deep import `mqtt/lib/client` (so ws/socks/tls load only when used: start-up time);
 * - `client.stream`, the socket under a connected client (cork, raw frames, socket options);
 * - `client.handleMessage`, replaced to call back only when stdout can take more (back-pressure);
 * - `client._destroyKeepaliveManager()`, for bench's raw data path (it pings itself);
 * - `client.options.reconnectPeriod`, rewritten while running (back-off, and 0 to stop for good);
 * - `socket.write`, replaced by coalesce.ts (one write per event-loop turn);
 * - `client._sendPacket`, wrapped by `holdAcks` (bridge: PUBACK/PUBCOMP upstream only once the
 *   downstream broker acknowledged, with many messages in flight).
 * mqtt-packet's private parser methods (user properties in wire order) are wrapped in
 * user-property-order.ts, with its own test (test/unit/user-property-order.test.ts).
 */
import type { Duplex } from 'node:stream'
import mqttClientModule from 'mqtt/lib/client'
import type { IPublishPacket, MqttClient, Packet } from 'mqtt'

// A CommonJS module with `exports.default`: under Node's (and esbuild's node-mode) interop the default
// import is module.exports; an interop that honours __esModule (vitest) gives the class itself.
const clientModule = mqttClientModule as unknown as typeof mqttClientModule.default | { default: typeof mqttClientModule.default }
export const MqttClientClass = typeof clientModule === 'function' ? clientModule : clientModule.default

export type ClientSocket = Duplex & { cork?: () => void; uncork?: () => void }

/** An acknowledgement MQTT.js is about to write (PUBACK for QoS 1, PUBCOMP for QoS 2). */
export interface AckPacket {
  cmd: 'puback' | 'pubcomp'
  messageId: number
  reasonCode?: number
}

type SendPacket = (packet: Packet, cb?: (err?: Error) => void, cbStorePut?: unknown, noStore?: boolean) => void

interface Internals {
  stream?: ClientSocket
  _destroyKeepaliveManager?: () => void
  _sendPacket?: SendPacket
}

/** The socket under MQTT.js (undefined before the first connect). */
export function clientSocket(client: MqttClient): ClientSocket | undefined {
  return (client as unknown as Internals).stream
}

/** MQTT.js handles the next incoming packet only once `handle` calls back. */
export function replaceHandleMessage(client: MqttClient, handle: (packet: IPublishPacket, callback: () => void) => void): void {
  client.handleMessage = (packet: Packet, callback: () => void) => handle(packet as IPublishPacket, callback)
}

/** Stop MQTT.js's keep-alive timer (the caller sends PINGREQs itself). */
export function stopKeepalive(client: MqttClient): void {
  ;(client as unknown as Internals)._destroyKeepaliveManager?.()
}

/** The delay before MQTT.js's next reconnect attempt; 0: never reconnect again. */
export function setReconnectPeriod(client: MqttClient, ms: number): void {
  client.options.reconnectPeriod = ms
}

export function reconnectPeriod(client: MqttClient): number {
  return client.options.reconnectPeriod ?? 0
}

/** Replace a socket's write() (coalesce.ts); returns the original, bound. */
export function replaceSocketWrite(socket: Duplex, write: Duplex['write']): Duplex['write'] {
  const original = socket.write.bind(socket) as Duplex['write']
  socket.write = write
  return original
}

/**
 * MQTT.js writes a received message's PUBACK (QoS 1) or PUBCOMP (QoS 2) when `handleMessage` calls
 * back, and handles the next packet only after that. `holdAcks` lets the caller keep such an ack
 * (`hold` returns true): it is not written, MQTT.js carries on as if it were (so more messages can be
 * in flight), and the caller writes it later with the returned `send`, or never (a persistent
 * session then gets the message again). Everything else goes out as before.
 */
export function holdAcks(client: MqttClient, hold: (ack: AckPacket) => boolean): (ack: AckPacket) => void {
  const internals = client as unknown as Internals
  const original = internals._sendPacket
  if (typeof original !== 'function') throw new Error('MQTT.js internals changed: MqttClient._sendPacket is missing')
  const send = original.bind(client) as SendPacket
  internals._sendPacket = (packet, cb, cbStorePut, noStore) => {
    if ((packet.cmd === 'puback' || packet.cmd === 'pubcomp') && hold(packet as AckPacket)) {
      cb?.()
      return
    }
    send(packet, cb, cbStorePut, noStore)
  }
  return (ack) => send(ack as Packet)
}
