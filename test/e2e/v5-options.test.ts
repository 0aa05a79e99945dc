/**
 * A v5-only option against a broker that speaks only MQTT 3.1.1: the error names the option and says
 * the broker does not speak MQTT 5 (not "try -V 311"); without such options mqtx falls back quietly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mqtx } from '../helpers/run.js'
import { startV311Stub, type StubBroker } from '../helpers/v311-stub.js'

let stub: StubBroker
let hangup: StubBroker
beforeAll(async () => {
  stub = await startV311Stub('connack')
  hangup = await startV311Stub('hangup')
})
afterAll(async () => {
  await stub?.close()
  await hangup?.close()
})

const at = (b: StubBroker) => ['-p', String(b.port), '-h', '127.0.0.1']

describe('v5-only options against a 3.1.1-only broker', () => {
  it('without v5 options, pub falls back to 3.1.1 and succeeds', async () => {
    const before = stub.connects.length
    const r = await mqtx(['pub', ...at(stub), '-t', 'a', '-m', 'x', '-q', '1'])
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' })
    expect(stub.connects.slice(before)).toEqual([5, 4])
  })

  const cases: Array<[string, string[], string]> = [
    ['pub --user-property', ['pub', '-t', 'a', '-m', 'x', '--user-property', 'k=v'], '--user-property needs MQTT 5'],
    ['pub --content-type --response-topic', ['pub', '-t', 'a', '-m', 'x', '--content-type', 'text/plain', '--response-topic', 'r'], '--content-type, --response-topic need MQTT 5'],
    ['pub -D', ['pub', '-t', 'a', '-m', 'x', '-D', 'publish', 'user-property', 'k', 'v'], '-D needs MQTT 5'],
    ['sub --no-local', ['sub', '-t', 'a', '--no-local', '-C', '1'], '--no-local needs MQTT 5'],
    ['rr', ['rr', '-t', 'svc/req', '-e', 'svc/resp', '-m', 'ping'], 'mqtx rr (response topic and correlation data) needs MQTT 5'],
  ]
  for (const [name, args, needs] of cases) {
    it(`${name}: names the option and says the broker does not speak MQTT 5`, async () => {
      const r = await mqtx([...args, ...at(stub)])
      expect(r.code).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        `mqtx: ${needs}, and the broker at mqtt://127.0.0.1:${stub.port} does not speak MQTT 5 (it answered an MQTT 5 CONNECT with CONNACK code 1).\n` +
          `hint: use a broker that speaks MQTT 5 (mosquitto 1.6 or later, or mqtx broker)${name === 'rr' ? '' : `, or leave out ${needs.replace(/ needs? MQTT 5$/, '')}`}\n`,
      )
      expect(r.stderr).not.toContain('-V 311')
    })
  }

  it('a broker that hangs up on an MQTT 5 CONNECT gets the same explanation', async () => {
    const r = await mqtx(['pub', '-t', 'a', '-m', 'x', '--user-property', 'k=v', ...at(hangup)])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`mqtx: --user-property needs MQTT 5, and the broker at mqtt://127.0.0.1:${hangup.port} does not speak MQTT 5 (it hung up on an MQTT 5 CONNECT).\n`)
  })

  it('an explicit -V 5 without v5 options keeps the version hint', async () => {
    const r = await mqtx(['pub', '-V', '5', '-t', 'a', '-m', 'x', ...at(stub)])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('unacceptable protocol version (CONNACK code 1)')
  })
})
