/**
 * TLS-PSK where the runtime's TLS cannot do it (the standalone binary: Bun's TLS client never calls
 * pskCallback). The handshake and the encryption are done by the openssl command (`s_client -psk`,
 * argv only, never a shell), whose standard input and output then carry the MQTT bytes unchanged.
 * Used only when src/runtime.ts says the runtime has no TLS-PSK; Node uses node:tls as usual.
 */
import { spawn } from 'node:child_process'
import { Duplex } from 'node:stream'

export interface PskTarget {
  host: string
  port: number
  key: Buffer
  identity: string
  ciphers?: string
}

/** The openssl command: MQTX_OPENSSL, as for certgen, else openssl on PATH. */
export function opensslCommand(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.MQTX_OPENSSL
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'openssl'
}

/** s_client's argv for a TLS 1.2 PSK connection, as node:tls would make it (ciphers 'PSK'). */
export function pskClientArgs(t: PskTarget): string[] {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host
  return [
    's_client', '-connect', `${host}:${t.port}`,
    '-psk', t.key.toString('hex'), '-psk_identity', t.identity,
    '-tls1_2', '-cipher', t.ciphers ?? 'PSK',
    // -quiet: nothing but the peer's bytes on stdout; -no_ign_eof: our end of input ends the connection
    '-quiet', '-no_ign_eof',
  ]
}

/**
 * A Duplex over `openssl s_client`: what MQTT.js writes goes to its stdin, what the broker sends comes
 * from its stdout. A failed handshake (wrong key, unknown identity, no PSK listener) or a missing
 * openssl is an 'error' naming what openssl said.
 */
export function pskOverOpenssl(t: PskTarget): Duplex {
  const file = opensslCommand()
  const child = spawn(file, pskClientArgs(t), { stdio: ['pipe', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 4096) stderr += d
  })
  // a Duplex of our own rather than Duplex.from(): Bun's Duplex.from() never reports destroy(err)
  const stream = new Duplex({
    allowHalfOpen: false,
    write(chunk: Buffer, _enc, cb) {
      child.stdin.write(chunk, () => cb())
    },
    final(cb) {
      child.stdin.end(() => cb())
    },
    read() {
      child.stdout.resume()
    },
    destroy(err, cb) {
      child.stdout.destroy()
      child.stdin.destroy()
      if (child.exitCode === null && child.signalCode === null) child.kill()
      cb(err)
    },
  })
  child.stdout.on('data', (d: Buffer) => {
    if (!stream.push(d)) child.stdout.pause()
  })
  // a write after openssl died: its exit (below) says why
  child.stdin.on('error', () => undefined)
  let gotData = false
  child.stdout.once('data', () => {
    gotData = true
  })
  child.once('error', (err: NodeJS.ErrnoException) => {
    const what = err.code === 'ENOENT' ? `${file} was not found (TLS-PSK in the standalone binary runs the openssl command)` : err.message
    stream.destroy(Object.assign(new Error(`TLS-PSK: ${what}`), { code: 'ERR_MQTX_PSK' }))
  })
  // 'close': openssl has exited and its output is all read. Before any byte came back, a non-zero exit
  // is a failed connection or handshake; after, the broker or the network ended the session.
  child.once('close', (code: number | null) => {
    if (stream.destroyed) return
    if (code !== 0 && !gotData) stream.destroy(sClientFailure(stderr, code))
    else stream.push(null)
  })
  return stream
}

/**
 * What s_client's stderr says, as the error node:net/node:tls would give, so that explain.ts words it
 * the same way: a refused or unresolved connection keeps its errno code, the rest is a PSK failure.
 */
export function sClientFailure(stderr: string, exitCode: number | null): Error {
  if (/Connection refused|errno=111\b/.test(stderr)) return Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })
  if (/Name or service not known|nodename nor servname|BIO_lookup/.test(stderr)) return Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })
  if (/timed out|errno=110\b/.test(stderr)) return Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })
  const said = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith("Can't use SSL_get_servername"))
  const reason = said.find((l) => /alert|error|unknown|failure/i.test(l)) ?? said[0] ?? `openssl exited with ${String(exitCode)}`
  return Object.assign(new Error(`TLS-PSK handshake failed: ${reason}`), { code: 'ERR_MQTX_PSK' })
}
