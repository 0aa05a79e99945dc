import { describe, expect, it, vi } from 'vitest'
import { messagePrinter } from '../../src/session/print.js'
import { planOutput, type OutputPlan } from '../../src/output/render.js'
import type { ReceivedMessage } from '../../src/output/message.js'
import type { StdoutWriter } from '../../src/output/writer.js'

const msg = (payload: string, topic = 't'): ReceivedMessage => ({ topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false, mid: 0, timeNs: 0n })
const plan = (flags: Parameters<typeof planOutput>[0]): OutputPlan => planOutput(flags, false, false) as OutputPlan

function setup(flags: Parameters<typeof planOutput>[0], extra: Partial<Parameters<typeof messagePrinter>[0]> = {}) {
  const written: string[] = []
  const handled: string[] = []
  const writer = { write: (out: Buffer | string) => written.push(out.toString()) } as unknown as StdoutWriter
  const print = messagePrinter({
    output: plan(flags), writer, stopped: () => false, fail: (err) => { throw err },
    notJson: (m) => `not JSON on ${m.topic}`,
    handled: (m) => handled.push(m.payload.toString()),
    ...extra,
  })
  return { print, written, handled }
}

describe('the one message-print loop (sub and rr)', () => {
  it('renders, writes, then hands the message to the caller', () => {
    const { print, written, handled } = setup({ verbose: true })
    print(msg('25.5', 'home/temperature'))
    expect([written, handled]).toEqual([['home/temperature 25.5\n'], ['25.5']])
  })

  it('-F %J with a payload that is not JSON: the caller\'s warning, nothing written, still handled', async () => {
    const log = await import('../../src/output/log.js')
    const warn = vi.spyOn(log, 'logWarn').mockImplementation(() => undefined)
    const { print, written, handled } = setup({ format: '%J' })
    print(msg('not json', 'a/b'))
    expect([written, handled]).toEqual([[], ['not json']])
    warn.mockRestore()
  })

  it('show replaces the writer (sub --watch); render false only counts (sub --message-rate)', () => {
    const shown: string[] = []
    const a = setup({ verbose: true }, { show: (m, out) => shown.push(`${m.topic}=${out.toString()}`) })
    a.print(msg('1', 'x'))
    expect([a.written, shown]).toEqual([[], ['x=x 1\n']])
    const b = setup({ verbose: true }, { render: false })
    b.print(msg('1'))
    b.print(msg('2'))
    expect([b.written, b.handled]).toEqual([[], ['1', '2']])
  })
})
