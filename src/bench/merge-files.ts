/** `mqtx bench merge a.json b.json …`: one exact result from several runs of the same scenario. */
import type { MergeOptions } from './flags.js'
import { readErrorReason } from '../files.js'
import { readFileSync } from 'node:fs'
import { UsageError } from '../errors.js'
import { parseAssertions } from './assert.js'
import { scenarioKey, type BenchConfig } from './config.js'
import { mergeParts } from './merge.js'
import { formatResult } from './report.js'
import { formatConn } from './report-conn.js'
import { RESULT_FORMAT, buildResult, type BenchResult } from './result.js'
import { finish } from './finish.js'
import { writeOut } from '../output/stdout.js'

function load(path: string): BenchResult {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read '${path}': ${readErrorReason(err)}`, { cause: err })
  }
  let r: unknown
  try {
    r = JSON.parse(text)
  } catch {
    throw new UsageError(`'${path}' is not JSON (write results with mqtx bench … --json).`)
  }
  const v = r as Partial<BenchResult>
  if (typeof r !== 'object' || r === null || v.format !== RESULT_FORMAT || v.raw === undefined || v.config === undefined) {
    throw new UsageError(`'${path}' is not an mqtx bench result (${RESULT_FORMAT}).`)
  }
  return v as BenchResult
}

export async function runMerge(files: string[], options: MergeOptions): Promise<void> {
  const assertions = options.assert === undefined ? [] : parseAssertions(options.assert)
  const results = files.map(load)
  const first = results[0] as BenchResult
  const scenarios = new Set(results.map((r) => r.config.scenario))
  const roles = scenarios.size === 2 && scenarios.has('pub') && scenarios.has('sub')
  const key = scenarioKey({ ...first.config, assertions: [] } as BenchConfig, { roles })
  results.forEach((r, i) => {
    if (scenarioKey({ ...r.config, assertions: [] } as BenchConfig, { roles }) !== key) {
      const what = roles ? 'payload size or QoS differ' : 'scenario, topics, size, QoS, duration or warm-up differ'
      throw new UsageError(`'${files[i] ?? ''}' is a different scenario from '${files[0] ?? ''}' (${what}): cannot merge.`)
    }
  })
  const merged = mergeParts(results.map((r) => r.raw), { strictIds: true })
  // the publishing side describes the load
  const base = roles ? (results.find((r) => r.config.scenario === 'pub') ?? first) : first
  const config: BenchConfig = {
    ...base.config,
    scenario: roles ? 'pubsub' : first.config.scenario,
    publishers: results.reduce((n, r) => n + r.config.publishers, 0),
    subscribers: results.reduce((n, r) => n + r.config.subscribers, 0),
    workers: results.reduce((n, r) => n + r.config.workers, 0),
    json: options.json === true,
    assertions,
  }
  if (results.some((r) => r.config.rate !== undefined)) config.rate = results.reduce((n, r) => n + (r.config.rate ?? 0), 0)
  const env = { ...first.environment, workers: config.workers }
  const startedAt = results.map((r) => r.startedAt).sort()[0] ?? first.startedAt
  const result = buildResult(config, merged, env, startedAt)
  const conns = results.map((r) => r.connections).filter((c) => c !== undefined)
  if (conns.length === results.length && conns.length > 0) {
    const failures: Record<string, number> = {}
    for (const c of conns) for (const [k, v] of Object.entries(c.failures)) failures[k] = (failures[k] ?? 0) + v
    const total = (k: 'attempted' | 'connected' | 'failed' | 'perSecond') => conns.reduce((n, c) => n + c[k], 0)
    // machines connect at the same time: their rates add; memory is per machine
    result.connections = { attempted: total('attempted'), connected: total('connected'), failed: total('failed'), failures, perSecond: total('perSecond'), peakRssBytes: Math.max(...conns.map((c) => c.peakRssBytes)), path: conns[0]?.path ?? 'raw' }
  }
  const human = result.connections !== undefined ? formatConn(result) : formatResult(result)
  writeOut(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : human)
  finish(config, result)
}
