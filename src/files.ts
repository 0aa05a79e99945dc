/** Reading files the user names: one wording for why a file could not be read. */
import { readFileSync } from 'node:fs'
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
