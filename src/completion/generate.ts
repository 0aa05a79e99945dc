/** `mqtx completion <shell>` and scripts/gen-completions.mjs share this: tree -> script text. */
import type { Command } from 'commander'
import { bashCompletion } from './bash.js'
import { fishCompletion } from './fish.js'
import { commandSpec } from './model.js'
import { zshCompletion } from './zsh.js'

import type { Shell } from './shells.js'

/** Where each script is committed (and installed from). */
export const COMPLETION_FILES: Record<Shell, string> = {
  bash: 'completions/mqtx.bash',
  zsh: 'completions/_mqtx',
  fish: 'completions/mqtx.fish',
}

export function completionScript(shell: Shell, program: Command): string {
  const spec = commandSpec(program)
  if (shell === 'bash') return bashCompletion(spec)
  if (shell === 'zsh') return zshCompletion(spec)
  return fishCompletion(spec)
}
