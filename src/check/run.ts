/**
 * `mqtx check`: connect with v5 and 3.1.1, read the CONNACK capabilities, run the active probes
 * (each bounded in time, all within --max-time), clean up, report (table or --json), exit 1 on a failure.
 */
import type { RawCheckOptions } from './flags.js'
import { MqtxError, UsageError, errorMessage } from '../errors.js'
import { exitCodeFor, exitNow, onStopSignal, stoppedBy, stopWord, type StopSignal } from '../signals.js'
import { versionName } from '../mqtt/connect.js'
import { describeEndpoint, resolveConnection } from '../mqtt/resolve.js'
import { validatePublishTopic } from '../mqtt/topic.js'
import { liveLine } from '../output/live-line.js'
import { streamWantsColor } from '../output/terminal.js'
import { connectProbes } from './connect-probes.js'
import { capabilitiesOf, CheckContext } from './context.js'
import { qosProbe, retainedProbe, wildcardHashProbe, wildcardPlusProbe } from './delivery-probes.js'
import { ms, publish } from './messages.js'
import { maxPayloadProbe } from './payload-probe.js'
import { selectProbes, type ProbeName, type ProbeResult } from './probes.js'
import { reportJson, reportText, type CheckReport } from './report.js'
import { sharedProbe, willDelayProbe, willProbe } from './session-probes.js'
import { messageExpiryProbe, requestResponseProbe, topicAliasProbe, userPropertiesProbe } from './v5-message-probes.js'
import { noLocalProbe, retainAsPublishedProbe, retainHandlingProbe, subscriptionIdProbe } from './v5-subscription-probes.js'
import { tlsProbe } from './tls-probe.js'
import { writeOut } from '../output/stdout.js'

const CLEANUP_MS = 3000

type ActiveProbe = Exclude<ProbeName, 'connect-v5' | 'connect-v311'>

const ACTIVE: Record<ActiveProbe, { run: (ctx: CheckContext) => Promise<ProbeResult>; budgetMs: number }> = {
  qos0: { run: (ctx) => qosProbe(ctx, 0), budgetMs: 10_000 },
  qos1: { run: (ctx) => qosProbe(ctx, 1), budgetMs: 10_000 },
  qos2: { run: (ctx) => qosProbe(ctx, 2), budgetMs: 10_000 },
  retained: { run: retainedProbe, budgetMs: 10_000 },
  'wildcard-plus': { run: wildcardPlusProbe, budgetMs: 10_000 },
  'wildcard-hash': { run: wildcardHashProbe, budgetMs: 10_000 },
  'request-response': { run: requestResponseProbe, budgetMs: 10_000 },
  'user-properties': { run: userPropertiesProbe, budgetMs: 10_000 },
  'no-local': { run: noLocalProbe, budgetMs: 10_000 },
  'retain-as-published': { run: retainAsPublishedProbe, budgetMs: 10_000 },
  'retain-handling': { run: retainHandlingProbe, budgetMs: 10_000 },
  'subscription-id': { run: subscriptionIdProbe, budgetMs: 10_000 },
  'topic-alias': { run: topicAliasProbe, budgetMs: 10_000 },
  'message-expiry': { run: messageExpiryProbe, budgetMs: 10_000 },
  shared: { run: sharedProbe, budgetMs: 10_000 },
  'max-payload': { run: maxPayloadProbe, budgetMs: 20_000 },
  will: { run: willProbe, budgetMs: 10_000 },
  'will-delay': { run: willDelayProbe, budgetMs: 10_000 },
  tls: { run: tlsProbe, budgetMs: 10_000 },
}

async function runProbe(ctx: CheckContext, name: ActiveProbe): Promise<ProbeResult> {
  const budget = ctx.budget(ACTIVE[name].budgetMs)
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<ProbeResult>((resolve) => {
    timer = setTimeout(() => resolve({ name, status: 'fail', detail: `no result within ${budget < 1000 ? `${Math.round(budget)} ms` : `${(budget / 1000).toFixed(1)} s`}${budget < ACTIVE[name].budgetMs ? ' (--max-time)' : ''}` }), budget)
  })
  const interrupted = ctx.aborted.then((): ProbeResult => ({ name, status: 'fail', detail: 'interrupted' }))
  try {
    return await Promise.race([ACTIVE[name].run(ctx), timeout, interrupted])
  } catch (err) {
    return { name, status: 'fail', detail: errorMessage(err).replace(/\.$/, '') }
  } finally {
    clearTimeout(timer)
    await ctx.closeAll()
  }
}

/** When no connect probe ran: one connection (v5, falling back to 3.1.1) to learn the version. */
async function preflight(ctx: CheckContext): Promise<string | undefined> {
  try {
    const conn = await ctx.connect('pre', { version: ctx.cfg.protocolVersion, fallback: !ctx.cfg.versionPinned })
    ctx.version = conn.protocolVersion
    if (conn.protocolVersion === 5) ctx.caps = capabilitiesOf(conn.connack)
    return undefined
  } catch (err) {
    return errorMessage(err).replace(/\.$/, '')
  } finally {
    await ctx.closeAll()
  }
}

/** Clear a retained message a probe could not clear itself (it timed out or lost its connection). */
async function clearLeftovers(ctx: CheckContext): Promise<void> {
  if (ctx.retainedTopics.size === 0 || ctx.version === undefined) return
  const work = (async () => {
    const conn = await ctx.connect('rc', { extraMs: CLEANUP_MS })
    for (const topic of ctx.retainedTopics) await publish(conn, topic, Buffer.alloc(0), { qos: 1, retain: true })
  })()
  await Promise.race([work.catch(() => {}), new Promise((resolve) => setTimeout(resolve, CLEANUP_MS).unref())])
  await ctx.closeAll()
}

export async function runCheck(raw: RawCheckOptions): Promise<void> {
  const cfg = resolveConnection(raw, { command: 'check' })
  const prefix = validatePublishTopic((raw.prefix ?? 'mqtx/check').replace(/\/+$/, ''))
  const selected = selectProbes(raw.only, raw.skip)
  if (selected.length === 0) throw new UsageError('--only and --skip leave no probe to run.')
  const timeoutS = raw.maxTime ?? 60
  const ctx = new CheckContext(cfg, prefix, timeoutS * 1000, describeEndpoint(cfg))
  let stopSignal: StopSignal | undefined
  const removeStop = onStopSignal((signal) => {
    stopSignal = signal
    ctx.abort()
  })
  const started = performance.now()
  const results: ProbeResult[] = []
  // why no probe beyond the connects could run, when no connection was made at all
  let noConnection: string | undefined
  const progress = liveLine(raw.json !== true && raw.quiet !== true)
  try {
    progress.update(`connecting to ${ctx.endpoint}…`)
    results.push(...(await connectProbes(ctx, { v5: selected.includes('connect-v5'), v311: selected.includes('connect-v311') })))
    const active = selected.filter((p): p is ActiveProbe => p in ACTIVE)
    // -V pins the version of the active probes too (the connect probes try both regardless)
    if (cfg.versionPinned && ctx.version !== cfg.protocolVersion) {
      const pinned = cfg.protocolVersion === 5 ? 'connect-v5' : cfg.protocolVersion === 4 ? 'connect-v311' : undefined
      ctx.version = results.some((r) => r.name === pinned && r.status === 'pass') ? cfg.protocolVersion : undefined
    }
    if (active.length > 0 && ctx.version === undefined) {
      const failedConnect = results.find((r) => r.status === 'fail')
      const anyPass = results.some((r) => r.status === 'pass')
      noConnection = !anyPass && failedConnect !== undefined ? failedConnect.detail : await preflight(ctx)
    }
    for (const name of active) {
      if (ctx.interrupted) break
      if (name === 'tls' && ctx.cfg.transport !== 'tls') results.push(await tlsProbe(ctx)) // skipped: no connection needed
      else if (noConnection !== undefined) results.push({ name, status: 'fail', detail: `not run: no connection (${noConnection})` })
      else if (ctx.remaining() <= 0) results.push({ name, status: 'fail', detail: `not run: the --max-time of ${timeoutS} s ran out` })
      else {
        progress.update(`probing ${name} (${active.indexOf(name) + 1}/${active.length})…`)
        results.push(await runProbe(ctx, name))
      }
    }
  } finally {
    progress.stop()
    await ctx.closeAll()
    await clearLeftovers(ctx)
    removeStop()
  }
  if (ctx.interrupted) {
    const signal = stopSignal ?? 'SIGINT'
    // a connect still in progress (openConnection cannot be cancelled) would hold the process until
    // its own timeout: once cli.ts has printed the error, do not wait for it
    exitNow(exitCodeFor(signal), 200)
    throw stoppedBy(signal, `check ${stopWord(signal)}; its connections were closed`)
  }
  const failed = results.filter((r) => r.status === 'fail')
  const report: CheckReport = {
    broker: ctx.endpoint,
    ok: failed.length === 0,
    protocolVersion: ctx.version === undefined ? null : (versionName(ctx.version) as CheckReport['protocolVersion']),
    capabilities: ctx.caps ?? null,
    probes: results,
    topicPrefix: ctx.base,
    durationMs: ms(started),
  }
  writeOut(raw.json ? reportJson(report) : reportText(report, streamWantsColor(process.stdout)))
  if (failed.length > 0) {
    // no connection at all: one line with the reason and its hint, not a list of every probe
    const hint = ctx.version === undefined ? ctx.connectError?.hint : undefined
    const message = noConnection !== undefined ? `no probe could run without a connection: ${noConnection}.` : `check failed: ${failed.map((r) => r.name).join(', ')}.`
    throw new MqtxError(message, { exitCode: 1, ...(hint === undefined ? {} : { hint }) })
  }
}
