/** zsh completion function (#compdef), rendered from the command-tree spec (never edited by hand). */
import { brief, optionWords, type CommandSpec, type OptionSpec } from './model.js'

/** Single-quote for zsh. */
function q(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

/** Text inside _arguments' [description] and :message: parts. */
function plain(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1').replace(/\s+/g, ' ')
}

function fn(spec: CommandSpec): string {
  return `_${spec.path.join('_').replace(/[^A-Za-z0-9_]/g, '_')}`
}

function action(o: OptionSpec): string {
  const what = plain(o.valueName ?? 'value')
  switch (o.kind) {
    case 'none':
      return ''
    case 'file':
      return `:${what}:_files`
    case 'dir':
      return `:${what}:_files -/`
    case 'choices':
      return `:${what}:(${o.choices.map((c) => c.replace(/([\\ ()])/g, '\\$1')).join(' ')})`
    default:
      return `:${what}: `
  }
}

function optionSpecs(spec: CommandSpec): string[] {
  return spec.options.map((o) => {
    const words = optionWords(o)
    const desc = `[${plain(brief(o.description))}]${action(o)}`
    if (o.repeatable) return words.map((w) => q(`*${w}${desc}`)).join(' ')
    if (words.length === 1) return q(`${words[0]}${desc}`)
    return `${q(`(${words.join(' ')})`)}{${words.join(',')}}${q(desc)}`
  })
}

function argSpecs(spec: CommandSpec): string[] {
  return spec.args.map((a, i) => {
    const what = plain(a.name)
    const act = a.choices.length > 0 ? `(${a.choices.join(' ')})` : '_files'
    return q(`${a.variadic ? '*' : String(i + 1)}:${what}:${act}`)
  })
}

function render(spec: CommandSpec, out: string[]): void {
  const lines: string[] = [`${fn(spec)}() {`]
  if (spec.commands.length === 0) {
    lines.push(`  _arguments -s -S \\`, ...[...optionSpecs(spec), ...argSpecs(spec)].map((s) => `    ${s} \\`), `    && return 0`)
  } else {
    lines.push(
      '  local curcontext="$curcontext" state line ret=1',
      '  typeset -A opt_args',
      '  _arguments -C -s -S \\',
      ...optionSpecs(spec).map((s) => `    ${s} \\`),
      `    '1: :->command' \\`,
      `    '*:: :->args' && ret=0`,
      '  case $state in',
      '    command)',
      '      local -a commands',
      '      commands=(',
      ...spec.commands.map((c) => `        ${q(`${c.name.replace(/:/g, '\\:')}:${brief(c.description)}`)}`),
      '      )',
      `      _describe -t commands ${q(`${spec.path.join(' ')} command`)} commands && ret=0`,
      '      ;;',
      '    args)',
      '      case $line[1] in',
      ...spec.commands.map((c) => `        ${c.name}) ${fn(c)} && ret=0 ;;`),
      '      esac',
      '      ;;',
      '  esac',
      '  return ret',
    )
  }
  lines.push('}')
  out.push(lines.join('\n'))
  for (const c of spec.commands) render(c, out)
}

export function zshCompletion(root: CommandSpec): string {
  const out: string[] = []
  render(root, out)
  return `#compdef mqtx
# zsh completion for mqtx. Generated from the command tree by \`npm run gen\`: do not edit.
# Install: copy it as _mqtx into a directory on $fpath (e.g. ~/.zfunc, with fpath+=(~/.zfunc) before compinit).

${out.join('\n\n')}

if [ "$funcstack[1]" = "_mqtx" ]; then
  _mqtx "$@"
else
  compdef _mqtx mqtx
fi
`
}
