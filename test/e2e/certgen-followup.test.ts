/**
 * What a user does right after `mqtx certgen`, as README shows it: run it again, add a server
 * certificate for another name, and try the printed "Test it" block on mqtx's own broker.
 */
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mqtx, startMqtx } from '../helpers/run.js'
import { startMqtxBroker, waitForMqtxSubscription, type MqtxBroker } from '../helpers/mqtx-broker.js'
import { codeBlocks, readmeSection } from '../helpers/readme.js'

const work = mkdtempSync(join(tmpdir(), 'mqtx-certgen-followup-'))
const dir = join(work, 'certs')
const f = (name: string) => join(dir, name)
let printed = ''
let broker: MqtxBroker | undefined

beforeAll(async () => {
  const r = await mqtx(['certgen'], { cwd: work })
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  printed = r.stdout
})
afterAll(async () => {
  await broker?.stop()
})

describe('after mqtx certgen', () => {
  it('running it again is "nothing to do", exit 0, files untouched', async () => {
    const before = readdirSync(dir).map((n) => readFileSync(f(n), 'utf8'))
    const r = await mqtx(['certgen'], { cwd: work })
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `mqtx: nothing to do: ${dir} already holds the default set (ca.crt, ca.key, server.crt, server.key, client.crt, client.key); --force replaces the server and client certificates\n` +
        'mqtx: the broker configuration again: mqtx certgen config mosquitto\n',
    )
    expect(readdirSync(dir).map((n) => readFileSync(f(n), 'utf8'))).toEqual(before)
  })

  it("README's `mqtx certgen server broker.example.com …` follow-up works: its own files, same CA", async () => {
    const line = codeBlocks(readmeSection('mqtx certgen')).join('\n').split('\n').find((l) => l.startsWith('mqtx certgen server broker.example.com')) ?? ''
    const args = line.replace(/\s+#.*$/, '').split(/\s+/).slice(1).map((a) => a.replace(/^'(.*)'$/, '$1'))
    expect(args).toEqual(['certgen', 'server', 'broker.example.com', '10.0.0.5', '*.mqtt.example.com'])
    const server = readFileSync(f('server.crt'), 'utf8')
    const r = await mqtx(args, { cwd: work })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const c = new X509Certificate(readFileSync(f('broker.example.com.crt')))
    expect(c.subjectAltName).toBe('DNS:broker.example.com, DNS:*.mqtt.example.com, IP Address:10.0.0.5')
    expect(c.checkIssued(new X509Certificate(readFileSync(f('ca.crt'))))).toBe(true)
    expect(readFileSync(f('server.crt'), 'utf8')).toBe(server)
  })

  it('the "Test it" block offers mqtx broker, and its commands work against it', async () => {
    const block = printed.split(/^Test it.*\n/m)[1]?.split('\n\n')[0] ?? ''
    const lines = block.split('\n').map((l) => l.trim())
    expect(lines[0]).toBe(`mqtx broker --cert ${f('server.crt')} --key ${f('server.key')} &`)
    const brokerArgs = (lines[0] ?? '').replace(/ &$/, '').split(' ').slice(2)
    broker = await startMqtxBroker([...brokerArgs, '--tls-port', '0'])
    const tlsPort = String(broker.portOf('mqtts'))
    const withPort = (l: string | undefined) => (l ?? '').replace(/^mqtx /, '').replace('-p 8883', `-p ${tlsPort}`).split(' ').map((a) => a.replace(/^'(.*)'$/, '$1'))
    const sub = startMqtx([...withPort(lines[1]), '-C', '1', '-i', 'followup-sub'])
    await waitForMqtxSubscription(broker, 'followup-sub', 'test/#')
    const pub = await mqtx(withPort(lines[2]))
    expect(pub.stderr).toBe('')
    expect(pub.code).toBe(0)
    expect((await sub.done).stdout).toBe('test/hello hello\n')
  })

  it('the client-certificate line says it is for mosquitto\'s mutual-TLS listener (mqtx broker above has none on 8884)', () => {
    const block = printed.split(/^Test it.*\n/m)[1]?.split('\n\n')[0] ?? ''
    const lines = block.split('\n').map((l) => l.trim())
    expect(lines[3]).toBe("# with the client certificate, on mosquitto's mutual-TLS listener (8884):")
    expect(lines[4]).toMatch(/^mqtx pub -h localhost -p 8884 .* --cert /)
  })
})
