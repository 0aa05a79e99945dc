/** Profiles and MQTX_* environment, end to end against a real broker. */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { MQTX_ARGV, mqtx, run, start } from '../helpers/run.js'
import { codeBlocks, readmeSection } from '../helpers/readme.js'
import { makeTestCerts } from '../helpers/certs.js'

let broker: Broker
let deadPort: number
const xdg = mkdtempSync(join(tmpdir(), 'mqtx-xdg-'))
const configFile = join(xdg, 'mqtx', 'config.json')

function writeConfig(content: unknown): void {
  mkdirSync(join(xdg, 'mqtx'), { recursive: true })
  writeFileSync(configFile, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
}

beforeAll(async () => {
  broker = await startMosquitto()
  deadPort = await freePort()
})
afterAll(async () => {
  await broker?.stop()
})

async function receiver(topic: string) {
  const id = `rx-${Math.random().toString(16).slice(2)}`
  const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', topic, '-C', '1', '-v'])
  await waitForSubscription(broker, id)
  return sub
}

describe('config file and environment (real broker)', () => {
  it('a profile from XDG_CONFIG_HOME supplies host and port', async () => {
    writeConfig({ profiles: { local: { host: '127.0.0.1', port: broker.port } } })
    const sub = await receiver('cfg/profile')
    const r = await mqtx(['pub', '--profile', 'local', '-t', 'cfg/profile', '-m', 'hi'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect((await sub.done).stdout).toBe('cfg/profile hi\n')
  })

  it('MQTX_PORT beats the profile, and -p beats MQTX_PORT', async () => {
    writeConfig({ defaultProfile: 'dead', profiles: { dead: { host: '127.0.0.1', port: deadPort } } })
    const sub = await receiver('cfg/env')
    const viaEnv = await mqtx(['pub', '-t', 'cfg/env', '-m', 'env'], { env: { XDG_CONFIG_HOME: xdg, MQTX_PORT: String(broker.port) } })
    expect(viaEnv.stderr).toBe('')
    expect(viaEnv.code).toBe(0)
    expect((await sub.done).stdout).toBe('cfg/env env\n')
    const viaFlag = await mqtx(['pub', '-p', String(deadPort), '-t', 'cfg/env', '-m', 'flag'], { env: { XDG_CONFIG_HOME: xdg, MQTX_PORT: String(broker.port) } })
    expect(viaFlag.code).toBe(1)
    expect(viaFlag.stderr).toContain(`mqtt://127.0.0.1:${deadPort}`)
  })

  it('per-command defaults: "pub": {"retain": true} publishes retained', async () => {
    writeConfig({ profiles: { keep: { port: broker.port, pub: { retain: true, qos: 1 } } } })
    const r = await mqtx(['pub', '--profile', 'keep', '-t', 'cfg/retained', '-m', 'kept'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.code).toBe(0)
    const got = await run('mosquitto_sub', ['-p', String(broker.port), '-t', 'cfg/retained', '-C', '1', '-F', '%r %q %p', '-q', '1'])
    expect(got.stdout).toBe('1 1 kept\n')
  })

  it('a literal password in a profile works but draws a warning', async () => {
    writeConfig({ profiles: { plain: { port: broker.port, username: 'u', password: 'p' } } })
    const r = await mqtx(['pub', '--profile', 'plain', '-t', 'cfg/pw', '-m', 'x'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`mqtx: warning: ${configFile}: profile 'plain' holds a literal password; prefer "passwordFile" or "passwordEnv"\n`)
  })

  it('a malformed config file: the file, line and column, exit 2, nothing sent', async () => {
    writeConfig('{\n  "profiles": {\n    "a": { "port": 1883, }\n  }\n}\n')
    const r = await mqtx(['pub', '-t', 'cfg/bad', '-m', 'x'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`mqtx: ${configFile}:3:26: malformed JSON: trailing comma before }\n`)
  })

  it('an unknown profile: one line, exit 2', async () => {
    writeConfig({ profiles: { a: {} } })
    const r = await mqtx(['pub', '-t', 'x', '-m', 'x'], { env: { XDG_CONFIG_HOME: xdg, MQTX_PROFILE: 'b' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`mqtx: unknown profile 'b' in ${configFile} (profiles: a)\n`)
  })

  it("mosquitto's ~/.config/mosquitto_pub carries over; unknown options warn", async () => {
    const home = mkdtempSync(join(tmpdir(), 'mqtx-mosq-home-'))
    mkdirSync(join(home, '.config'))
    writeFileSync(join(home, '.config', 'mosquitto_pub'), `# from mosquitto\n-p ${broker.port}\n-q 1\n--tls-engine pkcs11\n`)
    const sub = await receiver('cfg/mosq')
    const r = await mqtx(['pub', '-t', 'cfg/mosq', '-m', 'carried'], { env: { HOME: home, XDG_CONFIG_HOME: undefined } })
    expect(r.stderr).toBe(`mqtx: warning: ${join(home, '.config', 'mosquitto_pub')}:4: '--tls-engine' is not supported by mqtx pub in this file; the line is ignored\n`)
    expect(r.code).toBe(0)
    expect((await sub.done).stdout).toBe('cfg/mosq carried\n')
  })

  it('the same file gives mosquitto_pub and mqtx pub the same message: the value is the rest of the line', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mqtx-mosq-home-'))
    mkdirSync(join(home, '.config'))
    writeFileSync(join(home, '.config', 'mosquitto_pub'), `-p ${broker.port}\n-t cfg/same\n-m   hello  "big" world \n`)
    const got: string[] = []
    const [mqtxCmd, ...mqtxArgs] = MQTX_ARGV as [string, ...string[]]
    for (const [cmd, args] of [['mosquitto_pub', []], [mqtxCmd, [...mqtxArgs, 'pub']]] as const) {
      const sub = await receiver('cfg/same')
      const r = await run(cmd, [...args], { env: { HOME: home, XDG_CONFIG_HOME: undefined } })
      expect([r.code, r.stderr]).toEqual([0, ''])
      got.push((await sub.done).stdout)
    }
    // mosquitto keeps the blanks around the value (all but the space after the option), mqtx drops them
    expect(got).toEqual(['cfg/same   hello  "big" world \n', 'cfg/same hello  "big" world\n'])
  })

  it('a number followed by another option on its line is read as mosquitto reads it (atoi: -p 1883 -v is port 1883)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mqtx-mosq-home-'))
    mkdirSync(join(home, '.config'))
    // mosquitto_pub takes port and QoS 1 and drops ' -r' and ' -d': no retain flag, no debug output
    writeFileSync(join(home, '.config', 'mosquitto_pub'), `-p ${broker.port} -r\n-t cfg/num\n-m x\n-q 1 -d\n`)
    const got: string[] = []
    const [mqtxCmd, ...mqtxArgs] = MQTX_ARGV as [string, ...string[]]
    for (const [cmd, args] of [['mosquitto_pub', []], [mqtxCmd, [...mqtxArgs, 'pub']]] as const) {
      const id = `rx-num-${got.length}`
      const sub = start('mosquitto_sub', ['-p', String(broker.port), '-i', id, '-t', 'cfg/num', '-q', '1', '-C', '1', '-W', '20', '-F', '%t %r %q %p'])
      await waitForSubscription(broker, id)
      const r = await run(cmd, [...args], { env: { HOME: home, XDG_CONFIG_HOME: undefined } })
      expect(r.code).toBe(0)
      expect(r.stdout).toBe('')
      got.push((await sub.done).stdout)
      if (cmd === mqtxCmd) expect(r.stderr).toContain("mosquitto_pub:1: -p "+String(broker.port)+": the rest of the line ('-r') is dropped, as mosquitto drops it")
    }
    expect(got).toEqual(['cfg/num 0 1 x\n', 'cfg/num 0 1 x\n'])
  })

  it('commands without connection options ignore the config file', async () => {
    writeConfig('not json')
    const r = await mqtx(['completion', 'bash'], { env: { XDG_CONFIG_HOME: xdg } })
    expect(r.code).toBe(0)
  })

  it("README's config example, saved verbatim: every command works with it, not only the one a section names", async () => {
    const example = codeBlocks(readmeSection('Configuration and profiles'), ['json'])[0] ?? ''
    writeConfig(example)
    // the files the "home" profile names, next to the config file
    copyFileSync(makeTestCerts().ca, join(xdg, 'mqtx', 'home-ca.pem'))
    mkdirSync(join(xdg, '.config', 'mqtx'), { recursive: true })
    writeFileSync(join(xdg, '.config', 'mqtx', 'home.pass'), 'secret\n')
    // README: `mqtx sub -t 'home/#'` uses "home" (TLS, from its cafile); pointed at a closed port here
    const sub = await mqtx(['sub', '-t', 'home/#', '-h', '127.0.0.1', '-p', String(deadPort)], { env: { XDG_CONFIG_HOME: xdg, HOME: xdg } })
    expect(sub.stderr).toContain(`connection refused by mqtts://127.0.0.1:${deadPort}`)
    expect(sub.code).toBe(1)
    // README: `mqtx pub --profile ci -t t -m x`
    const pub = await mqtx(['pub', '--profile', 'ci', '-p', String(broker.port), '-t', 't', '-m', 'x'], { env: { XDG_CONFIG_HOME: xdg, CI_MQTT_PASSWORD: 'pw' } })
    expect(pub.stderr).toBe('')
    expect(pub.code).toBe(0)
  })
})
