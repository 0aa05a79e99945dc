/**
 * `certgen config mosquitto|emqx|hivemq`: broker configuration for the files in --dir (stdout).
 * HiveMQ (Java) needs a PKCS#12 keystore and truststore: those are written next to the PEM files.
 */
import type { ConfigOptions } from './flags.js'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { MqtxError } from '../errors.js'
import { logInfo } from '../output/log.js'
import { TLS_PORT, emqxConf, mosquittoConf, mosquittoPermissionNote, shellQuote, type BrokerFiles } from './config.js'
import { CERT_MODE, KEY_MODE, Staging } from './files.js'
import { checkBaseName } from './names.js'
import { findOpenssl } from './openssl.js'
import { writeOut } from '../output/stdout.js'

function brokerFiles(dirOption: string, name: string): BrokerFiles {
  const dir = resolve(dirOption)
  const files = { dir, ca: join(dir, 'ca.crt'), cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) }
  for (const f of [files.ca, files.cert, files.key]) {
    if (!existsSync(f)) throw new MqtxError(`${f} does not exist.`, { hint: `make the certificates first: mqtx certgen --dir ${shellQuote(dirOption)}` })
  }
  return files
}

const PASS_ENV = 'MQTX_CERTGEN_P12_PASS'

async function hivemq(f: BrokerFiles): Promise<string> {
  const openssl = await findOpenssl()
  const password = randomBytes(12).toString('hex')
  const env = { [PASS_ENV]: password }
  const staging = await Staging.open(f.dir)
  let truststore = true
  try {
    const config = await staging.scratch('openssl.cnf', '[req]\ndistinguished_name = dn\n[dn]\n')
    await openssl.run(['pkcs12', '-export', '-inkey', f.key, '-in', f.cert, '-certfile', f.ca, '-name', 'hivemq', '-passout', `env:${PASS_ENV}`, '-out', staging.path('hivemq-keystore.p12')], { env, config })
    await staging.adopt('hivemq-keystore.p12', KEY_MODE, true)
    if (openssl.jdkTrust) {
      await openssl.run(['pkcs12', '-export', '-nokeys', '-in', f.ca, '-jdktrust', 'anyExtendedKeyUsage', '-passout', `env:${PASS_ENV}`, '-out', staging.path('hivemq-truststore.p12')], { env, config })
      await staging.adopt('hivemq-truststore.p12', CERT_MODE, true)
    } else {
      truststore = false
    }
    await staging.commit()
  } catch (err) {
    await staging.abandon()
    throw err
  }
  const ks = join(f.dir, 'hivemq-keystore.p12')
  const ts = join(f.dir, 'hivemq-truststore.p12')
  logInfo(`wrote ${ks}${truststore ? ` and ${ts}` : ''} (password below; it is new on every run)`)
  const lines = [
    '<!-- HiveMQ config.xml, inside <listeners>: TLS with required client certificates -->',
    '<tls-tcp-listener>',
    `  <port>${TLS_PORT}</port>`,
    '  <bind-address>0.0.0.0</bind-address>',
    '  <tls>',
    '    <keystore>',
    `      <path>${ks}</path>`,
    `      <password>${password}</password>`,
    `      <private-key-password>${password}</private-key-password>`,
    '    </keystore>',
    '    <truststore>',
    `      <path>${ts}</path>`,
    `      <password>${password}</password>`,
    '    </truststore>',
    '    <client-authentication-mode>REQUIRED</client-authentication-mode>',
    '  </tls>',
    '</tls-tcp-listener>',
    '',
  ]
  if (!truststore) {
    lines.push(
      `<!-- This openssl (${openssl.version.split(' ').slice(0, 2).join(' ')}) cannot mark a certificate as trusted for Java (-jdktrust needs 3.2+). Make the truststore with Java's keytool:`,
      `     keytool -importcert -noprompt -alias mqtx-ca -file ${shellQuote(f.ca)} -keystore ${shellQuote(ts)} -storetype PKCS12 -storepass ${password} -->`,
      '',
    )
  }
  lines.push('<!-- Java before 8u301/11.0.12 cannot read these AES keystores: re-export with openssl pkcs12 -export -legacy -->', '')
  return lines.join('\n')
}

export async function runConfig(broker: 'mosquitto' | 'emqx' | 'hivemq', options: ConfigOptions): Promise<void> {
  const f = brokerFiles(options.dir, checkBaseName(options.name))
  if (broker === 'mosquitto') {
    writeOut(`${mosquittoConf(f)}`)
    logInfo(mosquittoPermissionNote(f).replace(/\n/g, '\n      '))
    return
  }
  writeOut(broker === 'emqx' ? emqxConf(f) : await hivemq(f))
}
