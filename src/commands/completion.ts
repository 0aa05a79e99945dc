/** `mqtx completion <shell>`: print a completion script generated from the live command tree. */
import { Argument, Command } from 'commander'
import { UsageError } from '../errors.js'
import { addExamples, EXIT } from './help.js'

const SHELL_NAMES = ['bash', 'zsh', 'fish']

function parseShell(value: string): string {
  if (!SHELL_NAMES.includes(value)) throw new UsageError(`unknown shell '${value}' for completion (use bash, zsh or fish).`)
  return value
}

function rootOf(cmd: Command): Command {
  let root = cmd
  while (root.parent !== null) root = root.parent
  return root
}

export function completionCommand(): Command {
  const cmd = new Command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .helpOption('--help', 'display help for completion')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELL_NAMES).argParser(parseShell))
  addExamples(cmd, [
    'mqtx completion bash > ~/.local/share/bash-completion/completions/mqtx',
    'mqtx completion zsh > ~/.zfunc/_mqtx',
    'mqtx completion fish > ~/.config/fish/completions/mqtx.fish',
    'source <(mqtx completion bash)',
  ], [EXIT.ok, ['2', 'usage error: an unknown shell']])
  cmd.action(async (shell: string) => {
    const { completionScript, isShell } = await import('../completion/generate.js')
    if (!isShell(shell)) throw new UsageError(`unknown shell '${shell}'`)
    process.stdout.write(completionScript(shell, rootOf(cmd)))
  })
  return cmd
}
