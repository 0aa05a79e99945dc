/**
 * `--module FILE`: a user's JavaScript module whose default export makes each message (the contract
 * is in README "mqtx simulate" and source.ts GeneratorInput). Loaded with import() from its path; a
 * module that cannot be loaded or has no function to call is a usage error naming it (exit 2).
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import type { GeneratorFn } from './source.js'

type ImportFile = (url: string) => Promise<unknown>

/**
 * Node's own import() of a file URL. Under bin/mqtx.cjs the bundled chunks' import() calls are
 * require()s (scripts/build.mjs), so the loader provides the real one; where this code runs as an ES
 * module (tests) or in the Bun binary, import() is native.
 */
function importFile(url: string): Promise<unknown> {
  const lent = (globalThis as Record<symbol, unknown>)[Symbol.for('mqtx.importFile')] as ImportFile | undefined
  return lent !== undefined ? lent(url) : import(url)
}

interface Located {
  message?: unknown
  position?: { line?: unknown; column?: unknown }
}

/** Node: "SyntaxError: …"; Bun gives an AggregateError of build messages with positions: the first one. */
function loadError(err: unknown): string {
  const first = (err as { errors?: unknown } | undefined)?.errors
  if (Array.isArray(first) && first.length > 0) {
    const e = first[0] as Located
    const at = e.position?.line !== undefined ? ` at line ${String(e.position.line)}, column ${String(e.position.column)}` : ''
    return `${String(e.message)}${at}`
  }
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

export async function loadGenerator(path: string): Promise<GeneratorFn> {
  const shown = escapeForTerminal(path)
  const full = resolve(path)
  if (!existsSync(full)) throw new UsageError(`--module ${shown}: no such file.`)
  let mod: Record<string, unknown>
  try {
    mod = (await importFile(pathToFileURL(full).href)) as Record<string, unknown>
  } catch (err) {
    const what = loadError(err)
    throw new UsageError(`--module ${shown} could not be loaded: ${escapeForTerminal(what)}`, { cause: err, hint: 'run with --debug for the stack' })
  }
  // CommonJS compiled from `export default` (tsc, Babel) sets exports.default: import() gives it as default.default
  const inner = (mod.default as Record<string, unknown> | undefined)?.default
  const fn = typeof mod.default !== 'function' && typeof inner === 'function' ? inner : (mod.default ?? mod.generate)
  if (typeof fn !== 'function') {
    throw new UsageError(`--module ${shown} has no default export function.`, { hint: 'export default function ({ device, seq, time, random, state }) { return { topic, payload } }' })
  }
  return fn as GeneratorFn
}
