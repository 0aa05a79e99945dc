/** Reading a file a flag names: a missing or unreadable file is a usage error that names the flag. */
import { readFileSync } from 'node:fs'
import { UsageError, errorMessage } from './errors.js'

export function readFileOrUsage(path: string, what: string): Buffer {
  try {
    return readFileSync(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : errorMessage(err)
    throw new UsageError(`cannot read ${what} '${path}': ${why}`, { cause: err })
  }
}
