/** StdoutWriter: text and Buffer chunks keep their order and bytes; one write per flush. */
import { describe, expect, it } from 'vitest'
import { StdoutWriter, type OutputStream } from '../../src/output/writer.js'

function sink() {
  const writes: Buffer[] = []
  const out: OutputStream = {
    write: (chunk, cb) => {
      writes.push(Buffer.from(chunk))
      cb?.()
      return true
    },
    once: () => undefined,
    on: () => undefined,
  }
  return { out, writes }
}

describe('StdoutWriter', () => {
  it('joins text and Buffer chunks in order, in one write per flush', () => {
    const { out, writes } = sink()
    const w = new StdoutWriter(out)
    w.write('{"a":1}\n')
    w.write('é\n')
    w.write(Buffer.from([0xff, 0x0a]))
    w.write('')
    w.write('z\n')
    w.flush()
    expect(writes).toEqual([Buffer.concat([Buffer.from('{"a":1}\né\n'), Buffer.from([0xff, 0x0a]), Buffer.from('z\n')])])
  })
  it('a lone surrogate at a chunk boundary is encoded as if alone (U+FFFD), never joined into a pair', () => {
    const { out, writes } = sink()
    const w = new StdoutWriter(out)
    w.write('a\ud83d')
    w.write('\ude00b')
    w.flush()
    expect(writes[0]).toEqual(Buffer.concat([Buffer.from('a\ud83d', 'utf8'), Buffer.from('\ude00b', 'utf8')]))
  })
})
