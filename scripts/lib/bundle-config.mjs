// What both builds share: the npm build (scripts/build.mjs: split chunks + V8 code cache) and the
// standalone binary (scripts/build-binary.mjs: one file, compiled by Bun). One list of shims and one
// set of defines, so the binary is built from exactly the same source as the npm package.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
const mqttPkg = JSON.parse(readFileSync(new URL('../../node_modules/mqtt/package.json', import.meta.url), 'utf8'))

export const MQTX_VERSION = pkg.version

/** esbuild `define`s; `runtime` is what src/runtime.ts reports (undefined: read it at run time). */
export function defines(extra = {}) {
  return {
    __MQTX_VERSION__: JSON.stringify(pkg.version),
    __MQTTJS_VERSION__: JSON.stringify(mqttPkg.version),
    ...extra,
  }
}

const shim = (name) => fileURLToPath(new URL(`../shims/${name}`, import.meta.url))

/**
 * Start-up time is a feature. Three dependencies of MQTT.js cost ~60 ms to load and are not needed
 * on Node, so the bundle swaps them at build time:
 * - readable-stream: a copy of Node's own streams -> node:stream (same API)
 * - worker-timers: browser worker timers MQTT.js never selects on Node -> native timers
 * - debug: MQTT.js's internal tracing -> a no-op (mqtx --debug logs packets itself)
 * and commander's eager child_process import (only for executable subcommands) becomes lazy.
 */
/** Each replacement must match (an upgrade that changes the text fails the build, not the run). */
function replaceAll(text, file, pairs) {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`${file}: expected text not found (library upgraded?): ${from}`)
    text = text.replaceAll(from, to)
  }
  return text
}

export const shims = {
  name: 'mqtx-shims',
  setup(b) {
    b.onResolve({ filter: /^readable-stream$/ }, () => ({ path: 'node:stream', external: true }))
    b.onResolve({ filter: /^worker-timers$/ }, () => ({ path: shim('worker-timers.cjs') }))
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: shim('lazy-child-process.cjs') } : undefined,
    )
    b.onResolve({ filter: /^debug$/ }, () => ({ path: shim('debug.cjs') }))
    // Ink (mqtx watch only): yoga-layout without its top-level await (see the shim), no devtools,
    // no signal-exit (src/signals.ts is the one signal listener; src/output/screen.ts restores the terminal).
    b.onResolve({ filter: /^yoga-layout$/ }, () => ({ path: shim('yoga-layout.mjs') }))
    // with CI set Ink draws only the last frame (blank until exit): watch needs a terminal anyway
    b.onResolve({ filter: /^is-in-ci$/ }, (args) => (/node_modules\/ink\//.test(args.importer) ? { path: shim('not-in-ci.mjs') } : undefined))
    b.onResolve({ filter: /^(react-devtools-core|signal-exit|\.\/devtools\.js)$/ }, (args) =>
      /node_modules\/(ink|restore-cursor)\//.test(args.importer) ? { path: shim('empty.cjs') } : undefined,
    )
    // Ink's reconciler awaits at top level only for React devtools (DEV=true): not in mqtx
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => ({
      contents: replaceAll(readFileSync(args.path, 'utf8'), args.path, [
        ['if (isDev()) {', 'if (false) {'],
        ["await import('./devtools.js')", "import('./devtools.js')"],
        ['isDev()\n    ? await loadPackageJson()', 'false\n    ? loadPackageJson()'],
        ['import.meta.url', '""'],
      ]),
      loader: 'js',
    }))
    // its Emscripten loader reads import.meta.url only to find files; the WebAssembly is inline
    b.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/].*\.js$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', '""'),
      loader: 'js',
    }))
  },
}
