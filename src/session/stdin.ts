import { fstatSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { UsageError } from '../errors.js'
import { FileTooLargeError } from '../files.js'

/**
 * Refuse a directory on standard input (`pub -s < dir`): Node gives it as an empty stream, no error,
 * so -s published an empty message (with -r: the retained message deleted) and -l, replay - sent
 * nothing, all with exit 0.
 */
export function checkStdinReadable(): void {
  let directory = false
  try {
    directory = fstatSync(0).isDirectory()
  } catch {
    return
  }
  if (directory) throw new UsageError('cannot read standard input: it is a directory.')
}

/** All of a stream, byte for byte (pub -s, rr -s); more than `max` bytes throws FileTooLargeError (and stops reading). */
export async function readAll(input: Readable, max = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of input) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    total += bytes.length
    if (total > max) throw new FileTooLargeError(`more than ${max} bytes`)
    chunks.push(bytes)
  }
  return Buffer.concat(chunks, total)
}
