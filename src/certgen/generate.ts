/**
 * One certgen run: validate, load or create the CA, issue the leaves into a staging directory,
 * self-check, and only then move everything into place. Any failure removes the partial output.
 */
import { resolve } from 'node:path'
import { MqtxError } from '../errors.js'
import { logError } from '../output/log.js'
import { exitCodeFor, exitNow, onStopSignal } from '../signals.js'
import { checkCaCert, checkLeaf } from './check.js'
import { Staging } from './files.js'
import { CA_KEY, createCa, issueLeaf, leafDays, loadCa, refuseExisting, type Ca, type Leaf } from './issue.js'
import { findOpenssl, killRunning, type OpenSsl } from './openssl.js'
import { LEAF_DAYS, generateKey, type KeyType, type LeafProfile } from './profiles.js'

export interface LeafPlan {
  profile: LeafProfile
  base: string
}

export interface Plan {
  dir: string
  force: boolean
  caKeyType: KeyType
  caName: string
  caDays: number
  /** `certgen ca`: a CA must not exist yet. */
  newCaOnly: boolean
  leaves: LeafPlan[]
  /** --days for the leaves (undefined: the default, shortened to the CA's lifetime). */
  days: number | undefined
}

export interface Outcome {
  dir: string
  ca: Ca
  leaves: Leaf[]
  written: string[]
  openssl: OpenSsl
}

const REQ_ONLY = '[req]\ndistinguished_name = dn\n[dn]\n'

/** A signal while openssl runs: stop it, remove the staging directory, exit 130/143 at once. */
function onSignal(staging: Staging): () => void {
  return onStopSignal((signal) => {
    killRunning()
    staging.discardSync()
    logError(`interrupted (${signal}); nothing was written.`)
    exitNow(exitCodeFor(signal))
  })
}

/** Like Promise.all, but waits for every task (none may still write into the staging directory). */
async function settled<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  return results.map((r) => (r as PromiseFulfilledResult<T>).value)
}

export async function generate(plan: Plan): Promise<Outcome> {
  const openssl = await findOpenssl()
  const dir = resolve(plan.dir)
  const existing = loadCa(dir)
  if (plan.newCaOnly && existing !== undefined) {
    throw new MqtxError(`a CA already exists in ${dir} (${CA_KEY}); certgen never replaces a CA key, not even with --force.`, {
      hint: 'issue certificates with it (mqtx certgen server|client), or create a new CA in another --dir',
    })
  }
  refuseExisting(dir, plan.leaves.map((l) => l.base), plan.force)
  const caEnd = existing !== undefined ? new Date(existing.cert.validTo) : new Date(Date.now() + plan.caDays * 86_400_000)
  const days = plan.leaves.length > 0 ? leafDays(plan.days, LEAF_DAYS, caEnd, plan.force) : 0

  // key generation (RSA takes a while) runs while openssl works on the CA
  const keys = plan.leaves.map((l) => generateKey(l.profile.keyType))
  for (const k of keys) k.catch(() => {})
  const staging = await Staging.open(dir)
  const release = onSignal(staging)
  try {
    const ca = existing ?? (await createCa(openssl, staging, { cn: plan.caName, key: generateKey(plan.caKeyType), days: plan.caDays }))
    checkCaCert(ca)
    const config = await staging.scratch('verify.cnf', REQ_ONLY)
    const leaves = await settled(plan.leaves.map((l, i) => issueLeaf(openssl, staging, ca, l.profile, { base: l.base, days, replace: plan.force, key: keys[i] as Promise<string> })))
    await settled(leaves.map((leaf) => checkLeaf(openssl, ca, leaf, config)))
    const written = await staging.commit()
    const placed: Ca = ca.created ? { ...ca, certPath: staging.dest('ca.crt'), keyPath: staging.dest(CA_KEY) } : ca
    return { dir, ca: placed, leaves: leaves.map((l) => ({ ...l, certPath: staging.dest(`${l.base}.crt`) })), written, openssl }
  } catch (err) {
    await staging.abandon()
    throw err
  } finally {
    release()
  }
}
