/**
 * Every generated, committed file and its expected content, from the live command tree.
 * scripts/gen-completions.mjs and scripts/gen-man.mjs write them (`npm run gen`); the drift tests
 * compare the committed files with this.
 */
import { buildProgram, loadCommands } from '../program.js'
import { COMPLETION_FILES, completionScript } from '../completion/generate.js'
import { SHELLS } from '../completion/shells.js'
import { manPage } from '../man/render.js'

export const MAN_FILE = 'man/mqtx.1'

export async function completionOutputs(): Promise<Record<string, string>> {
  await loadCommands()
  const program = buildProgram()
  return Object.fromEntries(SHELLS.map((shell) => [COMPLETION_FILES[shell], completionScript(shell, program)]))
}

export async function manOutputs(version: string): Promise<Record<string, string>> {
  await loadCommands()
  return { [MAN_FILE]: manPage(buildProgram(), version) }
}
