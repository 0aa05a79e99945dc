/**
 * Every generated, committed file and its expected content, from the live command tree.
 * scripts/gen-completions.mjs and scripts/gen-man.mjs write them (`npm run gen`); the drift tests
 * compare the committed files with this.
 */
import { buildProgram } from '../program.js'
import { COMPLETION_FILES, completionScript } from '../completion/generate.js'
import { SHELLS } from '../completion/shells.js'
import { manPage } from '../man/render.js'

export const MAN_FILE = 'man/mqtx.1'

export function completionOutputs(): Record<string, string> {
  const program = buildProgram()
  return Object.fromEntries(SHELLS.map((shell) => [COMPLETION_FILES[shell], completionScript(shell, program)]))
}

export function manOutputs(version: string): Record<string, string> {
  return { [MAN_FILE]: manPage(buildProgram(), version) }
}
