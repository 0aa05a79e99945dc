/**
 * Test certificates made with the openssl command (independent of mqtx certgen): a CA, a server
 * certificate for localhost/127.0.0.1/::1, a client certificate (CN = its id), a second, untrusted
 * CA, and a server certificate for another name (hostname-mismatch tests).
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface TestCerts {
  dir: string
  ca: string
  caKey: string
  server: string
  serverKey: string
  client: string
  clientKey: string
  otherCa: string
  wrongNameServer: string
  wrongNameServerKey: string
  /** valid for localhost, but only in 2020 */
  expiredServer: string
  expiredServerKey: string
}

/** openssl in `cwd` with that directory's minimal req.cnf (not set in process.env: other test files share the worker). */
function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OPENSSL_CONF: join(cwd, 'req.cnf') } })
}

function leaf(dir: string, name: string, ca: string, caKey: string, ext: string): void {
  writeFileSync(join(dir, `${name}.ext`), ext)
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key.sec1`], dir)
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', `${name}.key.sec1`, '-out', `${name}.key`], dir)
  const cn = /CN=([^\n]+)/.exec(ext)?.[1] ?? name
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir)
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', ca, '-CAkey', caKey, '-set_serial', `0x${Date.now().toString(16)}${Math.floor(Math.random() * 1e6).toString(16)}`, '-days', '30', '-sha256', '-extfile', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.crt`], dir)
}

function ca(dir: string, name: string, cn: string): void {
  writeFileSync(join(dir, `${name}.ext`), '[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n')
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`], dir)
  openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '60', '-sha256', '-config', `${name}.ext`, '-extensions', 'v3', '-out', `${name}.crt`], dir)
}

/** `openssl x509` cannot back-date; `openssl ca` can (-startdate/-enddate). */
function expired(dir: string): void {
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=x\n[x]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n' +
      '[v3]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n[req]\ndistinguished_name=dn\n[dn]\n',
  )
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '01\n')
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'expired.key'], dir)
  openssl(['req', '-new', '-key', 'expired.key', '-subj', '/CN=localhost', '-config', 'ca.cnf', '-out', 'expired.csr'], dir)
  openssl(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'expired.csr', '-out', 'expired.crt', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z', '-extfile', 'ca.cnf', '-extensions', 'v3', '-notext'], dir)
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-certs-'))
  writeFileSync(join(dir, 'req.cnf'), '[req]\ndistinguished_name=dn\n[dn]\n')
  ca(dir, 'ca', 'mqtx test CA')
  ca(dir, 'other-ca', 'some other CA')
  const common = 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n'
  leaf(dir, 'server', 'ca.crt', 'ca.key', `[v3]\n${common}extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\n# CN=localhost\n`)
  leaf(dir, 'client', 'ca.crt', 'ca.key', `[v3]\n${common}extendedKeyUsage=clientAuth\n# CN=device-42\n`)
  leaf(dir, 'wrong', 'ca.crt', 'ca.key', `[v3]\n${common}extendedKeyUsage=serverAuth\nsubjectAltName=DNS:broker.example.com\n# CN=broker.example.com\n`)
  expired(dir)
  const p = (f: string) => join(dir, f)
  return {
    dir,
    ca: p('ca.crt'),
    caKey: p('ca.key'),
    server: p('server.crt'),
    serverKey: p('server.key'),
    client: p('client.crt'),
    clientKey: p('client.key'),
    otherCa: p('other-ca.crt'),
    wrongNameServer: p('wrong.crt'),
    wrongNameServerKey: p('wrong.key'),
    expiredServer: p('expired.crt'),
    expiredServerKey: p('expired.key'),
  }
}
