/** Every command's --help ends with examples of that command and the exit-status table; --version. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { EXIT_CODES_HELP } from '../../src/commands/help.js'
import { allCommands, commandSpec } from '../../src/completion/model.js'
import { buildProgram } from '../../src/program.js'
import { readmeSection } from '../helpers/readme.js'
import { mqtx, ROOT, RUNTIME_LABEL } from '../helpers/run.js'

const version = (file: string) => (JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { version: string }).version

describe('--help shows examples', () => {
  for (const cmd of allCommands(commandSpec(buildProgram()))) {
    const words = cmd.path.slice(1)
    const title = cmd.path.join(' ')
    it(`${title} --help`, async () => {
      const r = await mqtx([...words, '--help'])
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
      expect(r.stdout).toMatch(/^Usage: mqtx/)
      const at = r.stdout.lastIndexOf('\nExamples:\n')
      expect(at, `${title} --help has no "Examples:" section (use addExamples in src/commands/help.ts)`).toBeGreaterThan(0)
      const examples = r.stdout.slice(at).split('\n\nExit status:')[0]?.split('\n').slice(2) ?? []
      expect(examples.length).toBeGreaterThan(0)
      for (const line of examples) expect(line).toMatch(/^ {2}\$ /)
      const top = cmd.path.slice(0, 2).join(' ')
      if (words.length > 0) expect(examples.some((l) => l.includes(`${top} `) || l.endsWith(top)), `no example of '${top}' in ${title} --help`).toBe(true)
      const table = r.stdout.split('\nExit status:\n')[1] ?? ''
      expect(table, `${title} --help does not end with the exit-status table`).toMatch(/^ {2}0 {4}/)
      const codes = table.split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter((c) => c !== undefined)
      expect(codes, `${title}: the exit codes it can produce`).toEqual(EXPECTED_EXITS[words.join(' ')] ?? EXPECTED_EXITS[words[0] ?? 'mqtx'])
    })
  }

  it("respond's examples are README's (the --help one of a command reply lacked jq -j: its reply ended in a newline)", async () => {
    const r = await mqtx(['respond', '--help'])
    const examples = (r.stdout.split('\nExamples:\n')[1] ?? '').split('\n\n')[0]?.split('\n').map((l) => l.replace(/^ {2}\$ /, '')) ?? []
    expect(examples.length).toBeGreaterThan(0)
    const section = readmeSection('mqtx respond')
    for (const example of examples) expect(section, example).toContain(example)
  })

  it('mqtx --help has the whole table', async () => {
    const r = await mqtx(['--help'])
    expect(r.stdout.trimEnd().endsWith(EXIT_CODES_HELP)).toBe(true)
  })
})

/** Only what each command can produce: nothing that never connects lists CONNACK codes (N) or -W's 27. */
const EXPECTED_EXITS: Record<string, string[]> = {
  mqtx: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  pub: ['0', '1', '2', 'N', '129', '130', '143'],
  sub: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  rr: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  record: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  replay: ['0', '1', '2', 'N', '129', '130', '143'],
  respond: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  bridge: ['0', '1', '2', 'N', '129', '130', '143'],
  bench: ['0', '1', '2', 'N', '129', '130', '143'],
  simulate: ['0', '1', '2', 'N', '27', '129', '130', '143'],
  'bench merge': ['0', '1', '2'],
  certgen: ['0', '1', '2', '130'],
  'certgen inspect': ['0', '1', '2'],
  'certgen config': ['0', '1', '2'],
  completion: ['0', '2'],
  broker: ['0', '1', '2'],
  check: ['0', '1', '2', '129', '130', '143'],
  watch: ['0', '1', '2', 'N', '129', '130', '143'],
}

describe('--version', () => {
  it('prints the versions of mqtx, MQTT.js and the runtime on stdout', async () => {
    const r = await mqtx(['--version'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`mqtx ${version('package.json')} (MQTT.js ${version('node_modules/mqtt/package.json')}, ${RUNTIME_LABEL})\n`)
    // alone it skips the command tree (start-up time); with another flag commander answers: the same line
    expect(await mqtx(['--version', '--debug'])).toMatchObject({ code: 0, stdout: r.stdout, stderr: '' })
  })
})

describe('help as the error: one line, not the whole help', () => {
  it.each([
    [['help', 'foo'], "mqtx: unknown command 'foo' (commands: pub, sub, rr, respond, record, replay, bench, simulate, certgen, broker, check, bridge, watch, completion).\nhint: run 'mqtx --help' for an overview\n"],
    [['bench'], "mqtx: 'mqtx bench' needs a command: pubsub, pub, sub, conn or merge.\nhint: run 'mqtx bench --help' for the options, or 'mqtx bench <command> --help'\n"],
  ])('mqtx %j', async (args, stderr) => {
    const r = await mqtx(args)
    expect(r).toMatchObject({ code: 2, stdout: '', stderr })
  })

  it('mqtx help pub asks for help: it is shown on stdout, exit 0', async () => {
    const r = await mqtx(['help', 'pub'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: mqtx pub/)
  })
})

describe('one meaning per flag', () => {
  it('a short flag stands for the same long option in every command', () => {
    const longs = new Map<string, Set<string>>()
    const walk = (cmd: Command, path: string) => {
      for (const o of cmd.options) {
        if (o.short === undefined) continue
        const set = longs.get(o.short) ?? new Set<string>()
        set.add(o.long ?? o.short)
        longs.set(o.short, set)
      }
      for (const c of cmd.commands) walk(c, `${path} ${c.name()}`)
    }
    walk(buildProgram(), 'mqtx')
    const ambiguous = [...longs].filter(([, set]) => set.size > 1).map(([s, set]) => `${s}: ${[...set].join(', ')}`)
    // the one exception: record's -o is its output file (issue 17: `mqtx record -t … -o FILE`, as
    // curl/sort -o); the options file is --options-file there (addConnectionOptions' longOnly)
    expect(ambiguous).toEqual(['-o: --options-file, --output'])
  })

  it('--timeout is -W (exit 27) wherever it exists', () => {
    const where: string[] = []
    const walk = (cmd: Command, path: string) => {
      const o = cmd.options.find((x) => x.long === '--timeout')
      if (o !== undefined) where.push(`${path} ${o.short ?? ''}`)
      for (const c of cmd.commands) walk(c, `${path} ${c.name()}`)
    }
    walk(buildProgram(), 'mqtx')
    expect(where.sort()).toEqual(['mqtx record -W', 'mqtx respond -W', 'mqtx rr -W', 'mqtx simulate -W', 'mqtx sub -W'])
  })
})
