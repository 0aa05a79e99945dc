import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { UsageError } from '../../src/errors.js'
import { payloadSource, readPayload, readPayloadFile, readPayloadStdin, type ReadLimit } from '../../src/session/payload.js'

/** A small stand-in for what one MQTT packet carries (the real one is ~256 MB). */
const small = (protocolMax: number): ReadLimit => ({
  protocolMax,
  tooLong: (what) => new UsageError(`${what} is too long`),
  error: (length, what) => new UsageError(`${what} is ${length} bytes`),
})

const pub = { noun: 'message', lines: true, hint: 'h' }
const rr = { noun: 'request message', lines: false, hint: 'h' }

describe('the one payload-source resolver (pub and rr)', () => {
  it('exactly one source, each command worded with its own flags', () => {
    expect(() => payloadSource({ message: 'a', nullMessage: true }, pub)).toThrow('Only one type of message can be sent at once (-m, -f, -s, -l or -n).')
    expect(() => payloadSource({ message: 'a', file: 'f' }, rr)).toThrow('Only one type of message can be sent at once (-m, -f, -s or -n).')
    expect(() => payloadSource({}, pub)).toThrow('No message given: use -m, -f, -s, -l or -n.')
    expect(() => payloadSource({}, rr)).toThrow('No request message given: use -m, -f, -s or -n.')
  })

  it('-l is a source for pub only; --encoding applies to -m (and -l for pub)', () => {
    expect(payloadSource({ stdinLine: true, encoding: 'hex' }, pub)).toEqual({ kind: 'lines', encoding: 'hex' })
    expect(() => payloadSource({ stdinLine: true }, rr)).toThrow('No request message given')
    expect(() => payloadSource({ file: 'f', encoding: 'hex' }, rr)).toThrow('--encoding applies to -m only.')
    expect(() => payloadSource({ file: 'f', encoding: 'hex' }, pub)).toThrow('--encoding applies to -m and -l only.')
    expect(() => payloadSource({ message: 'ab', encoding: 'hex', encode: 'cbor' }, pub)).toThrow('--encoding and --encode cannot be used together')
  })

  it('reads -m (decoded), -n and -f the same way for both', async () => {
    expect(await readPayload(payloadSource({ message: 'de ad', encoding: 'hex' }, rr) as never, small(10))).toEqual(Buffer.from([0xde, 0xad]))
    expect(await readPayload(payloadSource({ nullMessage: true }, pub) as never, small(10))).toEqual(Buffer.alloc(0))
    await expect(readPayload({ kind: 'file', path: '/nonexistent/payload' }, small(10))).rejects.toThrow(/-f file/)
  })

  it('-f: a regular file over the limit is refused by its size; one at the limit is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mqtx-payload-'))
    writeFileSync(join(dir, 'ten'), '0123456789')
    expect(readPayloadFile(join(dir, 'ten'), small(10)).toString()).toBe('0123456789')
    expect(() => readPayloadFile(join(dir, 'ten'), small(9))).toThrow(`-f file '${join(dir, 'ten')}' is 10 bytes`)
  })

  it('-f /dev/zero and a FIFO: reading stops once past the limit (no stat size to go by)', () => {
    expect(() => readPayloadFile('/dev/zero', small(100_000))).toThrow("-f file '/dev/zero' is too long")
    const fifo = join(mkdtempSync(join(tmpdir(), 'mqtx-fifo-')), 'in')
    execFileSync('mkfifo', [fifo])
    // a writer that would go on for ever (yes), ended by SIGPIPE when the reader closes the FIFO
    const writer = spawn('sh', ['-c', `exec yes > '${fifo}'`], { stdio: 'ignore' })
    try {
      expect(() => readPayloadFile(fifo, small(100_000))).toThrow(`-f file '${fifo}' is too long`)
    } finally {
      writer.kill()
    }
  })

  it('-s: standard input stops being read once past the limit; at the limit it is all read', async () => {
    const chunks = () => Readable.from([Buffer.from('abcd'), Buffer.from('efgh'), Buffer.from('ij')])
    expect((await readPayloadStdin(chunks(), small(10))).toString()).toBe('abcdefghij')
    await expect(readPayloadStdin(chunks(), small(9))).rejects.toThrow('standard input is too long')
    // an endless input: the error comes, and the stream is not read further
    let pulled = 0
    const endless = new Readable({
      read() {
        pulled++
        this.push(Buffer.alloc(1000))
      },
    })
    await expect(readPayloadStdin(endless, small(5000))).rejects.toThrow('standard input is too long')
    expect(endless.destroyed).toBe(true)
    expect(pulled).toBeLessThan(20)
  })
})
