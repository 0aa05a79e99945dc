/**
 * certgen's output drives a real mosquitto: the mosquitto.conf block `mqtx certgen` prints is the
 * broker's configuration (listener bodies as printed, ports from the fixture); mqtx, mosquitto_pub
 * and mosquitto_sub connect by localhost and by 127.0.0.1; the mutual-TLS listener logs the
 * client certificate's CN as the username.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasMosquitto, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, run, start, startMqtx } from '../helpers/run.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-certgen-broker-'))
const f = (name: string) => join(dir, name)
let broker: Broker
let tlsPort = 0
let mtlsPort = 0
let printed = ''

/** The listener bodies of the printed mosquitto.conf block (per_listener_settings: the fixture sets it). */
function listenerBodies(report: string): string[][] {
  const block = report.split('---- mosquitto.conf ----\n')[1]?.split('---- end ----')[0] ?? ''
  const bodies: string[][] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('listener ')) bodies.push([])
    else if (line !== '' && !line.startsWith('#') && line !== 'per_listener_settings true') bodies[bodies.length - 1]?.push(line)
  }
  return bodies
}

beforeAll(async () => {
  const r = await mqtx(['certgen', '--dir', dir, '--client-id', 'device-1'])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  printed = r.stdout
  if (!hasMosquitto()) return
  const bodies = listenerBodies(printed)
  expect(bodies).toHaveLength(2)
  broker = await startMosquitto({ listeners: bodies.map((lines) => ({ lines })) })
  ;[tlsPort, mtlsPort] = broker.ports as [number, number]
})
afterAll(async () => {
  await broker?.stop()
})

const uid = () => Math.random().toString(16).slice(2, 10)

describe.skipIf(!hasMosquitto())('certgen output with a real mosquitto', () => {
  it('prints a TLS listener and a mutual-TLS listener mapping the CN to the username', () => {
    expect(listenerBodies(printed)).toEqual([
      [`cafile ${f('ca.crt')}`, `certfile ${f('server.crt')}`, `keyfile ${f('server.key')}`, 'allow_anonymous true'],
      [`cafile ${f('ca.crt')}`, `certfile ${f('server.crt')}`, `keyfile ${f('server.key')}`, 'require_certificate true', 'use_identity_as_username true'],
    ])
    expect(printed).toContain(`sudo chgrp mosquitto ${f('server.key')} && sudo chmod 0640 ${f('server.key')}`)
    expect(printed).toContain(`mqtx pub -h localhost -p 8883 --cafile ${f('ca.crt')} -t test/hello -m hello`)
    expect(printed).toContain(`--cert ${f('client.crt')} --key ${f('client.key')}`)
  })

  for (const host of ['localhost', '127.0.0.1']) {
    it(`mqtx pub over TLS by ${host} reaches mosquitto_sub (TLS, by ${host})`, async () => {
      const id = `rx-${uid()}`
      const sub = start('mosquitto_sub', ['-h', host, '-p', String(tlsPort), '--cafile', f('ca.crt'), '-i', id, '-t', 'cg/tls', '-C', '1', '-v'])
      await waitForSubscription(broker, id)
      const r = await mqtx(['pub', '-h', host, '-p', String(tlsPort), '--cafile', f('ca.crt'), '-t', 'cg/tls', '-m', `via ${host}`])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const got = await sub.done
      expect(got.stdout).toBe(`cg/tls via ${host}\n`)
      expect(got.code).toBe(0)
    })

    it(`mutual TLS by ${host}: the broker logs the client certificate's CN as the username`, async () => {
      const id = `tx-${uid()}`
      const rxId = `rx-${uid()}`
      const sub = start('mosquitto_sub', ['-h', host, '-p', String(mtlsPort), '--cafile', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-i', rxId, '-t', 'cg/mtls', '-C', '1'])
      await waitForSubscription(broker, rxId)
      const r = await mqtx(['pub', '-h', host, '-p', String(mtlsPort), '--cafile', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-i', id, '-t', 'cg/mtls', '-m', 'hi'])
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      await broker.waitForLog(new RegExp(`New client connected from 127\\.0\\.0\\.1:\\d+ as ${id} \\(p\\d, c1, k\\d+, u'device-1'\\)`))
      expect((await sub.done).stdout).toBe('hi\n')
    })
  }

  it('mosquitto_pub with the client certificate is mapped to device-1 too', async () => {
    const id = `mp-${uid()}`
    const r = await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(mtlsPort), '--cafile', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-i', id, '-t', 'cg/x', '-m', 'x'])
    expect(r.code).toBe(0)
    await broker.waitForLog(new RegExp(`as ${id} \\(p\\d, c1, k\\d+, u'device-1'\\)`))
  })

  it('without a client certificate the mutual-TLS listener refuses, and the hint names certgen', async () => {
    const r = await mqtx(['pub', '-h', 'localhost', '-p', String(mtlsPort), '--cafile', f('ca.crt'), '-t', 'cg/x', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('mqtx certgen client <id>')
  })

  it('a host name not in the certificate is refused with a certgen hint for that name', async () => {
    const r = await mqtx(['pub', '-h', '127.0.0.1', '--servername', 'broker.example.net', '-p', String(tlsPort), '--cafile', f('ca.crt'), '-t', 'cg/x', '-m', 'x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('mqtx certgen server broker.example.net')
  })

  it('mqtx sub receives over mutual TLS by localhost (when mqtx sub exists)', async () => {
    const help = await mqtx(['sub', '--help'])
    if (help.code !== 0) return
    const id = `ms-${uid()}`
    const sub = startMqtx(['sub', '-h', 'localhost', '-p', String(mtlsPort), '--cafile', f('ca.crt'), '--cert', f('client.crt'), '--key', f('client.key'), '-i', id, '-t', 'cg/sub', '-C', '1'])
    await waitForSubscription(broker, id)
    const r = await run('mosquitto_pub', ['-h', 'localhost', '-p', String(tlsPort), '--cafile', f('ca.crt'), '-t', 'cg/sub', '-m', 'to mqtx sub'])
    expect(r.code).toBe(0)
    const got = await sub.done
    expect(got.stdout).toBe('to mqtx sub\n')
    expect(got.code).toBe(0)
  })
})
