/** The certgen actions: validate the arguments, run a generation plan, print the report. */
import { hostname } from 'node:os'
import { UsageError } from '../errors.js'
import { configureLog } from '../output/log.js'
import { generate, type LeafPlan, type Plan } from './generate.js'
import { checkBaseName, checkClientId, checkCommonName, classifyNames, hostNames } from './names.js'
import { CA_DAYS, type KeyType } from './profiles.js'
import { defaultReport, shortReport } from './report.js'
import { defaultCaName } from './issue.js'

export interface CommonOptions {
  dir: string
  force?: boolean
  rsa?: boolean
  rsaBits?: '2048' | '3072'
  days?: number
  quiet?: boolean
  debug?: boolean
}

export interface DefaultOptions extends CommonOptions {
  clientId: string
  caName?: string
  caDays?: number
}

export interface CaOptions extends CommonOptions {
  caName?: string
}

export interface ServerOptions extends CommonOptions {
  name?: string
}

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

function start(o: CommonOptions): void {
  configureLog({ quiet: o.quiet === true, debug: o.debug === true })
}

/** `mqtx certgen`: CA if missing + server (localhost, 127.0.0.1, ::1, host name) + one client. */
export async function runDefault(o: DefaultOptions): Promise<void> {
  start(o)
  const server = serverPlan(['localhost', ...hostNames(hostname()), '127.0.0.1', '::1'], 'server', o)
  const client = clientPlan(o.clientId, 'client', o)
  const outcome = await generate(basePlan(o, [server, client], o.caName, o.caDays))
  process.stdout.write(defaultReport(outcome))
}

export async function runCa(o: CaOptions): Promise<void> {
  start(o)
  const plan = { ...basePlan({ ...o, days: undefined }, [], o.caName, o.days), newCaOnly: true }
  process.stdout.write(shortReport(await generate(plan)))
}

export async function runServer(names: string[], o: ServerOptions): Promise<void> {
  start(o)
  const base = o.name === undefined ? 'server' : checkBaseName(o.name)
  process.stdout.write(shortReport(await generate(basePlan(o, [serverPlan(names, base, o)], undefined, undefined))))
}

export async function runClient(ids: string[], o: CommonOptions): Promise<void> {
  start(o)
  const unique = [...new Set(ids)]
  if (unique.length !== ids.length) throw new UsageError('a client id is given twice.')
  const leaves = unique.map((id) => clientPlan(id, id, o))
  process.stdout.write(shortReport(await generate(basePlan(o, leaves, undefined, undefined))))
}
