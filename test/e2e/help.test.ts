/** Every command's --help ends with examples of that command and the exit-status table; --version. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT_CODES_HELP } from '../../src/commands/help.js'
import { allCommands, commandSpec } from '../../src/completion/model.js'
import { buildProgram } from '../../src/program.js'
import { mqtx, ROOT } from '../helpers/run.js'

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
      expect(r.stdout.trimEnd().endsWith(EXIT_CODES_HELP), `${title} --help does not end with the exit-status table`).toBe(true)
    })
  }
})

describe('--version', () => {
  it('prints the versions of mqtx, MQTT.js and Node on stdout', async () => {
    const r = await mqtx(['--version'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`mqtx ${version('package.json')} (MQTT.js ${version('node_modules/mqtt/package.json')}, Node ${process.version})\n`)
  })
})

describe('help as the error: one line, not the whole help', () => {
  it.each([
    [['help', 'foo'], "mqtx: unknown command 'foo' (commands: pub, bench, sub, rr, certgen, completion, broker, check).\nhint: run 'mqtx --help' for an overview\n"],
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
