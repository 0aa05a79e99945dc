import type { Readable } from 'node:stream'
import { FileTooLargeError } from '../files.js'

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
