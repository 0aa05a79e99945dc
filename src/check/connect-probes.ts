/** connect-v5 / connect-v311: connect with one pinned protocol version, report the answer. */
import { ConnackError, errorMessage } from '../errors.js'
import { connackMessage } from '../mqtt/connack.js'
import type { Connection } from '../mqtt/connect.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import { capabilitiesOf, type CheckContext } from './context.js'
import { ms } from './messages.js'
import type { ProbeResult } from './probes.js'

export interface ConnectOutcome {
  result: ProbeResult
  connection?: Connection
  /** The broker refused this protocol version (CONNACK 1 / 0x84) or hung up before a CONNACK. */
  versionRefused: boolean
}

function refusalText(err: ConnackError, version: ProtocolVersion): string {
  return connackMessage(err.reasonCode, version).replace(/^the broker refused the connection: /, 'refused: ').replace(/\.$/, '')
}

export async function connectProbe(ctx: CheckContext, version: 4 | 5): Promise<ConnectOutcome> {
  const name = version === 5 ? 'connect-v5' : 'connect-v311'
  const started = performance.now()
  try {
    // v5 without -i: an empty client id, so the broker shows whether it assigns one
    const opts = version === 5 && ctx.cfg.clientId === '' ? { version, clientId: '' } : { version }
    const connection = await ctx.connect(version === 5 ? 'v5' : 'v311', opts)
    const latencyMs = ms(started)
    const data: Record<string, unknown> = { reasonCode: 0, sessionPresent: connection.connack.sessionPresent }
    return { result: { name, status: 'pass', detail: `accepted (code 0) in ${latencyMs} ms`, latencyMs, data }, connection, versionRefused: false }
  } catch (err) {
    if (err instanceof ConnackError) {
      const versionRefused = err.reasonCode === 1 || err.reasonCode === 0x84
      return { result: { name, status: versionRefused ? 'unsupported' : 'fail', detail: refusalText(err, version), data: { reasonCode: err.reasonCode } }, versionRefused }
    }
    const message = errorMessage(err)
    const noConnack = /closed the connection before accepting it/.test(message)
    return { result: { name, status: 'fail', detail: message.replace(/\.$/, '') }, versionRefused: noConnack }
  }
}

/**
 * Run the selected connect probes and decide the protocol version for the active probes.
 * A refused v5 is "unsupported" when 3.1.1 works (a 3.1.1-only broker), and the other way round.
 */
export async function connectProbes(ctx: CheckContext, want: { v5: boolean; v311: boolean }): Promise<ProbeResult[]> {
  const results: ProbeResult[] = []
  const v5 = want.v5 ? await connectProbe(ctx, 5) : undefined
  if (v5?.connection !== undefined) {
    ctx.caps = capabilitiesOf(v5.connection.connack)
    ctx.version = 5
  }
  await ctx.closeAll()
  const v311 = want.v311 && !ctx.interrupted ? await connectProbe(ctx, 4) : undefined
  await ctx.closeAll()
  if (ctx.version === undefined && v311?.connection !== undefined) ctx.version = 4
  if (v5 !== undefined) {
    if (v5.versionRefused && v5.result.status === 'fail' && v311?.result.status === 'pass') {
      v5.result.status = 'unsupported'
      v5.result.detail = `${v5.result.detail} (a 3.1.1-only broker)`
    }
    results.push(v5.result)
  }
  if (v311 !== undefined) {
    if (v311.result.status === 'unsupported' && v5?.result.status !== 'pass') v311.result.status = 'fail'
    results.push(v311.result)
  }
  return results
}
