/** `mqtx completion <shell>`: print a completion script generated from the live command tree. */
import { Argument, Command } from 'commander'
import { UsageError } from '../errors.js'
import { SHELLS, type Shell } from '../completion/shells.js'
import { addExamples, EXIT } from './help.js'
import { writeOut } from '../output/stdout.js'

/** The one check of the shell name (commander's .choices() lists them for completion and help). */
function parseShell(value: string): Shell {
  const shell = SHELLS.find((s) => s === value)
  if (shell === undefined) throw new UsageError(`unknown shell '${value}' for completion (use bash, zsh or fish).`)
  return shell
}

function rootOf(cmd: Command): Command {
  let root = cmd
  while (root.parent !== null) root = root.parent
  return root
}

export function completionCommand(): Command {
  const cmd = new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS).argParser(parseShell))
  addExamples(cmd, [
    'mqtx completion bash > ~/.local/share/bash-completion/completions/mqtx',
    'mqtx completion zsh > ~/.zfunc/_mqtx',
    'mqtx completion fish > ~/.config/fish/completions/mqtx.fish',
    'source <(mqtx completion bash)',
  ], [EXIT.ok, ['2', 'usage error: an unknown shell']])
  cmd.action(async (shell: Shell) => {
    const { completionScript } = await import('../completion/generate.js')
    writeOut(completionScript(shell, rootOf(cmd)))
  })
  return cmd
}
