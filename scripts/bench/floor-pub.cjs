// The floor for any Node MQTT tool: CONNECT, PUBLISH, DISCONNECT written to a raw socket (MQTT 3.1.1,
// QoS 0), waiting for CONNACK first as a real client must. CommonJS: Node starts a CommonJS script
// ~10 ms sooner than an ES module. Usage: node floor-pub.cjs HOST PORT TOPIC MSG
'use strict'
const net = require('node:net')

const [host = 'localhost', port = '1883', topic = 't', msg = 'x'] = process.argv.slice(2)
const str = (s) => {
  const b = Buffer.from(s)
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 255]), b])
}
const packet = (type, body) => Buffer.concat([Buffer.from([type, body.length]), body])
const connect = packet(0x10, Buffer.concat([str('MQTT'), Buffer.from([4, 2, 0, 60]), str('')]))
const publish = packet(0x30, Buffer.concat([str(topic), Buffer.from(msg)]))
const socket = net.connect({ host, port: Number(port), noDelay: true })
socket.write(connect)
socket.once('data', () => socket.end(Buffer.concat([publish, Buffer.from([0xe0, 0])])))
socket.resume()
