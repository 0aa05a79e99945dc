#!/usr/bin/env node
'use strict'
// Loads dist/ (esbuild chunks rewritten as `(function (exports, require, module, __filename,
// __dirname) { … })`, see scripts/build.mjs) with V8's code cache: `<chunk>.cache`, recorded by
// `npm run build`. With it V8 neither parses nor compiles what the cache holds; without it, or when
// V8 rejects it (another Node version, other V8 flags), a chunk compiles as usual.
// MQTX_CODE_CACHE=off ignores the caches (to compare); =write records them at exit (the build does).
// CommonJS, not an ES module: Node starts a CommonJS entry ~10 ms sooner.
// test/e2e/code-cache.test.ts compiles a chunk with the same Script options: keep them in step.
const { readFileSync, renameSync, writeFileSync } = require('node:fs')
const { dirname, join } = require('node:path')
const { Script } = require('node:vm')

const mode = process.env.MQTX_CODE_CACHE
/** chunk file -> its module and compiled script */
const chunks = new Map()

function load(file) {
  const known = chunks.get(file)
  if (known !== undefined) return known.module.exports
  let cachedData
  if (mode !== 'off' && mode !== 'write') {
    try {
      cachedData = readFileSync(`${file}.cache`)
    } catch {
      // no cache for this chunk: compile as usual
    }
  }
  // The build checks that chunks are ASCII, so latin1 is exact (and the cheapest string to make).
  const script = new Script(readFileSync(file, 'latin1'), { filename: file, cachedData })
  const module = { exports: {} }
  chunks.set(file, { module, script })
  const dir = dirname(file)
  const chunkRequire = (id) => (id.startsWith('./') || id.startsWith('../') ? load(join(dir, id)) : require(id))
  script.runInThisContext()(module.exports, chunkRequire, module, file, dir)
  return module.exports
}

if (mode === 'write') {
  process.once('exit', () => {
    for (const [file, { script }] of chunks) {
      writeFileSync(`${file}.cache.${process.pid}`, script.createCachedData())
      renameSync(`${file}.cache.${process.pid}`, `${file}.cache`)
    }
  })
}
// `mqtx simulate --module FILE` imports the user's ES module: the chunks' import() calls are require()s
// (scripts/build.mjs), so this real CommonJS file lends them Node's own dynamic import.
globalThis[Symbol.for('mqtx.importFile')] = (url) => import(url)
load(join(__dirname, '..', 'dist', 'mqtx.js'))
