// Writes test/fixtures/codecs/reading.* : one sensor reading encoded by each reference library
// (protobufjs, cbor-x, msgpackr, avsc, zlib) and a Sparkplug B DDATA, for `mosquitto_pub -f` in
// test/e2e/codecs.test.ts. Committed; re-run only when the fixtures must change.
import { readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import protobuf from 'protobufjs'
import { encode as cbor } from 'cbor-x'
import { pack } from 'msgpackr'
import avro from 'avsc'

const dir = new URL('../test/fixtures/codecs/', import.meta.url)
const reading = { device_id: 'fixture-1', temperature: 19.5, humidity: 55, battery: 88, status: 1, door_open: true, tags: ['lab'] }
const Reading = protobuf.loadSync(new URL('sensor.proto', dir).pathname).lookupType('sensors.Reading')
writeFileSync(new URL('reading.pb', dir), Reading.encode(Reading.fromObject({ deviceId: 'fixture-1', temperature: 19.5, humidity: 55, battery: 88, status: 1, doorOpen: true, tags: ['lab'] })).finish())
writeFileSync(new URL('reading.cbor', dir), cbor(reading))
writeFileSync(new URL('reading.msgpack', dir), pack(reading))
writeFileSync(new URL('reading.json.gz', dir), gzipSync(JSON.stringify(reading)))
const avsc = avro.Type.forSchema(JSON.parse(readFileSync(new URL('reading.avsc', dir), 'utf8')))
writeFileSync(new URL('reading.avro', dir), avsc.toBuffer({ device_id: 'fixture-1', temperature: 19.5, ok: true, tags: ['lab'] }))
const tahu = new protobuf.Root().loadSync(new URL('../src/codecs/schema/sparkplug_b.proto', import.meta.url).pathname, { keepCase: true })
const Payload = tahu.lookupType('org.eclipse.tahu.protobuf.Payload')
writeFileSync(new URL('ddata.spb', dir), Payload.encode(Payload.fromObject({
  timestamp: 1764160000000, seq: 7,
  metrics: [
    { name: 'Pump/RPM', alias: 3, timestamp: 1764160000000, datatype: 3, int_value: 1450 },
    { name: 'Pump/Temp', timestamp: 1764160000000, datatype: 10, double_value: 61.25 },
    { name: 'Pump/Running', timestamp: 1764160000000, datatype: 11, boolean_value: true },
  ],
})).finish())
