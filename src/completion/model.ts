/**
 * The command tree as data: walks the live commander tree (src/program.ts buildProgram()) into a
 * plain spec that the bash, zsh and fish renderers and the man-page generator share, so none of
 * them can drift from the real flags.
 */
import type { Argument, Command, Option } from 'commander'
import { knownValues, valueKind, valueNameOf, type ValueKind } from '../flags/define.js'

export interface OptionSpec {
  short?: string
  long?: string
  /** `<file>` -> 'file'. */
  valueName?: string
  description: string
  kind: ValueKind
  choices: string[]
  repeatable: boolean
  /** commander's help group heading, e.g. 'TLS options:'. */
  group?: string
}

export interface ArgSpec {
  name: string
  description: string
  required: boolean
  variadic: boolean
  choices: string[]
  /** 'file' when the argument names files (`[file...]`, `<files...>`): completed with file names. */
  kind: 'file' | 'choices' | 'free'
}

export interface CommandSpec {
  name: string
  /** ['mqtx', 'bench', 'pub'] */
  path: string[]
  description: string
  usage: string
  options: OptionSpec[]
  args: ArgSpec[]
  commands: CommandSpec[]
}

function optionSpec(option: Option): OptionSpec {
  const kind = valueKind(option)
  const spec: OptionSpec = {
    description: option.description,
    kind,
    choices: kind === 'choices' ? [...knownValues(option)] : [],
    repeatable: option.variadic || /\brepeatable\b/i.test(option.description),
  }
  if (option.short !== undefined) spec.short = option.short
  if (option.long !== undefined) spec.long = option.long
  const valueName = valueNameOf(option.flags)
  if (valueName !== undefined) spec.valueName = valueName
  if (option.helpGroupHeading !== undefined) spec.group = option.helpGroupHeading
  return spec
}

function argSpec(arg: Argument): ArgSpec {
  const choices = [...(arg.argChoices ?? [])]
  return {
    name: arg.name(),
    description: arg.description,
    required: arg.required,
    variadic: arg.variadic,
    choices,
    kind: choices.length > 0 ? 'choices' : /^files?$/.test(arg.name()) ? 'file' : 'free',
  }
}

function isHidden(cmd: Command): boolean {
  return (cmd as unknown as { _hidden?: boolean })._hidden === true
}

const HELP: OptionSpec = { long: '--help', description: 'display help', kind: 'none', choices: [], repeatable: false }

export function commandSpec(cmd: Command, parentPath: string[] = []): CommandSpec {
  const path = [...parentPath, cmd.name()]
  return {
    name: cmd.name(),
    path,
    description: cmd.description(),
    usage: cmd.usage(),
    options: [...cmd.options.filter((o) => !o.hidden).map(optionSpec), HELP],
    args: cmd.registeredArguments.map(argSpec),
    commands: cmd.commands.filter((c) => !isHidden(c)).map((c) => commandSpec(c, path)),
  }
}

/** A description short enough for a completion menu: its first line, at most ~70 characters. */
export function brief(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim()
  if (line.length <= 72) return line
  const cut = line.lastIndexOf(' ', 70)
  return `${line.slice(0, cut > 30 ? cut : 70).replace(/[\s,;:(]+$/, '')}…`
}

/** Every command in the tree, depth first, the root first. */
export function allCommands(spec: CommandSpec): CommandSpec[] {
  return [spec, ...spec.commands.flatMap(allCommands)]
}

/** The words an option answers to: ['-t', '--topic']. */
export function optionWords(o: OptionSpec): string[] {
  return [o.short, o.long].filter((w): w is string => w !== undefined)
}
