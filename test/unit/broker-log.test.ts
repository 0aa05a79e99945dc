import { describe, expect, it } from 'vitest'
import { readFixedHeader } from '../../src/broker/connect-guard.js'
import { payloadPreview } from '../../src/broker/log.js'

describe('readFixedHeader (the CONNECT bound before authentication)', () => {
  it.each([
    [[], { state: 'partial' }],
    [[0x10], { state: 'partial' }],
    [[0x10, 0x80], { state: 'partial' }],
    [[0x10, 0x0c], { state: 'ok', type: 1, size: 14 }],
    [[0x10, 0x80, 0x01], { state: 'ok', type: 1, size: 131 }],
    [[0x10, 0xff, 0xff, 0xff, 0x7f], { state: 'ok', type: 1, size: 268435460 }],
    [[0x30, 0xff, 0xff, 0xff, 0xff, 0x01], { state: 'malformed' }],
    [[0x47, 0x45, 0x54], { state: 'ok', type: 4, size: 71 }],
  ])('%j -> %j', (bytes, expected) => {
    expect(readFixedHeader(Buffer.from(bytes))).toEqual(expected)
  })
})

describe('payloadPreview (-v PUBLISH lines)', () => {
  it.each([
    ['', '(empty)'],
    ['25.5', "'25.5'"],
    ['a\u001b[2Jb\n', "'a\\e[2Jb\\n'"],
    ['\u202eevil', "'\\u{202e}evil'"],
    ['x'.repeat(61), `'${'x'.repeat(60)}'…`],
    ['é'.repeat(60), `'${'é'.repeat(60)}'`],
  ])('text %j -> %s', (text, expected) => {
    expect(payloadPreview(Buffer.from(text))).toBe(expected)
  })

  it('binary: the first 16 bytes in hex', () => {
    expect(payloadPreview(Buffer.from([0, 1, 0xff]))).toBe('0x0001ff (binary)')
    expect(payloadPreview(Buffer.alloc(17, 0xab))).toBe(`0x${'ab'.repeat(16)}… (binary)`)
  })
})
