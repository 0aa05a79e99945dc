import { describe, expect, it } from 'vitest'
import { payloadSource, readPayload } from '../../src/session/payload.js'

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
    expect(await readPayload(payloadSource({ message: 'de ad', encoding: 'hex' }, rr) as never)).toEqual(Buffer.from([0xde, 0xad]))
    expect(await readPayload(payloadSource({ nullMessage: true }, pub) as never)).toEqual(Buffer.alloc(0))
    await expect(readPayload({ kind: 'file', path: '/nonexistent/payload' })).rejects.toThrow(/-f file/)
  })
})
