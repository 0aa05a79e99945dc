/**
 * man/mqtx.1 from the live command tree plus the prose in prose.ts, so no flag can be missing from
 * the page or linger in it after it is gone. scripts/gen-man.mjs writes it; a test compares.
 */
import { Command } from 'commander'
import { commandExamples, EXIT_CODES_HELP } from '../commands/help.js'
import { ENV_SETTINGS } from '../config/env.js'
import { allCommands, commandSpec, optionWords, type CommandSpec, type OptionSpec } from '../completion/model.js'
import { addConnectionOptions } from '../mqtt/options.js'
import { PROBES, PROBE_HELP } from '../check/probes.js'
import { FORMAT_CODES } from '../output/format.js'
import { STRFTIME_CODES } from '../output/strftime.js'
import { esc, flag, paragraphs, tagged, verbatim } from './roff.js'
import * as prose from './prose.js'

/** Long flags declared by addConnectionOptions (documented once, in CONNECTION OPTIONS). */
export function connectionLongs(): Set<string> {
  return new Set(addConnectionOptions(new Command('x')).options.map((o) => o.long ?? ''))
}

/** Does the command take the shared connection options? */
export function usesConnectionOptions(spec: CommandSpec): boolean {
  return spec.options.some((o) => o.long === '--profile')
}

function optionTag(o: OptionSpec): string {
  const words = optionWords(o).map((w) => `\\fB${flag(w)}\\fR`).join(', ')
  return o.valueName === undefined ? words : `${words} \\fI${esc(o.valueName)}\\fR`
}

function optionEntry(o: OptionSpec): string[] {
  const choices = o.kind === 'choices' && !o.choices.every((c) => o.description.includes(c)) ? ` One of: ${o.choices.join(', ')}.` : ''
  return tagged(optionTag(o), `${o.description}${choices}`)
}

function commandSection(spec: CommandSpec, shared: Set<string>): string[] {
  const title = spec.path.join(' ')
  const args = spec.args.map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ')
  const out = ['.SS "' + esc(`${title} [options]${args === '' ? '' : ` ${args}`}`) + '"', ...paragraphs(spec.description || title)]
  if (spec.commands.length > 0) {
    out.push('.PP', esc(`Commands: ${spec.commands.map((c) => `${title} ${c.name}`).join(', ')}.`))
  }
  const connection = usesConnectionOptions(spec)
  for (const o of spec.options) {
    if (connection && shared.has(o.long ?? '')) continue
    out.push(...optionEntry(o))
  }
  if (connection) out.push('.PP', 'Also takes the connection options (see \\fBCONNECTION OPTIONS\\fR).')
  return out
}

function connectionSection(): string[] {
  const spec = commandSpec(addConnectionOptions(new Command('x')))
  const out = ['.SH "CONNECTION OPTIONS"', ...paragraphs('The same flags as mosquitto\'s clients, declared once and taken by every command that talks to a broker.')]
  let group: string | undefined
  for (const o of spec.options) {
    if (o.long === '--help') continue
    if (o.group !== group) {
      group = o.group
      out.push('.SS "' + esc((group ?? 'Other options:').replace(/:$/, '')) + '"')
    }
    out.push(...optionEntry(o))
  }
  return out
}

/** EXIT_CODES_HELP ("  0    success" + continuation lines) as .TP entries. */
function exitStatus(): string[] {
  const out = ['.SH "EXIT STATUS"']
  const entries: Array<[string, string]> = []
  for (const line of EXIT_CODES_HELP.split('\n').slice(1)) {
    const m = /^ {2}(\S+)\s+(.*)$/.exec(line)
    const last = entries[entries.length - 1]
    if (m !== null) entries.push([m[1] as string, m[2] as string])
    else if (last !== undefined) last[1] += ` ${line.trim()}`
  }
  for (const [code, text] of entries) out.push(...tagged(`\\fB${code}\\fR`, text))
  return out
}

/** -F codes, @ time letters and escapes: the page mosquitto_sub(1) has. */
function outputFormat(): string[] {
  const out = ['.SH "OUTPUT FORMAT"', ...paragraphs(prose.FORMAT_INTRO), '.SS "Conversions"']
  for (const code of FORMAT_CODES) out.push(...tagged(`\\fB%${esc(code)}\\fR`, prose.FORMAT_CODE_HELP[code] ?? ''))
  out.push('.SS "Time (@)"', ...paragraphs(prose.TIME_INTRO))
  for (const code of ['N', ...STRFTIME_CODES]) out.push(...tagged(`\\fB@${esc(code)}\\fR`, code === 'N' ? 'nanoseconds within the second, 000000000-999999999' : (prose.TIME_CODE_HELP[code] ?? '')))
  out.push(...tagged('\\fB@@\\fR', 'a literal @'))
  out.push('.SS "Escapes"')
  for (const [e, text] of prose.FORMAT_ESCAPES) out.push(...tagged(`\\fB${esc(e)}\\fR`, text))
  return out
}

function checkProbes(): string[] {
  const out = ['.SH "CHECK PROBES"', ...paragraphs(prose.PROBES_INTRO)]
  for (const name of PROBES) out.push(...tagged(`\\fB${flag(name)}\\fR`, PROBE_HELP[name]))
  return out
}

function environment(): string[] {
  const out = ['.SH ENVIRONMENT']
  for (const s of ENV_SETTINGS) out.push(...tagged(`\\fB${s.name}\\fR`, s.flag === '' ? `${s.description}.` : `${s.description} (as ${s.flag}).`))
  for (const [name, text] of prose.ENVIRONMENT_EXTRA) out.push(...tagged(`\\fB${name}\\fR`, text))
  return out
}

function examples(root: Command): string[] {
  const out = ['.SH EXAMPLES']
  for (const [cmd, text] of prose.ROOT_EXAMPLES) out.push('.PP', ...paragraphs(text), ...verbatim([`$ ${cmd}`]))
  const walk = (cmd: Command): void => {
    const list = commandExamples(cmd)
    if (list.length > 0) {
      out.push('.SS "' + esc(commandSpec(cmd).name === 'mqtx' ? 'mqtx' : pathOf(cmd)) + '"', ...verbatim(list.map((e) => `$ ${e}`)))
    }
    for (const c of cmd.commands) walk(c)
  }
  for (const c of root.commands) walk(c)
  return out
}

function pathOf(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

export function manPage(root: Command, version: string): string {
  const spec = commandSpec(root)
  const shared = connectionLongs()
  const lines = [
    '.\\" Generated from the command tree by `npm run gen` (scripts/gen-man.mjs): do not edit.',
    `.TH MQTX 1 "" "mqtx ${esc(version)}" "User Commands"`,
    '.SH NAME',
    `mqtx \\- ${esc(prose.NAME)}`,
    '.SH SYNOPSIS',
    '.B mqtx',
    '.I command',
    '.RI [ options ]',
    '.br',
    '.B mqtx \\-\\-version',
    '.br',
    '.B mqtx \\-\\-help',
    '.SH DESCRIPTION',
    ...paragraphs(prose.DESCRIPTION),
    '.PP',
    esc(`Commands: ${spec.commands.map((c) => c.name).join(', ')}.`),
    '.SH OPTIONS',
    ...spec.options.flatMap(optionEntry),
    '.SH COMMANDS',
    ...allCommands(spec).slice(1).flatMap((c) => commandSection(c, shared)),
    ...connectionSection(),
    ...outputFormat(),
    ...checkProbes(),
    '.SH CONFIGURATION',
    ...paragraphs(prose.CONFIGURATION),
    ...verbatim(prose.CONFIG_EXAMPLE),
    ...exitStatus(),
    ...environment(),
    '.SH FILES',
    ...prose.FILES.flatMap(([f, text]) => tagged(`\\fI${esc(f)}\\fR`, text)),
    ...examples(root),
    '.SH "SEE ALSO"',
    esc(prose.SEE_ALSO),
    '',
  ]
  return lines.join('\n')
}
