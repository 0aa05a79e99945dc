import type { Readable } from 'node:stream'

/** All of a stream, byte for byte (pub -s). */
export async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks)
}
