/**
 * Writing certificates safely: everything goes into a private staging directory inside the output
 * directory (same file system), and moves into place only after the self-check. New files are
 * hard-linked (fails if the name exists: no race can overwrite a CA key); --force replacements of
 * leaf files are renamed over the old ones (atomic). Keys 0600, certificates 0644, directories 0755.
 */
import { existsSync, rmSync, rmdirSync } from 'node:fs'
import { chmod, copyFile, constants, link, mkdir, mkdtemp, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { MqtxError, errorMessage } from '../errors.js'

export const KEY_MODE = 0o600
export const CERT_MODE = 0o644
export const DIR_MODE = 0o755

interface Entry {
  name: string
  replace: boolean
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EROFS') return 'read-only file system'
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'a file is in the way (not a directory)'
  if (code === 'ENOSPC') return 'no space left on the device'
  if (code === 'ENOENT') return 'a directory cannot be created there'
  return errorMessage(err)
}

/**
 * mkdir -p, one level at a time. Node's own `mkdir(…, { recursive: true })` never returns under
 * /proc (`--dir /proc/self/nope` hung): there mkdir says ENOENT although the parent exists, and
 * Node's loop retries forever. Returns the topmost directory created, as mkdir's recursive mode does.
 */
async function makeDirs(abs: string): Promise<string | undefined> {
  const missing: string[] = []
  for (let d = abs; ; d = dirname(d)) {
    try {
      if (!(await stat(d)).isDirectory()) throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR' })
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(d) === d) throw err
      missing.unshift(d)
    }
  }
  for (const d of missing) await mkdir(d, { mode: DIR_MODE })
  return missing[0]
}

export class Staging {
  readonly outDir: string
  readonly dir: string
  private readonly entries: Entry[] = []
  private readonly committed: string[] = []

  /** The topmost directory this run created (removed again if the run fails). */
  private readonly created: string | undefined

  private constructor(outDir: string, dir: string, created: string | undefined) {
    this.outDir = outDir
    this.dir = dir
    this.created = created
  }

  /** Create the output directory if needed (0755) and a private staging directory inside it. */
  static async open(outDir: string): Promise<Staging> {
    const abs = resolve(outDir)
    try {
      const created = await makeDirs(abs)
      if (created !== undefined) await chmod(abs, DIR_MODE)
      const dir = await mkdtemp(join(abs, '.mqtx-certgen-'))
      return new Staging(abs, dir, created)
    } catch (err) {
      throw new MqtxError(`cannot write to ${abs}: ${describe(err)}.`, { cause: err, hint: 'choose another directory with --dir' })
    }
  }

  path(name: string): string {
    return join(this.dir, name)
  }

  dest(name: string): string {
    return join(this.outDir, name)
  }

  /** A working file (openssl config, request) that is never moved into place. */
  async scratch(name: string, content: string): Promise<string> {
    const p = this.path(name)
    await writeFile(p, content, { mode: KEY_MODE, flag: 'wx' })
    return p
  }

  /** Stage a file with its final mode (set explicitly: the umask must not decide). */
  async write(name: string, content: string | Buffer, mode: number, replace: boolean): Promise<string> {
    const p = this.path(name)
    await writeFile(p, content, { mode, flag: 'wx' })
    await chmod(p, mode)
    // the CA's files are never replaced, whatever the caller says
    const safeReplace = replace && name !== 'ca.key' && name !== 'ca.crt'
    if (!this.entries.some((e) => e.name === name)) this.entries.push({ name, replace: safeReplace })
    return p
  }

  /** Register a file a tool wrote into the staging directory, with its final mode. */
  async adopt(name: string, mode: number, replace: boolean): Promise<string> {
    const p = this.path(name)
    await chmod(p, mode)
    if (!this.entries.some((e) => e.name === name)) this.entries.push({ name, replace: replace && name !== 'ca.key' && name !== 'ca.crt' })
    return p
  }

  /** Move every staged file into place; on any failure undo the new links and throw. */
  async commit(): Promise<string[]> {
    try {
      for (const e of this.entries) {
        const from = this.path(e.name)
        const to = this.dest(e.name)
        if (e.replace) {
          await rename(from, to)
        } else {
          try {
            await link(from, to)
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EPERM' && (err as NodeJS.ErrnoException).code !== 'ENOTSUP') throw err
            await copyFile(from, to, constants.COPYFILE_EXCL)
          }
          await unlink(from)
        }
        this.committed.push(to)
      }
    } catch (err) {
      for (const p of this.committed) await rm(p, { force: true })
      const code = (err as NodeJS.ErrnoException).code
      const msg = code === 'EEXIST' ? 'a file appeared in the output directory meanwhile' : describe(err)
      throw new MqtxError(`could not move the new files into ${this.outDir}: ${msg}; nothing was changed.`, { cause: err })
    } finally {
      await this.discard()
    }
    return this.committed
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }

  /** After a failure: remove the staging directory, and the output directories this run created. */
  async abandon(): Promise<void> {
    await this.discard()
    if (this.created === undefined) return
    for (let d = this.outDir; d.startsWith(this.created); d = dirname(d)) {
      try {
        await rmdir(d)
      } catch {
        return
      }
    }
  }

  /** For signal handlers: remove the staging directory synchronously. */
  discardSync(): void {
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true })
    try {
      if (this.created !== undefined) rmdirSync(this.outDir)
    } catch {
      // not empty or not ours: leave it
    }
  }
}
