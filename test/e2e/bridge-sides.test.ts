/**
 * mqtx bridge with different settings per side: the upstream broker wants a password (in the URL, or
 * --from-username/--from-password-file; over TCP or WebSocket), the downstream one TLS with a client certificate
 * (--to-cafile/--to-cert/--to-key) and an ACL. A message the downstream broker refuses stops the
 * bridge (exit 1) and stays unacknowledged upstream: the next bridge on the same session gets it again.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { start, startMqtx } from '../helpers/run.js'

let certs: TestCerts
let up: Broker
let down: Broker
let passwordFile: string
beforeAll(async () => {
  certs = makeTestCerts()
  const passwords = join(certs.dir, 'passwd')
  execFileSync('mosquitto_passwd', ['-c', '-b', passwords, 'bridge', 's3cret'])
  passwordFile = join(certs.dir, 'bridge-password')
  writeFileSync(passwordFile, 's3cret\n')
  const acl = join(certs.dir, 'acl')
  // the client certificate's CN is the user name downstream
  writeFileSync(acl, 'user device-42\ntopic readwrite sides/ok/#\n')
  ;[up, down] = await Promise.all([
    startMosquitto({
      global: ['persistence true'],
      listeners: [{ lines: ['allow_anonymous false', `password_file ${passwords}`] }, { lines: ['protocol websockets', 'allow_anonymous false', `password_file ${passwords}`] }],
    }),
    startMosquitto({
      listeners: [{ lines: ['allow_anonymous false', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`, 'require_certificate true', 'use_identity_as_username true', `acl_file ${acl}`] }],
    }),
  ])
})
afterAll(async () => {
  await Promise.all([up?.stop(), down?.stop()])
})

const TLS_DOWN = () => ['--to', `mqtts://localhost:${down.port}`, '--to-cafile', certs.ca, '--to-cert', certs.client, '--to-key', certs.clientKey]
const publishUp = (topic: string, message: string) => start('mosquitto_pub', ['-p', String(up.port), '-u', 'bridge', '-P', 's3cret', '-t', topic, '-m', message, '-q', '1']).done

describe('mqtx bridge: settings per side', () => {
  it('a password upstream (URL, then --from-username/--from-password-file), TLS with a client certificate downstream; a refused message stops it and comes again', async () => {
    const rx = start('mosquitto_sub', ['-p', String(down.port), '--cafile', certs.ca, '--cert', certs.client, '--key', certs.clientKey, '-i', 'sides-rx', '-t', 'sides/ok/#', '-v', '-C', '2'], { timeoutMs: 60_000 })
    await waitForSubscription(down, 'sides-rx')
    const first = startMqtx(['bridge', '--from', `mqtt://bridge:s3cret@127.0.0.1:${up.port}`, ...TLS_DOWN(), '-t', 'sides/#', '-c', '-i', 'sides-bridge'], { timeoutMs: 60_000 })
    await waitForSubscription(up, 'sides-bridge')
    expect((await publishUp('sides/ok/1', 'one')).code).toBe(0)
    await rx.waitFor(/sides\/ok\/1 one\n/, 'stdout')
    expect((await publishUp('sides/denied', 'no')).code).toBe(0)
    const r = await first.done
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: the downstream broker refused a message on 'sides\/denied': not authorized \(reason code 0x87\)\.$/m)
    expect(r.stderr).toMatch(/^mqtx: bridge: forwarded 1 message; /m)
    // never acknowledged upstream: the same session gets it again (and it is refused again)
    const second = startMqtx(['bridge', '--from', `mqtt://127.0.0.1:${up.port}`, '--from-username', 'bridge', '--from-password-file', passwordFile, ...TLS_DOWN(), '-t', 'sides/#', '-c', '-i', 'sides-bridge'], { timeoutMs: 60_000 })
    const again = await second.done
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/refused a message on 'sides\/denied'/)
    // a message that is allowed goes through, here from the WebSocket listener
    const third = startMqtx(['bridge', '--from', `ws://127.0.0.1:${up.ports[1] ?? 0}`, '--from-username', 'bridge', '--from-password-file', passwordFile, ...TLS_DOWN(), '-t', 'sides/ok/#', '-i', 'sides-bridge-2', '-C', '1'], { timeoutMs: 60_000 })
    await waitForSubscription(up, 'sides-bridge-2')
    expect((await publishUp('sides/ok/2', 'two')).code).toBe(0)
    expect((await third.done).code).toBe(0)
    expect((await rx.done).stdout).toBe('sides/ok/1 one\nsides/ok/2 two\n')
  }, 60_000)

  it('a wrong password upstream is that broker\'s refusal (its CONNACK code), and says which side', async () => {
    const r = await startMqtx(['bridge', '--from', `mqtt://bridge:wrong@127.0.0.1:${up.port}`, ...TLS_DOWN(), '-t', 'x'], { timeoutMs: 30_000 }).done
    expect(r.code).toBe(135)
    expect(r.stderr).toMatch(/^mqtx: upstream \(--from\): the broker refused the connection/)
    // bridge has no -u/-P: the hint names the side's own flags
    expect(r.stderr).toMatch(/^hint: check --from-username and the password \(--from-password-file, or user:pass@ in the --from URL\), and the broker's ACLs$/m)
  })
})
