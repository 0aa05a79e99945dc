// Shared by gen-completions.mjs and gen-man.mjs: bundle src/gen/outputs.ts (the same generator code
// the drift tests run) with esbuild, import it, and write the files it returns.
import { build } from 'esbuild'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export async function loadGenerators() {
  const out = join(ROOT, 'node_modules', '.cache', 'mqtx-gen', `outputs-${process.pid}.mjs`)
  await build({
    entryPoints: [join(ROOT, 'src', 'gen', 'outputs.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  })
  try {
    return await import(pathToFileURL(out).href)
  } finally {
    rmSync(out, { force: true })
  }
}

export function packageVersion() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
}

export function writeOutputs(files) {
  for (const [path, text] of Object.entries(files)) {
    const full = join(ROOT, path)
    mkdirSync(dirname(full), { recursive: true })
    let before
    try {
      before = readFileSync(full, 'utf8')
    } catch {
      before = undefined
    }
    writeFileSync(full, text)
    process.stderr.write(`${before === text ? 'unchanged' : 'wrote    '} ${path}\n`)
  }
}
