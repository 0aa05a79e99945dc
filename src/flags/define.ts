/**
 * One home per flag. A flag is declared once, in a table next to the feature that reads it: its
 * flags string, help, parser, choices, environment variable, value kind (file/dir, for completion
 * and config-path expansion) and class (password/TLS/endpoint, for the config layers). Everything
 * else is derived from the tables: the commander options (`addFlags`), the command's option type
 * (`OptionsOf`), the MQTX_* environment table, completion value kinds and the config key classes.
 *
 * A table key is the commander attribute name of its flag (`--will-qos` -> `willQos`); `addFlags`
 * refuses a table whose key does not match, so renaming a flag renames its key, and every consumer
 * of the old key stops compiling.
 */
import { Option, type Command } from 'commander'

/** What a flag's value is, for completion: nothing, a file, a directory, one of a set, or free text. */
export type ValueKind = 'none' | 'file' | 'dir' | 'choices' | 'free'

/** Which config rules apply: password sources hide each other, TLS and endpoint keys yield to --unix/-L. */
export type FlagClass = 'password' | 'tls' | 'endpoint'

export interface EnvDecl {
  readonly name: string
  readonly description: string
  /** false: listed (README, man page) but read by the code that resolves the flag, not filled in. */
  readonly fills?: boolean
}

export interface FlagDecl {
  /** commander's flags string: '-h, --host <host>', '--insecure', '--no-eol'. */
  readonly flags: string
  readonly help: string
  /** The help group heading, e.g. 'TLS options:' (none: commander's "Options:"). */
  readonly group?: string
  readonly parse?: (value: string, previous: never) => unknown
  readonly choices?: readonly string[]
  /** commander's default value (shown in --help); the option is then always set. */
  readonly default?: string | number | boolean
  /** Only where the value name does not say it (`<file>`, `<dir>`, `*-file` do). */
  readonly kind?: 'file' | 'dir' | 'free'
  readonly env?: EnvDecl
  readonly class?: FlagClass
}

export type FlagTable = Readonly<Record<string, FlagDecl>>

/** The value commander hands the action for one declaration. */
export type ValueOf<D> = D extends { parse: (value: string, previous: never) => infer R }
  ? R
  : D extends { choices: ReadonlyArray<infer C> }
    ? C
    : D extends { flags: `${string}<${string}` | `${string}[${string}` }
      ? string
      : boolean

type Defaulted<T extends FlagTable> = { [K in keyof T]: T[K] extends { default: unknown } ? K : never }[keyof T]

/** The options object of a command, derived from its flag tables (a flag with a default is always set). */
export type OptionsOf<T extends FlagTable> = Flat<{ -readonly [K in Exclude<keyof T, Defaulted<T>>]?: ValueOf<T[K]> } & { -readonly [K in Defaulted<T>]: ValueOf<T[K]> }>
type Flat<T> = { [K in keyof T]: T[K] }

/** A parser that only accepts a known set of words (QoS, -V …) lists it here, for completion. */
export function withValues<F extends (value: string, previous: never) => unknown>(values: readonly string[], parse: F): F & { values: readonly string[] } {
  return Object.assign(parse, { values })
}

const declared = new WeakMap<Option, FlagDecl>()
/** Every declared flag by its long name, so a bare commander Option of the same flag finds its kind. */
const byLong = new Map<string, FlagDecl>()

function longOf(flags: string): string | undefined {
  return /--[\w-]+/.exec(flags)?.[0]
}

/** Register a table (module level, where it is declared). */
export function defineFlags<const T extends FlagTable>(table: T): T {
  for (const decl of Object.values(table)) {
    const long = longOf(decl.flags)
    if (long !== undefined && !byLong.has(long)) byLong.set(long, decl)
  }
  return table
}

/** Declare a table's flags on a command, in table order. */
export function addFlags(cmd: Command, table: FlagTable): Command {
  for (const [key, decl] of Object.entries(table)) {
    const option = new Option(decl.flags, decl.help)
    if (decl.group !== undefined) option.helpGroup(decl.group)
    if (decl.default !== undefined) option.default(decl.default)
    if (decl.parse !== undefined) option.argParser(decl.parse as (value: string, previous: unknown) => unknown)
    if (decl.choices !== undefined) option.choices([...decl.choices])
    if (option.attributeName() !== key) throw new Error(`flag table key '${key}' does not match ${decl.flags} (attribute '${option.attributeName()}')`)
    declared.set(option, decl)
    cmd.addOption(option)
  }
  return cmd
}

export function declarationOf(option: Option): FlagDecl | undefined {
  return declared.get(option) ?? (option.long === undefined ? undefined : byLong.get(option.long))
}

/** The words a flag's value can be: `.choices()` or its parser's `values`. */
export function knownValues(option: Option): readonly string[] {
  if (option.argChoices !== undefined && option.argChoices.length > 0) return option.argChoices
  const parse = option.parseArg ?? declarationOf(option)?.parse
  return (parse as { values?: readonly string[] } | undefined)?.values ?? []
}

/** `<file>` -> 'file'. */
export function valueNameOf(flags: string): string | undefined {
  return /[<[]([^>\]]+)[>\]]/.exec(flags)?.[1]?.replace(/\.\.\.$/, '')
}

/** How a flag's value completes; also tells the config loader which settings are paths. */
export function valueKind(option: Option): ValueKind {
  if (!option.required && !option.optional) return 'none'
  if (knownValues(option).length > 0) return 'choices'
  const kind = declarationOf(option)?.kind
  if (kind !== undefined) return kind
  const name = (valueNameOf(option.flags) ?? '').toLowerCase()
  if (name === 'dir' || name === 'directory' || name.endsWith('-dir')) return 'dir'
  if (name === 'file' || name === 'path' || name.endsWith('-file') || name.endsWith('file')) return 'file'
  return 'free'
}

/** Attribute names of a table's flags of one class. */
export function keysOfClass(table: FlagTable, cls: FlagClass): string[] {
  return Object.entries(table).filter(([, d]) => d.class === cls).map(([key]) => key)
}
