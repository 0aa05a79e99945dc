/** Reading files the user names: one wording for why a file could not be read. */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { UsageError, errorMessage } from './errors.js'
import { escapeForTerminal } from './output/escape.js'

/** "no such file", "permission denied", "it is a directory", or the system's message. */
export function readErrorReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file'
  if (code === 'EACCES') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  if (err instanceof FileTooLargeError) return err.message
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

/** Bytes in a regular file; undefined for anything else (a pipe, /dev/zero…) or if stat fails (reading reports it). */
export function regularFileSize(path: string): number | undefined {
  try {
    const st = statSync(path)
    return st.isFile() ? st.size : undefined
  } catch {
    return undefined
  }
}

/** Certificates, keys, password and config files are small: more than this is the wrong file (or /dev/zero). */
export const SMALL_FILE_MAX = 16 * 1024 * 1024

export class FileTooLargeError extends Error {
  readonly code = 'EFBIG'
}

/** Read at most `max` bytes; a longer file (or an endless one such as /dev/zero) throws FileTooLargeError. Pipes work. */
export function readBounded(path: string, max = SMALL_FILE_MAX): Buffer {
  const fd = openSync(path, 'r')
  try {
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024)
      const n = readSync(fd, chunk, 0, chunk.length, null)
      if (n === 0) return Buffer.concat(chunks, total)
      chunks.push(chunk.subarray(0, n))
      total += n
      if (total > max) throw new FileTooLargeError(`larger than ${max / 1024 / 1024} MiB: is it the right file?`)
    }
  } finally {
    closeSync(fd)
  }
}

/** readFileOrUsage for a file that must be small (TLS files, password files): at most 16 MiB. */
export function readSmallFileOrUsage(path: string, what: string): Buffer {
  try {
    return readBounded(path)
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new UsageError(`${what} '${escapeForTerminal(path)}' is ${err.message}`, { cause: err })
    throw new UsageError(`cannot read ${what} '${escapeForTerminal(path)}': ${readErrorReason(err)}`, { cause: err })
  }
}
