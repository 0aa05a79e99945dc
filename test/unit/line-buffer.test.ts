import { describe, expect, it } from 'vitest'
import { LineBuffer } from '../../src/pub/line-buffer.js'
import { countLines, encodeBatch } from '../../src/pub/encode-worker.js'
import { CodecError, type Codec } from '../../src/codecs/types.js'

/** Feeds the chunks (taking the lines after each, as pub -l does), ends the input, returns every line. */
function linesOf(chunks: (string | Buffer)[], takeBetween = true): string[] {
  const buffer = new LineBuffer()
  const out: string[] = []
  const drain = () => {
    while (buffer.hasLine()) {
      const start = buffer.start
      const end = buffer.take()
      out.push(buffer.bytes.toString('latin1', start, end))
    }
  }
  for (const chunk of chunks) {
    buffer.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk)
    if (takeBetween) drain()
  }
  buffer.end()
  drain()
  return out
}

describe('LineBuffer (pub -l input)', () => {
  it.each([
    ['one chunk', ['a\nb\nc\n'], ['a', 'b', 'c']],
    ['lines cut across chunks', ['ab', 'c\nd', 'e', '\nf\n'], ['abc', 'de', 'f']],
    ['a chunk per byte', [...'hello\nworld\n'], ['hello', 'world']],
    ['a newline alone in a chunk', ['a', '\n', '\n', 'b\n'], ['a', '', 'b']],
    ['empty lines are lines', ['\n\na\n\n'], ['', '', 'a', '']],
    ['final line without newline', ['a\nlast'], ['a', 'last']],
    ['final line without newline, cut across chunks', ['a\nla', 's', 't'], ['a', 'last']],
    ['\\r is kept (only \\n ends a line)', ['a\r\nb\r\n', 'c\r'], ['a\r', 'b\r', 'c\r']],
    ['no input', [], []],
    ['a lone newline', ['\n'], ['']],
    ['empty chunks add nothing', ['a\n', '', 'b', ''], ['a', 'b']],
    ['an empty chunk at the end is no extra line', ['a\n', ''], ['a']],
  ])('%s', (_name, chunks, expected) => {
    expect(linesOf(chunks)).toEqual(expected)
    // the same when nothing is taken until the end (held lines move to the front of the buffer)
    expect(linesOf(chunks, false)).toEqual(expected)
  })

  it('long lines: longer than the buffer, spread over many chunks', () => {
    const long = 'x'.repeat(200_000)
    const longer = 'y'.repeat(1_000_000)
    const input = `${long}\nshort\n${longer}\n\n${long}`
    const chunks: string[] = []
    for (let i = 0; i < input.length; i += 7_919) chunks.push(input.slice(i, i + 7_919))
    expect(linesOf(chunks)).toEqual([long, 'short', longer, '', long])
    expect(linesOf([input])).toEqual([long, 'short', longer, '', long])
  })

  it('bytes are kept as they are (no decoding)', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x0a, 0xa9, 0x0a])
    const buffer = new LineBuffer()
    buffer.push(bytes.subarray(0, 3))
    expect(buffer.hasLine()).toBe(false)
    expect(buffer.push(bytes.subarray(3))).toBe(true)
    const start = buffer.start
    const end = buffer.take()
    expect([...buffer.bytes.subarray(start, end)]).toEqual([0xff, 0x00, 0xc3])
    expect([...buffer.bytes.subarray(buffer.start, buffer.take())]).toEqual([0xa9])
    expect(buffer.hasLine()).toBe(false)
  })

  it('push says whether a whole line came; pending counts what is not taken, the unfinished line too', () => {
    const buffer = new LineBuffer()
    expect(buffer.push(Buffer.from('ab'))).toBe(false)
    expect(buffer.pending()).toBe(1)
    expect(buffer.push(Buffer.from('c\nd\ne'))).toBe(true)
    expect(buffer.pending()).toBe(3)
    buffer.take()
    expect(buffer.pending()).toBe(2)
    buffer.take()
    expect(buffer.pending()).toBe(1)
    expect(buffer.hasLine()).toBe(false)
  })

  it('reuses its buffer: taking every line before the next push allocates nothing new', () => {
    const buffer = new LineBuffer()
    buffer.push(Buffer.from('first\n'))
    const bytes = buffer.bytes
    buffer.take()
    for (let i = 0; i < 1000; i++) {
      buffer.push(Buffer.from(`line ${i}\n`))
      expect(buffer.bytes).toBe(bytes)
      expect(buffer.bytes.toString('latin1', buffer.start, buffer.take())).toBe(`line ${i}`)
    }
  })
})

describe('LineBuffer: a line longer than one MQTT message can carry', () => {
  it('the whole lines before it are still taken; it and what follows are dropped (tooLong)', () => {
    const buffer = new LineBuffer(10)
    expect(buffer.push(Buffer.from('ok\n0123456789'))).toBe(true)
    expect(buffer.tooLong).toBe(false)
    expect(buffer.push(Buffer.from('x'))).toBe(false)
    expect(buffer.tooLong).toBe(true)
    expect(buffer.bytes.toString('latin1', buffer.start, buffer.take())).toBe('ok')
    expect(buffer.hasLine()).toBe(false)
    expect(buffer.push(Buffer.from('more\n'))).toBe(false)
    buffer.end()
    expect(buffer.hasLine()).toBe(false)
  })

  it('a line of exactly maxLine bytes, grown a byte at a time, is kept', () => {
    const buffer = new LineBuffer(10)
    for (const c of '0123456789') buffer.push(Buffer.from(c))
    buffer.end()
    expect(buffer.tooLong).toBe(false)
    expect(buffer.bytes.toString('latin1', buffer.start, buffer.take())).toBe('0123456789')
  })

  it('a long line in many small chunks: not copied whole per chunk (linear, not quadratic)', () => {
    // 20 MB in 1-KB chunks: copying the line so far per chunk would move ~200 GB
    const chunk = Buffer.alloc(1024, 0x61)
    const buffer = new LineBuffer()
    for (let i = 0; i < 20 * 1024; i++) buffer.push(chunk)
    buffer.push(Buffer.from('\n'))
    const start = buffer.start
    expect(buffer.take() - start).toBe(20 * 1024 * 1024)
  })

  it('takeAll: every whole line held at once (what goes to the encoding worker), the unfinished one kept', () => {
    const buffer = new LineBuffer()
    buffer.push(Buffer.from('a\nbb\n\nccc'))
    const start = buffer.start
    const end = buffer.takeAll()
    expect(buffer.bytes.toString('latin1', start, end)).toBe('a\nbb\n\n')
    expect(countLines(buffer.bytes, start, end)).toBe(3)
    expect(buffer.hasLine()).toBe(false)
    expect(buffer.pending()).toBe(1)
    buffer.end()
    expect(buffer.bytes.toString('latin1', buffer.start, buffer.take())).toBe('ccc')
  })
})

describe('encodeBatch (the encoding worker)', () => {
  const codec: Codec = {
    label: 'test',
    decode: () => undefined,
    encode(text) {
      if (text === 'bad') throw new CodecError('no')
      if (text === 'bug') throw new TypeError('oops')
      return Buffer.from(text.toUpperCase())
    },
  }
  it('encodes each line in order: one buffer and where each payload ends (empty lines too)', () => {
    const r = encodeBatch(codec, Buffer.from('ab\n\ncdé\n'))
    expect([r.payloads.toString(), [...r.ends], r.failure]).toEqual(['ABCDÉ', [2, 2, 6], undefined])
    // its own ArrayBuffer: it is transferred to the main thread
    expect(r.payloads.byteOffset).toBe(0)
    expect(r.payloads.buffer.byteLength).toBe(6)
  })
  it('stops at the first line that fails: the payloads before it and why (a codec error, or not)', () => {
    expect(encodeBatch(codec, Buffer.from('a\nbad\nc\n'))).toMatchObject({ ends: new Uint32Array([1]), failure: { message: 'no', codecError: true } })
    expect(encodeBatch(codec, Buffer.from('bug\n'))).toMatchObject({ ends: new Uint32Array([]), failure: { message: 'oops', codecError: false } })
  })
})
