import { beforeAll, describe, expect, it } from 'vitest'
import { loadColor } from '../../src/output/terminal.js'
import { capabilitiesOf } from '../../src/check/context.js'
import { parseProbeList, selectProbes } from '../../src/check/probes.js'
import { reportText, type CheckReport } from '../../src/check/report.js'

// colour means chalk, which src/cli.ts loads when a stream wants it
beforeAll(loadColor)

describe('probe selection', () => {
  it('splits, accumulates and validates names', () => {
    const only = parseProbeList('--only')
    expect(only('qos0, qos1', undefined)).toEqual(['qos0', 'qos1'])
    expect(only('tls', ['qos0'])).toEqual(['qos0', 'tls'])
    expect(() => only('qos0,bogus', undefined)).toThrow("unknown probe 'bogus'")
    expect(() => only(',', undefined)).toThrow('--only needs probe names')
  })
  it('keeps the canonical order; --skip wins over --only', () => {
    expect(selectProbes(['will', 'qos0'], undefined)).toEqual(['qos0', 'will'])
    expect(selectProbes(undefined, ['tls', 'shared'])).not.toContain('tls')
    expect(selectProbes(['qos0'], ['qos0'])).toEqual([])
  })
})

describe('capabilitiesOf', () => {
  it('applies the MQTT 5 defaults and lists what the broker stated', () => {
    const caps = capabilitiesOf({ cmd: 'connack', sessionPresent: false, properties: { receiveMaximum: 20, retainAvailable: false } })
    expect(caps).toMatchObject({ maximumQoS: 2, retainAvailable: false, receiveMaximum: 20, maximumPacketSize: null, topicAliasMaximum: 0 })
    expect(caps.stated.sort()).toEqual(['receiveMaximum', 'retainAvailable'])
  })
})

describe('reportText', () => {
  const report: CheckReport = {
    broker: 'mqtt://localhost:1883',
    ok: true,
    protocolVersion: '5',
    capabilities: { ...capabilitiesOf({ cmd: 'connack', sessionPresent: false, properties: { assignedClientIdentifier: 'id\u001b]0;pwned\u0007' } }) },
    probes: [{ name: 'qos0', status: 'pass', detail: 'round trip 1 ms' }],
    topicPrefix: 'mqtx/check/abcdef',
    durationMs: 1234,
  }
  it('escapes what the broker sent, and has no colour when told so', () => {
    const text = reportText(report, false)
    expect(text).not.toContain('\u001b')
    expect(text).toContain('id\\e]0;pwned\\x07')
    expect(text).toMatch(/│ qos0 +│ pass +│ round trip 1 ms +│/)
    expect(text.endsWith('1 passed, 0 failed, 0 unsupported, 0 skipped in 1.2 s\n')).toBe(true)
  })
  it('fits 80 columns, long details wrapped', () => {
    const long: CheckReport = { ...report, probes: [{ name: 'request-response', status: 'unsupported', detail: 'word '.repeat(60).trim() }] }
    const wide = reportText(long, false).split('\n').filter((l) => [...l].length > 80)
    expect(wide).toEqual([])
  })
  it('colours the result only when asked', () => {
    expect(reportText(report, true)).toContain('\u001b[32mpass\u001b[39m')
  })
})
