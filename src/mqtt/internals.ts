/**
 * Every use of MQTT.js beyond its public API, in one place (test/unit/mqttjs-internals.test.ts fails
 * loudly when an upgrade removes one of them):
 * - the deep import `mqtt/lib/client` (so ws/socks/tls load only when used: start-up time);
 * - `client.stream`, the socket under a connected client (cork, raw frames, socket options);
 * - `client.handleMessage`, replaced to call back only when stdout can take more (back-pressure);
 * - `client._destroyKeepaliveManager()`, for bench's raw data path (it pings itself);
 * - `client.options.reconnectPeriod`, rewritten while running (back-off, and 0 to stop for good);
 * - `socket.write`, replaced by coalesce.ts (one write per event-loop turn).
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

interface Internals {
  stream?: ClientSocket
  _destroyKeepaliveManager?: () => void
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
