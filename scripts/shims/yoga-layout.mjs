// yoga-layout (Ink's layout engine) loads its WebAssembly with a top-level await, which neither the
// CommonJS chunks of scripts/build.mjs nor the binary's single CommonJS file can hold. This stand-in
// has the same default export, filled by `initYoga()`: src/watch/ awaits it before Ink renders
// anything (Ink only calls Yoga inside functions, never while its modules load).
import { loadYoga } from 'yoga-layout/load'

let yoga

export async function initYoga() {
  if (yoga === undefined) yoga = await loadYoga()
}

const Yoga = new Proxy({}, {
  get(_target, key) {
    if (yoga === undefined) throw new Error('yoga-layout used before initYoga()')
    return yoga[key]
  },
})
export default Yoga
export * from 'yoga-layout/load'
