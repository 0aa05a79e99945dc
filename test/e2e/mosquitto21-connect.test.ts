/**
 * mosquitto 2.1's connection flags against real servers: SOCKS5 with a login (Debian's microsocks),
 * --ws to mosquitto's WebSocket listener, --insecure, --tls-keylog, --no-tls, -o FILE.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, mosquittoReady, startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { makeTestCerts, type TestCerts } from '../helpers/certs.js'
import { mqtx, start, startMqtx } from '../helpers/run.js'

let broker: Broker
let certs: TestCerts
let plain: number
let wsPort: number
let tlsPort: number
let wrongPort: number
let wssPort: number
const work = mkdtempSync(join(tmpdir(), 'mqtx-21-'))

interface Socks {
  port: number
  log(): string
  stop(): void
}

/** microsocks on `host`, a free port; ready when a TCP connect succeeds (bounded: 5 s). */
async function startSocks(host: string, login?: [string, string]): Promise<Socks> {
  const port = await freePort(host)
  const args = ['-i', host, '-p', String(port), ...(login === undefined ? [] : ['-u', login[0], '-P', login[1]])]
  const child: ChildProcess = spawn('microsocks', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
  const deadline = Date.now() + 5000
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port }, () => {
        s.destroy()
        resolve(true)
      })
      s.on('error', () => resolve(false))
    })
    if (ok) break
    if (Date.now() > deadline) throw new Error(`microsocks did not listen on ${host}:${port}`)
    await new Promise((r) => setImmediate(r))
  }
  return { port, log: () => log, stop: () => child.pid !== undefined && process.kill(child.pid) }
}

beforeAll(async () => {
  if (!mosquittoReady) return
  certs = makeTestCerts()
  broker = await startMosquitto({
    listeners: [
      { lines: ['allow_anonymous true'] },
      { lines: ['allow_anonymous true', 'protocol websockets'] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] },
      { lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.wrongNameServer}`, `keyfile ${certs.wrongNameServerKey}`] },
      { lines: ['allow_anonymous true', 'protocol websockets', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] },
    ],
  })
  ;[plain, wsPort, tlsPort, wrongPort, wssPort] = broker.ports as [number, number, number, number, number]
})
afterAll(async () => {
  await broker?.stop()
})

let seq = 0
const uniq = (base: string) => `${base}/${process.pid}-${++seq}`

/** Run `publish(topic)`, receive one message with mosquitto_sub on the plain listener. */
async function receive(publish: (topic: string) => Promise<{ code: number | null; stderr: string }>): Promise<{ code: number | null; stderr: string; got: string }> {
  const topic = uniq('m21')
  const id = `m21rx-${process.pid}-${++seq}`
  const sub = start('mosquitto_sub', ['-p', String(plain), '-i', id, '-t', topic, '-C', '1', '-W', '10'])
  await waitForSubscription(broker, id)
  const r = await publish(topic)
  if (r.code !== 0) sub.kill()
  return { code: r.code, stderr: r.stderr, got: (await sub.done).stdout }
}

describe.skipIf(!mosquittoReady)('--proxy SOCKS5 (microsocks)', () => {
  it('with a login: percent-encoded credentials are decoded; socks5h:// lets the proxy resolve the name', async () => {
    const socks = await startSocks('127.0.0.1', ['user', 'pa:ss@'])
    try {
      const r = await receive((t) => mqtx(['pub', '-h', 'localhost', '-p', String(plain), '--proxy', `socks5h://user:pa%3Ass%40@127.0.0.1:${socks.port}`, '-t', t, '-m', 'via socks']))
      expect([r.code, r.stderr, r.got]).toEqual([0, '', 'via socks\n'])
      expect(socks.log()).toContain(`connected to localhost:${plain}`)
      // socks5:// resolves the name here: the proxy is asked for an address
      const local = await receive((t) => mqtx(['pub', '-h', 'localhost', '-p', String(plain), '--proxy', `socks5://user:pa%3Ass%40@127.0.0.1:${socks.port}`, '-t', t, '-m', 'resolved here']))
      expect([local.code, local.got]).toEqual([0, 'resolved here\n'])
      expect(socks.log()).toMatch(new RegExp(`connected to (127\\.0\\.0\\.1|::1):${plain}`))
      // a wrong password is refused by the proxy: exit 1, one line
      const bad = await mqtx(['pub', '-p', String(plain), '--proxy', `socks5h://user:nope@127.0.0.1:${socks.port}`, '-t', 'a', '-m', 'x'])
      expect(bad.code).toBe(1)
      expect(bad.stderr).toMatch(/^mqtx: the SOCKS proxy socks5h:\/\/user:\*\*\*@127\.0\.0\.1:\d+ did not connect to .*: .*Socks5 Authentication failed/)
      // a proxy that is not there is named as such (not blamed on the broker)
      const gone = await mqtx(['pub', '-p', String(plain), '--proxy', 'socks5h://user:secret@127.0.0.1:1', '-t', 'a', '-m', 'x'])
      expect([gone.code, gone.stderr.split('\n')[0]]).toEqual([1, 'mqtx: connection refused by the SOCKS proxy socks5h://user:***@127.0.0.1:1: nothing is listening there.'])
    } finally {
      socks.stop()
    }
  })

  it('an IPv6 proxy host: socks5h://user:pw@[::1]:port', async () => {
    const socks = await startSocks('::1', ['u', 'p'])
    try {
      const r = await receive((t) => mqtx(['pub', '-h', '127.0.0.1', '-p', String(plain), '--proxy', `socks5h://u:p@[::1]:${socks.port}`, '-t', t, '-m', 'v6 proxy']))
      expect([r.code, r.stderr, r.got]).toEqual([0, '', 'v6 proxy\n'])
    } finally {
      socks.stop()
    }
  })
})

describe.skipIf(!mosquittoReady)('--ws', () => {
  it('pub and sub over WebSocket to -h/-p, a multi-frame payload arrives whole', async () => {
    const topic = uniq('ws')
    // past 65,535 bytes (a WebSocket frame's 64-bit length); mosquitto 2.0.11 sends large messages to a
    // WebSocket client slowly (~40 KB/s here, an aedes broker takes ms), so no larger
    const big = Buffer.alloc(70_000, 'abcdefghij')
    const file = join(work, 'big')
    writeFileSync(file, big)
    const sub = startMqtx(['sub', '--ws', '-p', String(wsPort), '-t', topic, '-C', '1', '-d', '-W', '20'])
    await sub.waitFor(/subscribed to/)
    const r = await mqtx(['pub', '--ws', '-p', String(wsPort), '-t', topic, '-f', file])
    expect([r.code, r.stderr]).toEqual([0, ''])
    const done = await sub.done
    expect(done.code).toBe(0)
    expect(done.stdoutBytes.equals(Buffer.concat([big, Buffer.from('\n')]))).toBe(true)
  })

  it('--ws with -L or --proxy is a usage error', async () => {
    expect((await mqtx(['pub', '--ws', '-L', `mqtt://localhost:${plain}/a`, '-m', 'x'])).stderr).toBe('mqtx: --ws cannot be used with -L (use a ws:// or wss:// URL).\n')
    const r = await mqtx(['pub', '--ws', '--proxy', 'socks5h://127.0.0.1:1', '-t', 'a', '-m', 'x'])
    expect([r.code, r.stderr]).toEqual([2, 'mqtx: --proxy cannot be used with WebSocket (--ws, ws://, wss://).\n'])
  })
})

describe.skipIf(!mosquittoReady)('TLS flags of 2.1', () => {
  it('--insecure checks nothing: a wrong name AND an unknown CA connect, with the warning', async () => {
    const r = await receive((t) => mqtx(['pub', '-h', '127.0.0.1', '-p', String(wrongPort), '--cafile', certs.otherCa, '--insecure', '-t', t, '-m', 'unchecked']))
    expect([r.code, r.got]).toEqual([0, 'unchecked\n'])
    expect(r.stderr).toBe("mqtx: warning: --insecure: the broker's certificate is not checked at all (neither its issuer nor its name); anyone on the path can impersonate the broker\n")
  })

  it('--tls-keylog writes NSS key-log lines to a 0600 file, with a warning', async () => {
    const file = join(work, 'keys.log')
    const r = await receive((t) => mqtx(['pub', '-p', String(tlsPort), '--cafile', certs.ca, '--tls-keylog', file, '-t', t, '-m', 'logged']))
    expect([r.code, r.got]).toEqual([0, 'logged\n'])
    expect(r.stderr).toBe(`mqtx: warning: --tls-keylog: the TLS session keys are written to ${file}; whoever reads it can decrypt this connection's traffic\n`)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    for (const line of lines) expect(line).toMatch(/^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,96}$/)
    expect(lines.map((l) => l.split(' ')[0])).toContain('CLIENT_TRAFFIC_SECRET_0')
    // --ws with TLS (wss://): ws opens the TLS socket, the keys are logged all the same
    const wssFile = join(work, 'wss-keys.log')
    const w = await receive((t) => mqtx(['pub', '--ws', '-p', String(wssPort), '--cafile', certs.ca, '--tls-keylog', wssFile, '-t', t, '-m', 'over wss']))
    expect([w.code, w.got]).toEqual([0, 'over wss\n'])
    expect(readFileSync(wssFile, 'utf8')).toMatch(/^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} /m)
  })

  it('--no-tls drops TLS settings from the environment and the options file; with a TLS flag it is exit 2', async () => {
    const opts = join(work, 'tls-opts')
    writeFileSync(opts, `--cafile ${certs.ca}\n`)
    const r = await receive((t) => mqtx(['pub', '-p', String(plain), '--no-tls', '-o', opts, '-t', t, '-m', 'plain'], { env: { MQTX_CAFILE: certs.ca } }))
    expect([r.code, r.stderr, r.got]).toEqual([0, '', 'plain\n'])
    // without --no-tls the same settings turn TLS on (and the plain port refuses it)
    const tls = await mqtx(['pub', '-p', String(plain), '-t', 'a', '-m', 'x'], { env: { MQTX_CAFILE: certs.ca } })
    expect(tls.code).toBe(1)
    const both = await mqtx(['pub', '--no-tls', '--cafile', certs.ca, '-t', 'a', '-m', 'x'])
    expect([both.code, both.stderr]).toEqual([2, 'mqtx: --no-tls cannot be used with --cafile.\n'])
  })
})

/** Whether 127.0.0.1:8883 can be bound right now (another program may hold it: then the test skips). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

describe.skipIf(!mosquittoReady)('port 8883 means TLS (mosquitto 2.1)', () => {
  it('-p 8883 speaks TLS without any TLS flag but the CA; --no-tls speaks plain MQTT to it (and is told so)', async (ctx) => {
    if (!(await portFree(8883))) ctx.skip()
    const tls8883 = await startMosquitto({ listeners: [{ port: 8883, lines: ['allow_anonymous true', `cafile ${certs.ca}`, `certfile ${certs.server}`, `keyfile ${certs.serverKey}`] }] })
    try {
      const topic = uniq('p8883')
      const sub = startMqtx(['sub', '-h', '127.0.0.1', '-p', '8883', '--cafile', certs.ca, '-t', topic, '-C', '1', '-d', '-W', '20'])
      await sub.waitFor(/subscribed to/)
      const r = await mqtx(['pub', '-h', '127.0.0.1', '-p', '8883', '--cafile', certs.ca, '-t', topic, '-m', 'on 8883'])
      expect([r.code, r.stderr]).toEqual([0, ''])
      expect((await sub.done).stdout).toBe('on 8883\n')
      // the bundled CAs do not know the test CA: TLS was attempted (a TLS error, not a plain-MQTT one)
      const os = await mqtx(['pub', '-h', '127.0.0.1', '-p', '8883', '-t', topic, '-m', 'x'])
      expect(os.code).toBe(1)
      expect(os.stderr).toMatch(/^mqtx: TLS: the broker's certificate was signed by "mqtx test CA", which is not trusted/)
      const plainTo = await mqtx(['pub', '-h', '127.0.0.1', '-p', '8883', '--no-tls', '-t', topic, '-m', 'x'])
      expect(plainTo.code).toBe(1)
      expect(plainTo.stderr).toMatch(/^mqtx: mqtt:\/\/127\.0\.0\.1:8883 looks like a TLS port: it hung up on plain MQTT/)
    } finally {
      await tls8883.stop()
    }
  })
})

describe.skipIf(!mosquittoReady)('-o FILE', () => {
  it("as mosquitto reads it: one option per line, the value the rest of the line (spaces kept, quotes not special)", async () => {
    const file = join(work, 'opts-spaces')
    writeFileSync(file, `-p ${plain}\n-m   "hello   world"  \n`)
    const r = await receive((t) => mqtx(['pub', '-o', file, '-t', t]))
    expect([r.code, r.stderr, r.got]).toEqual([0, '', '"hello   world"\n'])
    // two options on one line: mosquitto's atoi() keeps the port and drops '-q 1' without a word; mqtx too, with a word
    writeFileSync(file, `-p ${plain} -q 1\n`)
    const two = await mqtx(['pub', '-o', file, '-t', 'a', '-m', 'x'])
    expect([two.code, two.stderr]).toEqual([0, `mqtx: warning: ${file}:1: -p ${plain}: the rest of the line ('-q 1') is dropped, as mosquitto drops it: one option per line (mosquitto's format)\n`])
    writeFileSync(file, `-r yes\n`)
    const flag = await mqtx(['pub', '-o', file, '-t', 'a', '-m', 'x'])
    expect([flag.code, flag.stderr]).toEqual([2, `mqtx: ${file}:1: -r takes no value, and the file holds one option per line (mosquitto's format)\n`])
    // a password is never shown, not even in that warning
    writeFileSync(file, `-p ${plain}\n-u someone\n-P s3cret -q 1\n`)
    const secret = await mqtx(['pub', '-o', file, '-t', 'a', '-m', 'x'])
    expect(secret.stderr).toContain(`mqtx: warning: ${file}:3: the value of -P is the rest of the line, '-q' included: one option per line (mosquitto's format)\n`)
    expect(secret.stderr).not.toContain('s3cret')
  })

  it('options from the file, below the command line; an unknown option warns and a bad value fails, naming file:line', async () => {
    const file = join(work, 'opts')
    writeFileSync(file, `# comment\n-p ${plain}\n  -q 1\n-h 127.0.0.1\n`)
    const r = await receive((t) => mqtx(['pub', '-o', file, '-t', t, '-m', 'from -o']))
    expect([r.code, r.stderr, r.got]).toEqual([0, '', 'from -o\n'])
    writeFileSync(file, `-p ${plain}\n--tls-engine x\n-q 7\n`)
    const bad = await mqtx(['pub', '-o', file, '-t', 'a', '-m', 'x'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(`mqtx: warning: ${file}:2: '--tls-engine' is not supported by mqtx pub in this file; the line is ignored\n`)
    expect(bad.stderr).toMatch(new RegExp(`mqtx: ${file}:3: .*QoS`))
    const missing = await mqtx(['pub', '-o', join(work, 'none'), '-t', 'a', '-m', 'x'])
    expect([missing.code, missing.stderr]).toEqual([2, `mqtx: -o: ${join(work, 'none')} does not exist.\n`])
    const dir = await mqtx(['pub', '-o', work, '-t', 'a', '-m', 'x'])
    expect([dir.code, dir.stderr]).toEqual([2, `mqtx: -o: ${work} is a directory.\n`])
    const endless = await mqtx(['pub', '-o', '/dev/zero', '-t', 'a', '-m', 'x'])
    expect([endless.code, endless.stderr]).toEqual([2, 'mqtx: cannot read /dev/zero: larger than 16 MiB: is it the right file?\n'])
  })
})
