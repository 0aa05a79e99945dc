/**
 * The man page documents exactly the options of the command tree: every option of every command is
 * in it, and it lists none that no longer exist. Read from the committed page, independently of the
 * generator (only the roff conventions are shared: `.SS "mqtx CMD …"` sections, `.TP` tag lines).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { allCommands, commandSpec } from '../../src/completion/model.js'
import { connectionLongs, usesConnectionOptions } from '../../src/man/render.js'
import { buildProgram } from '../../src/program.js'
import { ROOT } from '../helpers/run.js'
import { README } from '../helpers/readme.js'
import { PROBES } from '../../src/check/probes.js'
import { FORMAT_CODES } from '../../src/output/format.js'
import { STRFTIME_CODES } from '../../src/output/strftime.js'
import { FORMAT_CODE_HELP, TIME_CODE_HELP } from '../../src/man/prose.js'

const FIX = 'run `npm run gen` and commit the result'
const page = readFileSync(join(ROOT, 'man', 'mqtx.1'), 'utf8')

/** Section title -> long flags in its .TP tag lines. */
function manSections(): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>()
  let current = ''
  const lines = page.split('\n')
  lines.forEach((line, i) => {
    const sh = /^\.SH "?([^"]*)"?/.exec(line)
    const ss = /^\.SS "?([^"]*)"?/.exec(line)
    if (sh !== null) current = sh[1] as string
    else if (ss !== null) current = current === 'COMMANDS' || current.startsWith('COMMANDS/') ? `COMMANDS/${(ss[1] as string).replace(/\\-/g, '-').split(' [')[0]}` : current
    else if (line === '.TP') {
      const tag = (lines[i + 1] ?? '').replace(/\\-/g, '-')
      const set = sections.get(current) ?? new Set<string>()
      for (const m of tag.matchAll(/(?:^|[\s,])\\fB(--?[A-Za-z0-9][\w-]*)\\fR/g)) set.add(m[1] as string)
      sections.set(current, set)
    }
  })
  return sections
}

describe('man page option coverage', () => {
  const spec = commandSpec(buildProgram())
  const sections = manSections()
  const shared = connectionLongs()

  it('lists the root options', () => {
    const expected = spec.options.flatMap((o) => [o.short, o.long]).filter(Boolean)
    expect([...(sections.get('OPTIONS') ?? [])].sort(), FIX).toEqual(expected.sort())
  })

  for (const cmd of allCommands(spec).slice(1)) {
    const title = cmd.path.join(' ')
    it(`documents every option of '${title}' and no other`, () => {
      const connection = usesConnectionOptions(cmd)
      const expected = cmd.options
        .filter((o) => !(connection && shared.has(o.long ?? '')))
        .flatMap((o) => [o.short, o.long])
        .filter((w): w is string => w !== undefined)
      const documented = sections.get(`COMMANDS/${title}`)
      expect(documented, `no section for '${title}' in man/mqtx.1: ${FIX}`).toBeDefined()
      expect([...(documented ?? [])].sort(), `options of '${title}' differ from man/mqtx.1: ${FIX}`).toEqual([...new Set(expected)].sort())
    })
  }

  it('documents every connection option and no other', () => {
    const documented = new Set<string>()
    for (const [title, set] of sections) if (title === 'CONNECTION OPTIONS') for (const f of set) documented.add(f)
    const expected = commandSpec(buildProgram()).commands.find(usesConnectionOptions)?.options.filter((o) => shared.has(o.long ?? '')).flatMap((o) => [o.short, o.long]).filter((w): w is string => w !== undefined) ?? []
    expect([...documented].sort(), FIX).toEqual([...new Set(expected)].sort())
  })

  it('has the required sections and the quick-start pair', () => {
    for (const s of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'COMMANDS', '"CONNECTION OPTIONS"', 'CONFIGURATION', '"EXIT STATUS"', 'ENVIRONMENT', 'FILES', 'EXAMPLES']) {
      expect(page).toContain(`\n.SH ${s}\n`)
    }
    expect(page).toContain('$ mqtx sub \\-t home/temperature \\-v')
    expect(page).toContain('$ mqtx pub \\-t home/temperature \\-m 25.5')
    for (const code of ['0', '1', '2', 'N', '27', '130', '143']) expect(page).toContain(`.TP\n\\fB${code}\\fR\n`)
  })

  /** The .TP tags (first words) of a .SH section, roff escapes undone. */
  function tags(section: string): string[] {
    const body = page.split(`\n.SH ${section}\n`)[1]?.split('\n.SH ')[0] ?? ''
    return [...body.matchAll(/^\.TP\n\\fB(.*?)\\fR$/gm)].map((m) => (m[1] as string).replace(/\\-/g, '-').replace(/\\e/g, '\\'))
  }

  it('documents every -F conversion, @ time letter and escape (as mosquitto_sub(1) does)', () => {
    expect(Object.keys(FORMAT_CODE_HELP).sort()).toEqual([...FORMAT_CODES].sort())
    expect(Object.keys(TIME_CODE_HELP).sort()).toEqual([...STRFTIME_CODES].sort())
    const documented = tags('"OUTPUT FORMAT"')
    for (const c of FORMAT_CODES) expect(documented, FIX).toContain(`%${c}`)
    for (const c of ['N', '@', ...STRFTIME_CODES]) expect(documented, FIX).toContain(`@${c}`)
    for (const e of ['\\\\', '\\0', '\\a', '\\e', '\\n', '\\r', '\\t', '\\v']) expect(documented, FIX).toContain(e)
  })

  it("lists check's probes, in order", () => {
    expect(tags('"CHECK PROBES"'), FIX).toEqual([...PROBES])
  })

  it('orders the commands as README does', () => {
    const readme = [...README.matchAll(/^## mqtx (\w+)$/gm)].map((m) => m[1])
    const man = [...page.matchAll(/^\.SS "mqtx (\w+) \[options\]/gm)].map((m) => m[1]).filter((c) => readme.includes(c))
    expect(man.length).toBeGreaterThan(0)
    expect(man, FIX).toEqual(readme)
  })
})
