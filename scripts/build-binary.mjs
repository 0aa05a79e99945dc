// `npm run build:binary`: the standalone `mqtx` executable (no Node needed to run it), from the same
// source as the npm package.
//
// 1. esbuild bundles src/cli.ts into ONE file (no chunks, no code cache: the npm build's loader
//    bin/mqtx.cjs is not used), with the same shims and defines as scripts/build.mjs
//    (scripts/lib/bundle-config.mjs). Lazily imported commands stay lazy: esbuild wraps them in
//    functions that run on first import().
// 2. Bun (the `bun` devDependency, pinned) compiles it with its runtime into one executable, with
//    bytecode (JavaScriptCore skips parsing at start) and without reading .env/bunfig.toml from the
//    directory it is started in (a command line tool must not change behaviour with the cwd).
//
// Usage: node scripts/build-binary.mjs [--target bun-linux-x64] [--outfile release/mqtx-linux-x64]
// Targets other than this machine's need Bun to download that target's runtime (see README, Release).
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import { defines, shims } from './lib/bundle-config.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const host = `bun-${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`
const { values } = parseArgs({
  options: {
    target: { type: 'string', default: host },
    outfile: { type: 'string' },
  },
})
const target = values.target
const exe = target.includes('windows') ? '.exe' : ''
const outfile = resolve(root, values.outfile ?? join('release', `mqtx-${target.replace(/^bun-/, '')}${exe}`))

// 1. one JavaScript file
const work = join(root, '.tmp', `binary-${process.pid}`)
const bundle = join(work, 'mqtx.cjs')
try {
  await build({
    entryPoints: [join(root, 'src', 'cli.ts')],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    define: defines({ __MQTX_STANDALONE__: 'true' }),
    plugins: [shims],
    logLevel: 'warning',
  })

  // 2. compile it; written next to the target and renamed, so a running copy is never half-written
  mkdirSync(dirname(outfile), { recursive: true })
  // (Bun appends .exe to a Windows target's name that lacks it: keep it last)
  const partial = exe !== '' && outfile.endsWith(exe) ? `${outfile.slice(0, -exe.length)}.partial-${process.pid}${exe}` : `${outfile}.partial-${process.pid}`
  // the bun npm package names its binary bun.exe on every OS
  const bun = join(root, 'node_modules', 'bun', 'bin', 'bun.exe')
  const args = ['build', '--compile', '--bytecode', '--minify', `--target=${target}`, '--no-compile-autoload-dotenv', '--no-compile-autoload-bunfig', bundle, '--outfile', partial]
  const r = spawnSync(bun, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  if (r.error) throw new Error(`running ${bun}: ${r.error.message} (run \`npm ci\`: bun is a devDependency)`)
  if (r.status !== 0) {
    rmSync(partial, { force: true })
    throw new Error(`bun build --compile exited ${r.status ?? r.signal}`)
  }
  renameSync(partial, outfile)
} finally {
  rmSync(work, { recursive: true, force: true })
}
const mb = (statSync(outfile).size / 1024 / 1024).toFixed(1)
process.stdout.write(`${outfile} (${mb} MB, ${target})\n`)
