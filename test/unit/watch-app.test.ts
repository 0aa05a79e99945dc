/** mqtx watch's Ink mount: an exception while drawing ends the command (no dead screen left running). */
import { PassThrough, Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { mount } from '../../src/watch/app.js'

function io(): { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream } {
  const stdout = Object.assign(new Writable({ write: (_chunk, _enc, done) => done() }), { columns: 80, rows: 24, isTTY: false })
  const stdin = Object.assign(new PassThrough(), { isTTY: false })
  return { stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream }
}

describe('watch screen', () => {
  it('an exception while drawing reaches onCrash', async () => {
    const crashed = new Promise<unknown>((resolve) => {
      void mount(() => {
        throw new Error('boom')
      }, () => {}, resolve, io())
    })
    const err = await crashed
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toBe('boom')
  })
})
