/** fish completions, rendered from the command-tree spec (never edited by hand). */
import { allCommands, brief, type CommandSpec, type OptionSpec } from './model.js'

/** Single-quote for fish (only \\ and ' are special inside). */
function q(text: string): string {
  return `'${text.replace(/\s+/g, ' ').replace(/[\\']/g, '\\$&')}'`
}

function optionLine(spec: CommandSpec, o: OptionSpec): string {
  const parts = ['complete -c mqtx', `-n ${q(`__mqtx_is ${spec.path.join(' ')}`)}`]
  if (o.short !== undefined) parts.push(o.short.length === 2 ? `-s ${o.short.slice(1)}` : `-o ${o.short.slice(1)}`)
  if (o.long !== undefined) parts.push(`-l ${o.long.slice(2)}`)
  if (o.kind === 'file') parts.push('-r -F')
  else if (o.kind === 'dir') parts.push(`-x -a ${q('(__fish_complete_directories)')}`)
  else if (o.kind === 'choices') parts.push(`-x -a ${q(o.choices.join(' '))}`)
  else if (o.kind === 'free') parts.push('-x')
  parts.push(`-d ${q(brief(o.description))}`)
  return parts.join(' ')
}

export function fishCompletion(root: CommandSpec): string {
  const commands = allCommands(root)
  const paths = commands.filter((c) => c.path.length > 1).map((c) => q(c.path.join(' ')))
  const lines: string[] = []
  for (const c of commands) {
    const is = `-n ${q(`__mqtx_is ${c.path.join(' ')}`)}`
    for (const s of c.commands) lines.push(`complete -c mqtx ${is} -a ${q(s.name)} -d ${q(brief(s.description))}`)
    for (const a of c.args) {
      if (a.choices.length > 0) lines.push(`complete -c mqtx ${is} -a ${q(a.choices.join(' '))} -d ${q(a.description || a.name)}`)
      else if (a.kind === 'file') lines.push(`complete -c mqtx ${is} -F`)
    }
    for (const o of c.options) lines.push(optionLine(c, o))
  }
  return `# fish completions for mqtx. Generated from the command tree by \`npm run gen\`: do not edit.
# Install: copy it to ~/.config/fish/completions/mqtx.fish

# The command path typed so far, e.g. "mqtx pub".
function __mqtx_path
    set -l path mqtx
    for t in (commandline -opc)[2..-1]
        switch "$path $t"
            case ${paths.join(' ')}
                set path "$path $t"
        end
    end
    echo $path
end

function __mqtx_is
    test (__mqtx_path) = "$argv"
end

complete -c mqtx -f
${lines.join('\n')}
`
}
