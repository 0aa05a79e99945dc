// One build command: bundle src/ into dist/ with esbuild (start-up time is a feature).
// Commands are loaded lazily (dynamic import), so esbuild splits them into chunks and
// `mqtx pub` never parses the code of sub, bench or certgen.
import { build } from 'esbuild'
import { readFileSync, renameSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const mqttPkg = JSON.parse(readFileSync(new URL('../node_modules/mqtt/package.json', import.meta.url), 'utf8'))

/**
 * Start-up time is a feature. Three dependencies of MQTT.js cost ~60 ms to load and are not needed
 * on Node, so the bundle swaps them at build time:
 * - readable-stream: a copy of Node's own streams -> node:stream (same API)
 * - worker-timers: browser worker timers MQTT.js never selects on Node -> native timers
 * - debug: MQTT.js's internal tracing -> a no-op (mqtx --debug logs packets itself)
 * and commander's eager child_process import (only for executable subcommands) becomes lazy.
 */
const shims = {
  name: 'mqtx-shims',
  setup(b) {
    b.onResolve({ filter: /^readable-stream$/ }, () => ({ path: 'node:stream', external: true }))
    b.onResolve({ filter: /^worker-timers$/ }, () => ({ path: fileURLToPath(new URL('./shims/worker-timers.cjs', import.meta.url)) }))
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: fileURLToPath(new URL('./shims/lazy-child-process.cjs', import.meta.url)) } : undefined,
    )
    b.onResolve({ filter: /^debug$/ }, () => ({ path: fileURLToPath(new URL('./shims/debug.cjs', import.meta.url)) }))
  },
}

// Build into a fresh directory and swap it in, so a test that is running the previous build
// never sees a half-written dist/.
const dist = new URL('../dist', import.meta.url)
const fresh = new URL(`../.dist-${process.pid}`, import.meta.url)
const old = new URL(`../.dist-old-${process.pid}`, import.meta.url)
await build({
  entryPoints: { mqtx: 'src/cli.ts' },
  outdir: fileURLToPath(fresh),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: {
    __MQTX_VERSION__: JSON.stringify(pkg.version),
    __MQTTJS_VERSION__: JSON.stringify(mqttPkg.version),
  },
  // CommonJS dependencies (MQTT.js and friends) call require() for Node built-ins.
  banner: { js: "import { createRequire as __mqtxCreateRequire } from 'node:module'; const require = __mqtxCreateRequire(import.meta.url);" },
  plugins: [shims],
  logLevel: 'warning',
})

try {
  renameSync(dist, old)
} catch {
  // no previous build
}
renameSync(fresh, dist)
rmSync(old, { recursive: true, force: true })
