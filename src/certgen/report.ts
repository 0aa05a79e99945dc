/** What certgen prints after a successful run (stdout): the files, broker config and test commands. */
import { join } from 'node:path'
import { commonName } from './check.js'
import { mosquittoConf, mosquittoPermissionNote, shellQuote, testCommands, type BrokerFiles, type ClientFiles } from './config.js'
import type { Outcome } from './generate.js'
import type { Leaf } from './issue.js'

function day(date: string): string {
  return new Date(date).toISOString().slice(0, 10)
}

function keyLabel(leafOrCa: { cert: { publicKey: { asymmetricKeyType?: string; asymmetricKeyDetails?: { modulusLength?: number } } } }): string {
  const key = leafOrCa.cert.publicKey
  return key.asymmetricKeyType === 'rsa' ? `RSA ${key.asymmetricKeyDetails?.modulusLength ?? ''}` : 'ECDSA P-256'
}

function leafNames(leaf: Leaf): string {
  return [...leaf.profile.names.dns, ...leaf.profile.names.ips].join(', ')
}

export function fileLines(o: Outcome): string[] {
  const rows: [string, string][] = []
  const caName = commonName(o.ca.cert.subject) ?? '?'
  if (o.ca.created) {
    rows.push(['ca.crt', `CA "${caName}", ${keyLabel(o.ca)}, valid until ${day(o.ca.cert.validTo)}: clients trust this (--cafile)`])
    rows.push(['ca.key', "the CA's private key (0600): keep it secret, it signs every certificate"])
  } else {
    rows.push(['ca.crt', `existing CA "${caName}", valid until ${day(o.ca.cert.validTo)}`])
  }
  for (const leaf of o.leaves) {
    const what = leaf.profile.kind === 'server' ? `server certificate for ${leafNames(leaf)}` : `client certificate, CN "${leaf.profile.cn}" (the username with use_identity_as_username)`
    rows.push([`${leaf.base}.crt`, `${what}; ${keyLabel(leaf)}, ${leaf.days} days, until ${day(leaf.cert.validTo)}`])
    rows.push([`${leaf.base}.key`, 'its private key (0600)'])
  }
  const width = Math.max(...rows.map(([f]) => f.length)) + 2
  return rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`)
}

export function brokerFiles(o: Outcome, server: Leaf | undefined): BrokerFiles {
  const base = server?.base ?? 'server'
  return { dir: o.dir, ca: join(o.dir, 'ca.crt'), cert: join(o.dir, `${base}.crt`), key: join(o.dir, `${base}.key`) }
}

export function clientFiles(o: Outcome, client: Leaf | undefined): ClientFiles | undefined {
  if (client === undefined) return undefined
  return { id: client.profile.cn, cert: join(o.dir, `${client.base}.crt`), key: join(o.dir, `${client.base}.key`) }
}

/** The full report of `mqtx certgen` (no subcommand). */
export function defaultReport(o: Outcome): string {
  const server = o.leaves.find((l) => l.profile.kind === 'server')
  const client = o.leaves.find((l) => l.profile.kind === 'client')
  const files = brokerFiles(o, server)
  return [
    `Certificates in ${o.dir}:`,
    ...fileLines(o),
    '',
    '---- mosquitto.conf ----',
    mosquittoConf(files),
    '---- end ----',
    '',
    mosquittoPermissionNote(files),
    '',
    'Test it, with mosquitto and the configuration above, or with mqtx\'s own broker (TLS on 8883):',
    `  mqtx broker --cert ${shellQuote(files.cert)} --key ${shellQuote(files.key)} &`,
    testCommands(files, clientFiles(o, client)),
    '',
    'More: mqtx certgen server NAME|IP…, mqtx certgen client ID…, mqtx certgen inspect FILE…,',
    `      mqtx certgen config emqx|hivemq --dir ${o.dir === process.cwd() ? '.' : o.dir}`,
    '',
  ].join('\n')
}

/** The shorter report of `certgen ca|server|client`. */
export function shortReport(o: Outcome): string {
  const server = o.leaves.find((l) => l.profile.kind === 'server')
  const client = o.leaves.find((l) => l.profile.kind === 'client')
  const lines = [`Certificates in ${o.dir}:`, ...fileLines(o), '']
  if (server !== undefined) {
    lines.push(`Broker: cafile ${join(o.dir, 'ca.crt')}, certfile ${join(o.dir, `${server.base}.crt`)}, keyfile ${join(o.dir, `${server.base}.key`)}`)
    const key = shellQuote(join(o.dir, `${server.base}.key`))
    lines.push(`mosquitto reads the key as user "mosquitto": sudo chgrp mosquitto ${key} && sudo chmod 0640 ${key}`, '')
  }
  if (client !== undefined) {
    const c = clientFiles(o, client)
    const cmds = testCommands(brokerFiles(o, server), c, server?.profile.names.dns[0] ?? server?.profile.names.ips[0] ?? 'localhost').split('\n')
    lines.push('Test it (the mutual-TLS listener of mqtx certgen config mosquitto):', ...cmds.filter((l) => l.includes('--cert ')), '')
  }
  return lines.join('\n')
}
