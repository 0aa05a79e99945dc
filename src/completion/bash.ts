/** bash completion script, rendered from the command-tree spec (never edited by hand). */
import { allCommands, optionWords, type CommandSpec } from './model.js'

const HEADER = '# bash completion for mqtx. Generated from the command tree by `npm run gen`: do not edit.'

/** A bash variable-name-safe key for a command path. */
function key(spec: CommandSpec): string {
  return spec.path.join('_').replace(/[^A-Za-z0-9_]/g, '_')
}

/** Single-quote for bash. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function valueCases(spec: CommandSpec): string[] {
  const lines: string[] = []
  for (const o of spec.options) {
    if (o.kind === 'none') continue
    const pattern = optionWords(o).map((w) => `${key(spec)}:${w}`).join('|')
    const action =
      o.kind === 'file'
        ? '_mqtx_files -f'
        : o.kind === 'dir'
          ? '_mqtx_files -d'
          : o.kind === 'choices'
            ? `COMPREPLY=($(compgen -W ${q(o.choices.join(' '))} -- "$cur"))`
            : 'COMPREPLY=()'
    lines.push(`    ${pattern}) ${action}; return 0 ;;`)
  }
  return lines
}

export function bashCompletion(root: CommandSpec): string {
  const commands = allCommands(root)
  const vars: string[] = []
  for (const c of commands) {
    const words = c.options.flatMap(optionWords)
    const valued = c.options.filter((o) => o.kind !== 'none').flatMap(optionWords)
    vars.push(`_mqtx_cmds_${key(c)}=${q(c.commands.map((s) => s.name).join(' '))}`)
    vars.push(`_mqtx_opts_${key(c)}=${q(words.join(' '))}`)
    vars.push(`_mqtx_valued_${key(c)}=${q(` ${valued.join(' ')} `)}`)
    const choices = c.args[0]?.choices ?? []
    vars.push(`_mqtx_args_${key(c)}=${q(choices.join(' '))}`)
    if (c.args.some((a) => a.kind === 'file')) vars.push(`_mqtx_argfiles_${key(c)}=1`)
  }
  return `${HEADER}
# Install: source it from ~/.bashrc, or copy it to ~/.local/share/bash-completion/completions/mqtx
${vars.join('\n')}

_mqtx_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\\n'
  COMPREPLY=($(compgen "$1" -- "$cur"))
}

_mqtx() {
  local cur prev key i w v
  COMPREPLY=()
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$prev" = "=" ] && [ "$COMP_CWORD" -gt 1 ]; then prev="\${COMP_WORDS[COMP_CWORD-2]}"; fi
  [ "$cur" = "=" ] && cur=""
  key=mqtx
  # Walk the words before the cursor: descend into subcommands, skip the values of flags that take one.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    v="_mqtx_valued_$key"
    case "$w" in
      -*) case "\${!v}" in *" $w "*) i=$((i + 1)) ;; esac ;;
      *)
        v="_mqtx_cmds_$key"
        case " \${!v} " in *" $w "*) key="\${key}_$w" ;; esac
        ;;
    esac
  done
  case "$key:$prev" in
${commands.flatMap(valueCases).join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    v="_mqtx_opts_$key"
    COMPREPLY=($(compgen -W "\${!v}" -- "$cur"))
    return 0
  fi
  v="_mqtx_argfiles_$key"
  if [ -n "\${!v:-}" ]; then _mqtx_files -f; return 0; fi
  v="_mqtx_cmds_$key"
  w="_mqtx_args_$key"
  COMPREPLY=($(compgen -W "\${!v} \${!w}" -- "$cur"))
  return 0
}

complete -F _mqtx mqtx
`
}
