// Import-cycle check (part of `npm test`): the layers of src/ import one way (entry -> commands ->
// features -> shared layers -> errors), so no file may reach itself through its imports.
//
// The graph comes from TypeScript's own pre-processor (`ts.preProcessFile`, the compiler the project
// already uses for its type check): it sees every import, `import type` and `export … from` included
// (esbuild's metafile drops type-only imports, and a type cycle is still a layering error), and
// needs no extra dependency. Prints each cycle and exits 1 if there is any.
import ts from 'typescript'
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

function resolveImport(from, spec) {
  if (!spec.startsWith('.')) return undefined
  const base = resolve(dirname(from), spec)
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

const files = walk(src)
const graph = new Map()
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const deps = new Set()
  for (const { fileName } of info.importedFiles) {
    const target = resolveImport(file, fileName)
    if (target !== undefined) deps.add(target)
  }
  graph.set(file, [...deps])
}

// Tarjan's strongly connected components: every component with more than one file (or a file that
// imports itself) holds at least one cycle; one shortest cycle per component is printed.
let index = 0
const stack = []
const meta = new Map()
const components = []
function connect(v) {
  meta.set(v, { index, low: index, onStack: true })
  index++
  stack.push(v)
  for (const w of graph.get(v) ?? []) {
    if (!meta.has(w)) {
      connect(w)
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low)
    } else if (meta.get(w).onStack) {
      meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index)
    }
  }
  if (meta.get(v).low === meta.get(v).index) {
    const component = []
    let w
    do {
      w = stack.pop()
      meta.get(w).onStack = false
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component)
  }
}
for (const file of files) if (!meta.has(file)) connect(file)

/** shortest path start -> ... -> start inside one component (breadth first) */
function shortestCycle(component) {
  const inside = new Set(component)
  let best
  for (const start of component) {
    const prev = new Map([[start, undefined]])
    const queue = [start]
    let found
    while (queue.length > 0 && found === undefined) {
      const v = queue.shift()
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w)) continue
        if (w === start) { found = v; break }
        if (!prev.has(w)) { prev.set(w, v); queue.push(w) }
      }
    }
    if (found === undefined) continue
    const path = []
    for (let v = found; v !== undefined; v = prev.get(v)) path.unshift(v)
    if (best === undefined || path.length < best.length) best = path
  }
  return best ?? component
}

const rel = (f) => relative(root, f)
if (components.length === 0) {
  console.log(`check-cycles: ${files.length} files, 0 import cycles`)
} else {
  console.error(`check-cycles: ${components.length} group(s) of files import each other in a cycle:`)
  for (const c of components) {
    const cycle = shortestCycle(c)
    console.error(`  ${[...cycle, cycle[0]].map(rel).join(' -> ')}${c.length > cycle.length ? `  (${c.length} files in this group)` : ''}`)
  }
  process.exitCode = 1
}
