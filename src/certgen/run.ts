/** The certgen actions: validate the arguments, run a generation plan, print the report. */
import { isIP } from 'node:net'
import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'
import { logInfo } from '../output/log.js'
import { generate, type LeafPlan, type Plan } from './generate.js'
import { checkBaseName, checkClientId, checkCommonName, classifyNames, hostNames } from './names.js'
import { CA_DAYS, type KeyType } from './profiles.js'
import { defaultReport, shortReport } from './report.js'
import { CA_KEY, defaultCaName } from './issue.js'
import { shellQuote } from './config.js'
import { writeOut } from '../output/stdout.js'
import type { CaOptions, CommonOptions, DefaultOptions, ServerOptions } from './flags.js'

function keyType(o: CommonOptions): KeyType {
  if (o.rsaBits === '3072') return 'rsa3072'
  return o.rsa === true || o.rsaBits === '2048' ? 'rsa2048' : 'ec'
}

function basePlan(o: CommonOptions, leaves: LeafPlan[], caName: string | undefined, caDays: number | undefined): Plan {
  return {
    dir: o.dir,
    force: o.force === true,
    caKeyType: keyType(o),
    caName: caName === undefined ? defaultCaName() : checkCommonName(caName),
    caDays: caDays ?? CA_DAYS,
    newCaOnly: false,
    leaves,
    days: o.days,
  }
}

function checkNotCa(base: string): string {
  if (base.toLowerCase() === 'ca') throw new UsageError('"ca" is reserved for the CA files (ca.crt, ca.key): choose another name.')
  return base
}

function serverPlan(names: string[], base: string, o: CommonOptions): LeafPlan {
  checkNotCa(base)
  const classified = classifyNames(names)
  const cn = classified.dns.find((n) => !n.startsWith('*.')) ?? classified.dns[0] ?? classified.ips[0] ?? 'server'
  return { base, profile: { kind: 'server', cn, names: classified, keyType: keyType(o) } }
}

function clientPlan(id: string, base: string, o: CommonOptions): LeafPlan {
  checkNotCa(checkClientId(id))
  return { base, profile: { kind: 'client', cn: id, names: { dns: [], ips: [] }, keyType: keyType(o) } }
}

/** `mqtx certgen`: CA if missing + server (localhost, 127.0.0.1, ::1, host name) + one client. */
export async function runDefault(o: DefaultOptions): Promise<void> {
  const dir = resolve(o.dir)
  const files = ['ca.crt', CA_KEY, 'server.crt', 'server.key', 'client.crt', 'client.key']
  if (o.force !== true && files.every((f) => existsSync(join(dir, f)))) {
    logInfo(`nothing to do: ${dir} already holds the default set (${files.join(', ')}); --force replaces the server and client certificates`)
    logInfo(`the broker configuration again: mqtx certgen config mosquitto${o.dir === 'certs' ? '' : ` --dir ${shellQuote(o.dir)}`}`)
    return
  }
  const server = serverPlan(['localhost', ...hostNames(hostname()), '127.0.0.1', '::1'], 'server', o)
  const client = clientPlan(o.clientId, 'client', o)
  const outcome = await generate(basePlan(o, [server, client], o.caName, o.caDays))
  writeOut(defaultReport(outcome))
}

export async function runCa(o: CaOptions): Promise<void> {
  const plan = { ...basePlan({ ...o, days: undefined }, [], o.caName, o.days), newCaOnly: true }
  writeOut(shortReport(await generate(plan)))
}

/**
 * Files of `certgen server NAME…` without --name: named after the first name, as client ids are
 * (`broker.example.com.crt`; `*.` becomes `wildcard.`, an IPv6 address `ip_` + its digits), so a
 * new server certificate never collides with the default set's server.crt.
 */
export function serverBaseName(names: string[]): string {
  const first = names[0] ?? 'server'
  const bare = /^\[.*\]$/.test(first) ? first.slice(1, -1) : first
  if (isIP(bare) === 6) return `ip_${bare.toLowerCase().replace(/:/g, '_')}`
  return bare.startsWith('*.') ? `wildcard.${bare.slice(2).toLowerCase()}` : bare.toLowerCase()
}

export async function runServer(names: string[], o: ServerOptions): Promise<void> {
  classifyNames(names) // a bad name is reported as a name, before it is used as a file name
  const base = checkBaseName(o.name ?? serverBaseName(names))
  writeOut(shortReport(await generate(basePlan(o, [serverPlan(names, base, o)], undefined, undefined))))
}

export async function runClient(ids: string[], o: CommonOptions): Promise<void> {
  const unique = [...new Set(ids)]
  if (unique.length !== ids.length) throw new UsageError('a client id is given twice.')
  const leaves = unique.map((id) => clientPlan(id, id, o))
  writeOut(shortReport(await generate(basePlan(o, leaves, undefined, undefined))))
}
