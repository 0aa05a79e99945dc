import { describe, expect, it } from 'vitest'
import { DUPLICATE, IN_ORDER, REORDERED, SequenceState } from '../../src/bench/sequence.js'
import { dueBy, intendedUs, publisherDue } from '../../src/session/schedule.js'
import { Recorder } from '../../src/bench/recorder.js'
import { FrameScanner, HEADER_BYTES, patchHeader, publishTemplate, readSendUs } from '../../src/bench/wire.js'
import { withBuffers } from '../../src/bench/worker.js'

describe('SequenceState', () => {
  it('counts in-order, lost, reordered and duplicate messages exactly', () => {
    const s = new SequenceState()
    const got = [0, 1, 1, 4, 2, 3, 3, 7].map((q) => s.record(q))
    expect(got).toEqual([IN_ORDER, IN_ORDER, DUPLICATE, IN_ORDER, REORDERED, REORDERED, DUPLICATE, IN_ORDER])
    expect({ distinct: s.distinct, duplicates: s.duplicates, reordered: s.reordered, next: s.next }).toEqual({ distinct: 6, duplicates: 2, reordered: 2, next: 8 })
    // 5 and 6 are still missing: a late 6 splits nothing and counts once
    expect(s.record(6)).toBe(REORDERED)
    expect(s.record(6)).toBe(DUPLICATE)
    expect(s.record(5)).toBe(REORDERED)
    expect(s.distinct).toBe(8)
  })

  it('fills a hole in the middle of a gap', () => {
    const s = new SequenceState()
    s.record(10)
    expect(s.record(5)).toBe(REORDERED)
    expect(s.record(4)).toBe(REORDERED)
    expect(s.record(6)).toBe(REORDERED)
    expect(s.record(5)).toBe(DUPLICATE)
    expect(s.distinct).toBe(4)
  })
})

describe('schedule', () => {
  const s = { startUs: 1_000_000, rate: 1000, rampUpS: 0, publishers: 4 }
  it('issues the rate and inverts exactly', () => {
    expect(dueBy(s, 1)).toBe(1000)
    for (const n of [0, 1, 999, 12345]) expect(dueBy(s, (intendedUs(s, n) - s.startUs) / 1e6 + 1e-9)).toBeGreaterThanOrEqual(n + 1)
    expect(intendedUs(s, 999)).toBe(2_000_000)
  })
  it('ramps up linearly and stays continuous', () => {
    const r = { ...s, rampUpS: 2 }
    expect(dueBy(r, 1)).toBe(250)
    expect(dueBy(r, 2)).toBe(1000)
    expect(dueBy(r, 3)).toBe(2000)
    expect(Math.round(intendedUs(r, 999))).toBe(3_000_000)
  })
  it('shares global messages round-robin over publishers', () => {
    expect([0, 1, 2, 3].map((g) => publisherDue(10, g, 4))).toEqual([3, 3, 2, 2])
    expect([0, 1, 2, 3].map((g) => publisherDue(0, g, 4))).toEqual([0, 0, 0, 0])
  })
})

describe('wire', () => {
  it('builds a PUBLISH template whose header can be patched and scanned back', () => {
    for (const [qos, v5] of [[0, false], [1, true], [2, false]] as const) {
      const t = publishTemplate('a/b', HEADER_BYTES + 4, qos, false, v5, 7)
      const buf = Buffer.concat([t.bytes, t.bytes])
      patchHeader(buf, t.payloadOffset, 41, 1_732_000_000_123_456)
      patchHeader(buf, t.bytes.length + t.payloadOffset, 42, 5)
      const seen: Array<[number, number, number]> = []
      const scanner = new FrameScanner((type, flags, b, s, e) => {
        expect(type).toBe(3)
        expect((flags >> 1) & 3).toBe(qos)
        const p = e - (HEADER_BYTES + 4)
        seen.push([b.readUInt32BE(p), b.readUInt32BE(p + 4), readSendUs(b, p + 8)])
      })
      // fed byte by byte: frames split anywhere are reassembled
      for (let i = 0; i < buf.length; i++) scanner.feed(buf.subarray(i, i + 1))
      expect(seen).toEqual([[7, 41, 1_732_000_000_123_456], [7, 42, 5]])
    }
  })
})

describe('Recorder series', () => {
  it('ignores what arrives before the start (a broker still routing an earlier run) and bins by second', () => {
    const r = new Recorder()
    r.bump('received', Date.now() * 1000, 1)
    expect(r.series.received).toEqual([])
    r.originUs = 1e6
    r.bump('received', 3.5e6, 2)
    r.bump('received', 0, 1)
    expect(r.series.received).toEqual([1, 0, 2])
  })
})

describe('the resolved connection a bench worker receives', () => {
  it('gets its Buffers back after the structured clone', () => {
    const conn = { password: Buffer.from('pw'), tls: { ca: [Buffer.from('ca')], checkHostname: true }, properties: { connect: {} }, host: 'h' }
    const cloned = withBuffers(structuredClone(conn))
    expect(Buffer.isBuffer(cloned.password)).toBe(true)
    expect(Buffer.isBuffer(cloned.tls.ca[0])).toBe(true)
    expect(cloned).toEqual(conn)
  })
})
