/** certgen's refusals: bad input (one line, non-zero exit, nothing written), the CA key, openssl trouble. */
import { X509Certificate } from 'node:crypto'
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mqtx, startMqtx } from '../helpers/run.js'

const root = mkdtempSync(join(tmpdir(), 'mqtx-certgen-safety-'))
let n = 0
const fresh = () => join(root, `d${++n}`)
const listing = (d: string) => (existsSync(d) ? readdirSync(d).sort() : [])

async function defaultSet(d: string): Promise<void> {
  const r = await mqtx(['certgen', '--dir', d])
  expect(r.code).toBe(0)
}

describe('bad input: exit 2, one line, nothing written', () => {
  const badNames: [string, string][] = [
    ['bad/name', `mqtx: invalid name "bad/name": '/' is not allowed in a DNS name or IP address.\n`],
    ['a=b', `mqtx: invalid name "a=b": '=' is not allowed in a DNS name or IP address.\n`],
    ['a+b', `mqtx: invalid name "a+b": '+' is not allowed in a DNS name or IP address.\n`],
    ['a\\b', `mqtx: invalid name "a\\\\b": '\\' is not allowed in a DNS name or IP address.\n`],
    ['evil\nname', `mqtx: invalid name "evil\\nname": a newline is not allowed in a DNS name or IP address.\n`],
    ['x;reboot', `mqtx: invalid name "x;reboot": ';' is not allowed in a DNS name or IP address.\n`],
    ['$(id)', `mqtx: invalid name "$(id)": '$' is not allowed in a DNS name or IP address.\n`],
    ['300.1.1.1', 'mqtx: invalid DNS name "300.1.1.1": it looks like an IP address but is not a valid one.\n'],
    ['::g', 'mqtx: invalid IP address "::g".\n'],
    ['my_host', `mqtx: invalid DNS name "my_host": '_' is not allowed in a host name.\n`],
    ['*.com', 'mqtx: invalid DNS name "*.com": a wildcard needs at least two labels after it (*.example.com, not *.com).\n'],
  ]
  it.each(badNames)('server %j', async (name, stderr) => {
    const d = fresh()
    const r = await mqtx(['certgen', 'server', '--dir', d, 'ok.example.com', name])
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: '', stderr })
    expect(existsSync(d)).toBe(false)
  })

  it.each(['a/b', 'a=b', 'a+b', 'dev\n1', 'dev;1', '-dev', 'ca'])('client id %j', async (id) => {
    const d = fresh()
    const r = await mqtx(['certgen', 'client', '--dir', d, '--', id])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^mqtx: (invalid client id|"ca" is reserved)[^\n]*\n$/)
    expect(existsSync(d)).toBe(false)
  })

  it.each([
    [['--days', '0'], 'mqtx: --days must be 1 or more (got 0).\n'],
    [['--days=-5'], 'mqtx: --days must be 1 or more (got -5).\n'],
    [['--days', 'soon'], 'mqtx: --days must be a whole number of days, not "soon".\n'],
    [['--days', '900'], 'mqtx: --days 900 is more than 825: Apple devices reject such certificates (pass --force to issue it anyway).\n'],
  ])('--days %j', async (args, stderr) => {
    const d = fresh()
    const r = await mqtx(['certgen', '--dir', d, ...args])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr })
    expect(existsSync(d)).toBe(false)
  })

  it('--days above 397 warns; above 825 needs --force (and still warns)', async () => {
    const d = fresh()
    const r = await mqtx(['certgen', 'server', '--dir', d, '--days', '400', 'x.example.com'])
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: 'mqtx: warning: --days 400 is more than 397: browsers and Apple devices may reject the certificate.\n' })
    const f = await mqtx(['certgen', 'server', '--dir', d, '--name', 'long', '--force', '--days', '900', 'x.example.com'])
    expect({ code: f.code, stderr: f.stderr }).toEqual({ code: 0, stderr: 'mqtx: warning: --days 900 is more than 397: browsers and Apple devices may reject the certificate.\n' })
    const cert = new X509Certificate(readFileSync(join(d, 'long.crt')))
    expect((new Date(cert.validTo).getTime() - new Date(cert.validFrom).getTime()) / 86_400_000).toBe(900)
  })

  it('an unknown subcommand is named as such', async () => {
    const r = await mqtx(['certgen', 'sever', 'x.example.com'])
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: 'mqtx: unknown certgen command "sever" (use ca, server, client, inspect or config; none for the default set).\n',
    })
  })

  it("--days beyond the CA's lifetime is refused; the CA stays as it was", async () => {
    const d = fresh()
    expect((await mqtx(['certgen', 'ca', '--dir', d, '--days', '30'])).code).toBe(0)
    const r = await mqtx(['certgen', 'server', '--dir', d, '--days', '60', 'x.example.com'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^mqtx: --days 60 goes past the CA's expiry on \d{4}-\d{2}-\d{2} \(29 days from now\)\.\n$/)
    expect(listing(d)).toEqual(['ca.crt', 'ca.key'])
  })

  it('without --days, a leaf is shortened to the CA lifetime with a warning', async () => {
    const d = fresh()
    expect((await mqtx(['certgen', 'ca', '--dir', d, '--days', '30'])).code).toBe(0)
    const r = await mqtx(['certgen', 'client', '--dir', d, 'dev-1'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^mqtx: warning: the CA expires on \S+: the certificate is valid for 29 days, not 365\.\n$/)
  })
})

describe('the output directory and openssl', () => {
  it('an output directory that cannot be created: exit 1, one error and a hint', async () => {
    const file = join(root, 'a-file')
    writeFileSync(file, 'x')
    const r = await mqtx(['certgen', '--dir', join(file, 'certs')])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`mqtx: cannot write to ${join(file, 'certs')}: a file is in the way (not a directory).\nhint: choose another directory with --dir\n`)
  })

  it.skipIf(process.platform !== 'linux')('--dir under /proc fails at once instead of hanging (Node\'s recursive mkdir loops there)', async () => {
    const r = await mqtx(['certgen', '--dir', '/proc/self/nope/deeper'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('mqtx: cannot write to /proc/self/nope/deeper: a directory cannot be created there.\nhint: choose another directory with --dir\n')
  })

  it.skipIf(process.getuid?.() === 0)('a read-only output directory: exit 1, nothing written', async () => {
    const d = fresh()
    mkdirSync(d)
    chmodSync(d, 0o555)
    const r = await mqtx(['certgen', '--dir', d])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: cannot write to .*: permission denied\.\n/)
    expect(listing(d)).toEqual([])
  })

  it('openssl missing: exit 1, how to install it, nothing created', async () => {
    const d = fresh()
    const r = await mqtx(['certgen', '--dir', d], { env: { MQTX_OPENSSL: '/nonexistent/openssl' } })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      'mqtx: openssl was not found at MQTX_OPENSSL=/nonexistent/openssl; certgen needs the openssl command.\n' +
        'hint: install openssl (Debian/Ubuntu: apt-get install openssl; Fedora: dnf install openssl; Alpine: apk add openssl; macOS: brew install openssl) or point MQTX_OPENSSL at the binary\n',
    )
    expect(existsSync(d)).toBe(false)
  })

  it('openssl too old: exit 1 with the version it found', async () => {
    const old = join(root, 'old-openssl')
    writeFileSync(old, '#!/bin/sh\necho "OpenSSL 1.0.2k-fips  26 Jan 2017"\n', { mode: 0o755 })
    const d = fresh()
    const r = await mqtx(['certgen', '--dir', d], { env: { MQTX_OPENSSL: old } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: .*old-openssl is too old or not openssl \("OpenSSL 1\.0\.2k-fips {2}26 Jan 2017"\); certgen needs OpenSSL 1\.1\.1 or newer \(or LibreSSL 3\.1\+\)\.\nhint: install openssl/)
    expect(existsSync(d)).toBe(false)
  })

  it('a failing self-check removes everything it made (openssl verify made to fail)', async () => {
    const fake = join(root, 'fake-openssl')
    writeFileSync(fake, '#!/bin/sh\nif [ "$1" = verify ]; then echo "fake: verification refused" >&2; exit 2; fi\nexec openssl "$@"\n', { mode: 0o755 })
    const d = fresh()
    const r = await mqtx(['certgen', '--dir', d], { env: { MQTX_OPENSSL: fake } })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: self-check failed for (server|client)\.crt: openssl verify -x509_strict -purpose ssl(server|client): openssl verify failed: fake: verification refused; nothing was written\.\n/)
    expect(existsSync(d)).toBe(false)
    const existing = fresh()
    mkdirSync(existing)
    expect((await mqtx(['certgen', '--dir', existing], { env: { MQTX_OPENSSL: fake } })).code).toBe(1)
    expect(listing(existing)).toEqual([])
  })
})

describe('interrupted', () => {
  it('Ctrl-C during the self-check: exit 130, the running openssl stopped, nothing left behind', async () => {
    const fake = join(root, 'slow-openssl')
    const pidFile = join(root, 'slow.pid')
    // verify hangs (as a stuck openssl would); it records its pid so the test can check it was stopped
    writeFileSync(fake, `#!/bin/sh\nif [ "$1" = verify ]; then echo $$ >> '${pidFile}'; exec sleep 60; fi\nexec openssl "$@"\n`, { mode: 0o755 })
    const d = fresh()
    const p = startMqtx(['certgen', '-d', '--dir', d], { env: { MQTX_OPENSSL: fake } })
    // the debug line is written just before openssl is spawned: by the time we read it, it is running
    await p.waitFor(/debug: openssl verify .*\n/)
    p.kill('SIGINT')
    const r = await p.done
    expect(r.code).toBe(130)
    expect(r.stderr).toMatch(/mqtx: interrupted \(SIGINT\); nothing was written\.\n$/)
    expect(existsSync(d)).toBe(false)
    const pids = existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim().split('\n').filter((l) => l !== '').map(Number) : []
    for (const pid of pids) {
      await waitForExit(pid)
    }
  })
})

/** Poll a condition the OS offers no event for (another process's end), bounded in count. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}
const waitForExit = (pid: number) =>
  until(() => {
    try {
      process.kill(pid, 0)
      return false
    } catch {
      return true
    }
  }, `process ${pid} to end`)

describe('the CA key is never overwritten; leaves only with --force', () => {
  it('certgen ca refuses an existing CA, with or without --force', async () => {
    const d = fresh()
    await defaultSet(d)
    const key = readFileSync(join(d, 'ca.key'))
    for (const extra of [[], ['--force']]) {
      const r = await mqtx(['certgen', 'ca', '--dir', d, ...extra])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^mqtx: a CA already exists in .* \(ca\.key\); certgen never replaces a CA key, not even with --force\.\nhint: /)
    }
    expect(readFileSync(join(d, 'ca.key')).equals(key)).toBe(true)
  })

  it('a CA key without its certificate is not overwritten', async () => {
    const d = fresh()
    mkdirSync(d)
    writeFileSync(join(d, 'ca.key'), 'precious', { mode: 0o600 })
    for (const args of [['certgen', '--dir', d], ['certgen', 'ca', '--dir', d], ['certgen', '--dir', d, '--force']]) {
      const r = await mqtx(args)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/ca\.key exists but ca\.crt does not; refusing to overwrite a CA key\.\n/)
    }
    expect(readFileSync(join(d, 'ca.key'), 'utf8')).toBe('precious')
    expect(listing(d)).toEqual(['ca.key'])
  })

  it('a CA certificate that does not match its key is refused', async () => {
    const a = fresh()
    const b = fresh()
    await defaultSet(a)
    await defaultSet(b)
    copyFileSync(join(a, 'ca.crt'), join(b, 'ca.crt'))
    const before = listing(b)
    const r = await mqtx(['certgen', 'client', '--dir', b, 'dev-x'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^mqtx: the CA certificate .*ca\.crt does not match its key .*ca\.key\.\nhint: /)
    expect(listing(b)).toEqual(before)
  })

  it('existing leaf files are kept without --force and replaced with it (CA untouched)', async () => {
    const d = fresh()
    await defaultSet(d)
    const caKey = readFileSync(join(d, 'ca.key'))
    const caCrt = readFileSync(join(d, 'ca.crt'))
    const serial = new X509Certificate(readFileSync(join(d, 'server.crt'))).serialNumber
    // the whole set there: nothing to do (exit 0); part of it: the existing file is named (exit 1)
    const again = await mqtx(['certgen', '--dir', d])
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/^mqtx: nothing to do: /)
    rmSync(join(d, 'client.crt'))
    rmSync(join(d, 'client.key'))
    const partial = await mqtx(['certgen', '--dir', d])
    expect(partial.code).toBe(1)
    expect(partial.stderr).toBe(`mqtx: ${join(d, 'server.crt')} already exists.\nhint: pass --force to replace it (the CA key is never replaced by anything)\n`)
    expect(new X509Certificate(readFileSync(join(d, 'server.crt'))).serialNumber).toBe(serial)
    const forced = await mqtx(['certgen', '--dir', d, '--force'])
    expect(forced.code).toBe(0)
    const replaced = new X509Certificate(readFileSync(join(d, 'server.crt')))
    expect(replaced.serialNumber).not.toBe(serial)
    expect(replaced.checkIssued(new X509Certificate(caCrt))).toBe(true)
    expect(readFileSync(join(d, 'ca.key')).equals(caKey)).toBe(true)
    expect(readFileSync(join(d, 'ca.crt')).equals(caCrt)).toBe(true)
    expect(listing(d)).toEqual(['ca.crt', 'ca.key', 'client.crt', 'client.key', 'server.crt', 'server.key'])
  })
})
