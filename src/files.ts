/** Reading files the user names: one wording for why a file could not be read. */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { UsageError, errorMessage } from './errors.js'
import { escapeForTerminal } from './output/escape.js'

/** "no such file", "permission denied", "it is a directory", or the system's message. */
export function readErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  return errorMessage(err)
}

/** A file a flag names: unreadable is a usage error that names the flag. */
export function readFileOrUsage(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    throw new UsageError(`cannot read ${what} '${escapeForTerminal(path)}': ${readErrorReason(err)}`, { cause: err })
  }
}

/** Certificates, keys and password files are small: more than this is the wrong file (or /dev/zero). */
const SMALL_FILE_MAX = 16 * 1024 * 1024

/**
 * readFileOrUsage for a file that must be small (TLS files, password files): reads at most 16 MiB, so
 * `--cafile /dev/zero` is an error at once instead of filling memory. Pipes (`<(…)`) work.
 */
export function readSmallFileOrUsage(path: string, what: string): Buffer {
  const fail = (err: unknown) => new UsageError(`cannot read ${what} '${escapeForTerminal(path)}': ${readErrorReason(err)}`, { cause: err })
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    throw fail(err)
  }
  try {
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024)
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) break
      chunks.push(chunk.subarray(0, n))
      total += n
      if (total > SMALL_FILE_MAX) throw new UsageError(`${what} '${escapeForTerminal(path)}' is larger than ${SMALL_FILE_MAX / 1024 / 1024} MiB: is it the right file?`)
    }
    return Buffer.concat(chunks, total)
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw fail(err)
  } finally {
    closeSync(fd)
  }
}
