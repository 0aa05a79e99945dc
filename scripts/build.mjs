// One build command: bundle src/ into dist/ with esbuild, then record V8's code cache for it
// (start-up time is a feature).
//
// esbuild splits the bundle into chunks (commands are loaded lazily: `mqtx pub` never reads the code
// of sub, bench or certgen). Each chunk is then rewritten as CommonJS wrapped in a function,
// `(function (exports, require, module, __filename, __dirname) {"use strict"; … })`, and bin/mqtx.cjs
// compiles it with node:vm and its V8 code cache (`<chunk>.cache`, recorded here by running `mqtx pub`
// once): a run neither parses nor compiles what the cache holds, ~30 ms of a ~200 ms cold start.
// ES modules cannot use a code cache on Node 20. The files keep their .js names; only bin/mqtx.cjs
// loads them.
import { build, transform } from 'esbuild'
import { spawn } from 'node:child_process'
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { defines, shims } from './lib/bundle-config.mjs'

// Build into a fresh directory and swap it in, so a test that is running the previous build
// never sees a half-written dist/.
const dist = new URL('../dist', import.meta.url)
const fresh = new URL(`../.dist-${process.pid}`, import.meta.url)
const old = new URL(`../.dist-old-${process.pid}`, import.meta.url)
try {
  await bundle()
} catch (err) {
  rmSync(fresh, { recursive: true, force: true })
  throw err
}

async function bundle() {
  const out = await build({
    entryPoints: { mqtx: 'src/cli.ts' },
    outdir: fileURLToPath(fresh),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    ...(process.env.MQTX_KEEP_NAMES === undefined ? { minify: true } : { minifyWhitespace: true, minifySyntax: true }),
    sourcemap: false,
    legalComments: 'none',
    charset: 'ascii',
    chunkNames: 'chunks/[name]-[hash]',
    define: defines(),
    plugins: [shims],
    metafile: true,
    logLevel: 'warning',
  })

  // ESM chunks -> wrapped CommonJS for bin/mqtx.cjs. import() of a chunk becomes a lazy require (its
  // code still runs only when imported); esbuild's CommonJS exports are getters, so bindings stay live.
  for (const file of Object.keys(out.metafile.outputs)) {
    const code = readFileSync(file, 'utf8')
    if (code.includes('import.meta')) throw new Error(`${file}: import.meta has no meaning in the CommonJS chunks bin/mqtx.cjs loads`)
    const cjs = await transform(code, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false },
      ...(process.env.MQTX_KEEP_NAMES === undefined ? { minify: true } : { minifyWhitespace: true, minifySyntax: true }),
      charset: 'ascii',
      banner: '(function (exports, require, module, __filename, __dirname) {"use strict";',
      footer: '\n})',
      loader: 'js',
      logLevel: 'warning',
    })
    // bin/mqtx.cjs reads chunks as latin1 (one byte per character: the cheapest string V8 makes), which
    // is only exact for ASCII. esbuild escapes strings; a literal regular expression can still hold UTF-8.
    const nonAscii = Buffer.from(cjs.code).findIndex((b) => b > 0x7f)
    if (nonAscii !== -1) {
      throw new Error(`${file} must be ASCII (bin/mqtx.cjs reads it as latin1); non-ASCII at …${cjs.code.slice(Math.max(0, nonAscii - 60), nonAscii + 20)}… (write it as \\uXXXX in the source)`)
    }
    writeFileSync(file, cjs.code)
  }
}

try {
  renameSync(dist, old)
} catch {
  // no previous build
}
renameSync(fresh, dist)
rmSync(old, { recursive: true, force: true })

await recordCodeCache()

/**
 * Run `mqtx pub` once against a stand-in broker (it answers CONNECT with a v5 CONNACK and reads the
 * rest) with MQTX_CODE_CACHE=write: bin/mqtx.cjs then saves V8's code cache of each chunk that ran as
 * `<chunk>.cache`. The cache is only valid for the Node binary (and V8 flags) that made it; V8 rejects
 * it otherwise and the chunk compiles as usual. Chunks `pub` does not load get no cache.
 */
async function recordCodeCache() {
  const server = net.createServer((socket) => {
    socket.once('data', () => socket.write(Buffer.from([0x20, 0x03, 0x00, 0x00, 0x00])))
    socket.on('error', () => {})
    socket.resume()
  })
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  try {
    const bin = fileURLToPath(new URL('../bin/mqtx.cjs', import.meta.url))
    const child = spawn(process.execPath, [bin, 'pub', '-h', '127.0.0.1', '-p', String(port), '-t', 'mqtx/build', '-m', 'x'], {
      env: { ...process.env, MQTX_CODE_CACHE: 'write' },
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    const code = await new Promise((resolve) => child.on('close', resolve))
    if (code !== 0) throw new Error(`recording the code cache: mqtx pub exited ${code}: ${stderr.trim()}`)
  } finally {
    server.close()
  }
}
