/** The check report: a table for people (escaped, colour by our own decision) and JSON for scripts. */
import { escapeJson } from '../output/escape.js'
import Table from 'cli-table3'
import { escapeForTerminal } from '../output/escape.js'
import type { Capabilities } from './context.js'
import type { ProbeResult, ProbeStatus } from './probes.js'
import { painter, type Style } from '../output/terminal.js'

export interface CheckReport {
  broker: string
  /** false when any probe failed. */
  ok: boolean
  /** The version the active probes used. */
  protocolVersion: '5' | '3.1.1' | '3.1' | null
  capabilities: Capabilities | null
  probes: ProbeResult[]
  topicPrefix: string
  durationMs: number
}

export function reportJson(report: CheckReport): string {
  return `${escapeJson(JSON.stringify(report))}\n`
}

const STATUS_COLOUR: Record<ProbeStatus, Style> = { pass: 'green', fail: 'red', unsupported: 'yellow', skipped: 'dim' }

const CAPABILITY_ROWS: Array<[keyof Capabilities, string, (v: never) => string]> = [
  ['maximumQoS', 'maximum QoS', (v: number) => String(v)],
  ['retainAvailable', 'retain available', (v: boolean) => (v ? 'yes' : 'no')],
  ['wildcardSubscriptionAvailable', 'wildcard subscriptions', (v: boolean) => (v ? 'yes' : 'no')],
  ['sharedSubscriptionAvailable', 'shared subscriptions', (v: boolean) => (v ? 'yes' : 'no')],
  ['subscriptionIdentifiersAvailable', 'subscription identifiers', (v: boolean) => (v ? 'yes' : 'no')],
  ['receiveMaximum', 'receive maximum', (v: number) => String(v)],
  ['maximumPacketSize', 'maximum packet size', (v: number | null) => (v === null ? 'no limit stated' : `${v} bytes`)],
  ['topicAliasMaximum', 'topic alias maximum', (v: number) => String(v)],
  ['serverKeepAlive', 'server keep alive', (v: number | null) => (v === null ? 'as the client asked' : `${v} s`)],
  ['assignedClientIdentifier', 'assigned client id', (v: string | null) => (v === null ? '-' : v)],
]

function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, wordWrap: true, colWidths: head.length === 3 ? [21, 13, 42] : [28, 40] }) // 80 columns with the borders
}

export function reportText(report: CheckReport, color: boolean): string {
  const paint = painter(color)
  const out: string[] = []
  const version = report.protocolVersion === null ? 'no connection' : `MQTT ${report.protocolVersion}`
  out.push(`mqtx check ${escapeForTerminal(report.broker)} (${version}; topics under ${escapeForTerminal(report.topicPrefix)}/)`)
  if (report.capabilities !== null) {
    const caps = report.capabilities
    const t = table(['MQTT 5 capability', 'value'])
    for (const [key, label, show] of CAPABILITY_ROWS) {
      const value = (show as (v: unknown) => string)(caps[key])
      t.push([label, escapeForTerminal(caps.stated.includes(key) ? value : `${value} (default)`)])
    }
    out.push(t.toString())
  }
  const t = table(['probe', 'result', 'detail'])
  for (const p of report.probes) t.push([p.name, paint(STATUS_COLOUR[p.status], p.status), escapeForTerminal(p.detail)])
  out.push(t.toString())
  const count = (s: ProbeStatus) => report.probes.filter((p) => p.status === s).length
  const summary = `${count('pass')} passed, ${count('fail')} failed, ${count('unsupported')} unsupported, ${count('skipped')} skipped in ${(report.durationMs / 1000).toFixed(1)} s`
  out.push(report.ok ? paint('green', summary) : paint('red', summary))
  return `${out.join('\n')}\n`
}
