/**
 * Ready-to-paste broker configuration for certgen's files: mosquitto (a TLS listener and a
 * mutual-TLS listener mapping the client CN to the username), EMQX, the mosquitto key-permission
 * note, and the mqtx commands to test it. Pure text builders.
 */
export interface BrokerFiles {
  dir: string
  ca: string
  cert: string
  key: string
}

export interface ClientFiles {
  id: string
  cert: string
  key: string
}

/** Quote a path for a POSIX shell when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}

export const TLS_PORT = 8883
export const MTLS_PORT = 8884

export function mosquittoConf(f: BrokerFiles): string {
  const files = [`cafile ${f.ca}`, `certfile ${f.cert}`, `keyfile ${f.key}`]
  return [
    '# mosquitto 2.x: TLS listeners made by mqtx certgen (e.g. /etc/mosquitto/conf.d/mqtx-tls.conf)',
    '# per_listener_settings makes allow_anonymous (and password_file, acl_file) apply per listener;',
    '# drop it and set those globally if the rest of your configuration relies on global settings.',
    'per_listener_settings true',
    '',
    '# TLS: clients check the broker against ca.crt; anyone may connect (replace allow_anonymous with',
    '# password_file for logins, or use only the mutual-TLS listener below)',
    `listener ${TLS_PORT}`,
    ...files,
    'allow_anonymous true',
    '',
    '# mutual TLS: clients must present a certificate signed by ca.crt; its CN becomes the username',
    `listener ${MTLS_PORT}`,
    ...files,
    'require_certificate true',
    'use_identity_as_username true',
    '',
  ].join('\n')
}

export function mosquittoPermissionNote(f: BrokerFiles): string {
  return [
    'mosquitto reads certificate files as user "mosquitto" (it drops root first): a root-owned 0600 key',
    'fails with "Unable to load server key file ... Permission denied". Give it the key:',
    `  sudo chgrp mosquitto ${shellQuote(f.key)} && sudo chmod 0640 ${shellQuote(f.key)}`,
    `and make sure it can enter the directory: sudo chmod 0755 ${shellQuote(f.dir)}`,
  ].join('\n')
}

export function emqxConf(f: BrokerFiles): string {
  const q = (s: string) => JSON.stringify(s)
  return [
    '# EMQX 5 (emqx.conf): a TLS listener that requires client certificates; the CN becomes the username',
    'listeners.ssl.default {',
    `  bind = "0.0.0.0:${TLS_PORT}"`,
    '  ssl_options {',
    `    cacertfile = ${q(f.ca)}`,
    `    certfile = ${q(f.cert)}`,
    `    keyfile = ${q(f.key)}`,
    '    # verify_none + fail_if_no_peer_cert = false: server-authenticated TLS only',
    '    verify = verify_peer',
    '    fail_if_no_peer_cert = true',
    '  }',
    '}',
    'mqtt.peer_cert_as_username = cn',
    '',
  ].join('\n')
}

export function testCommands(f: BrokerFiles, client: ClientFiles | undefined, host = 'localhost'): string {
  const ca = `--cafile ${shellQuote(f.ca)}`
  const lines = [
    `  mqtx sub -h ${host} -p ${TLS_PORT} ${ca} -t 'test/#' -v`,
    `  mqtx pub -h ${host} -p ${TLS_PORT} ${ca} -t test/hello -m hello`,
  ]
  if (client !== undefined) {
    // mqtx broker has one TLS listener: the "Test it" block's broker is not listening on MTLS_PORT
    lines.push(`  # with the client certificate, on mosquitto's mutual-TLS listener (${MTLS_PORT}):`)
    lines.push(`  mqtx pub -h ${host} -p ${MTLS_PORT} ${ca} --cert ${shellQuote(client.cert)} --key ${shellQuote(client.key)} -t test/hello -m 'hello from ${client.id}'`)
  }
  return lines.join('\n')
}
