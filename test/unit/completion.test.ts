/** The completion scripts work: run in their shells, they complete commands, flags, values and files. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command, Option } from 'commander'
import { describe, expect, it } from 'vitest'
import { completionScript } from '../../src/completion/generate.js'
import { brief } from '../../src/completion/model.js'
import { valueKind } from '../../src/flags/define.js'
import { buildProgram } from '../../src/program.js'

const dir = mkdtempSync(join(tmpdir(), 'mqtx-compl-'))
writeFileSync(join(dir, 'ca.pem'), '')
writeFileSync(join(dir, 'cb.txt'), '')
const program = buildProgram()

describe('valueKind', () => {
  const cases: Array<[string, string]> = [
    ['--cafile <file>', 'file'],
    ['--capath <dir>', 'dir'],
    ['--unix <path>', 'file'],
    ['--ws-path <path>', 'free'],
    ['-q, --qos <qos>', 'choices'],
    ['-V, --protocol-version <version>', 'choices'],
    ['--out <dir>', 'dir'],
    ['--users <users-file>', 'file'],
    ['-t, --topic <topic>', 'free'],
    ['-r, --retain', 'none'],
  ]
  for (const [flags, kind] of cases) it(`${flags} -> ${kind}`, () => expect(valueKind(new Option(flags))).toBe(kind))
  it('.choices() -> choices', () => expect(valueKind(new Option('--x <v>').choices(['a', 'b']))).toBe('choices'))
  it('brief() keeps short text and cuts long text at a word', () => {
    expect(brief('short')).toBe('short')
    expect(brief(`${'word '.repeat(30)}\nsecond line`)).toMatch(/^(word ){13}word…$/)
  })
})

describe('bash completion', () => {
  const script = join(dir, 'mqtx.bash')
  writeFileSync(script, completionScript('bash', program))
  function complete(...words: string[]): string[] {
    const line = `source ${JSON.stringify(script)}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _mqtx; printf '%s\\n' "\${COMPREPLY[@]}"`
    const r = spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    return r.stdout.split('\n').filter((l) => l !== '')
  }
  it('commands', () => {
    const names = program.commands.map((c) => c.name())
    expect(complete('mqtx', '').sort()).toEqual(names.sort())
    expect(complete('mqtx', 'p')).toEqual(names.filter((n) => n.startsWith('p')))
  })
  it('flags of the command being typed', () => {
    expect(complete('mqtx', 'pub', '--caf')).toEqual(['--cafile'])
    expect(complete('mqtx', 'pub', '-t', 'x', '--retain-h')).toEqual([])
  })
  it('value sets', () => {
    expect(complete('mqtx', 'pub', '-q', '')).toEqual(['0', '1', '2'])
    expect(complete('mqtx', 'pub', '-V', 'mqttv3')).toEqual(['mqttv311', 'mqttv31'])
    expect(complete('mqtx', 'pub', '--tls-version', '')).toEqual(['tlsv1.3', 'tlsv1.2', 'tlsv1.1'])
    expect(complete('mqtx', 'pub', '--qos', '=', '')).toEqual(['0', '1', '2'])
    expect(complete('mqtx', 'completion', '')).toEqual(['bash', 'zsh', 'fish'])
  })
  it('file names for file flags, nothing for free text', () => {
    expect(complete('mqtx', 'pub', '--cafile', 'c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx', 'pub', '-t', '')).toEqual([])
  })
  it('skips flag values while finding the command', () => {
    expect(complete('mqtx', 'pub', '-t', 'sub', '-q', '')).toEqual(['0', '1', '2'])
  })
  it('file names for the commands whose arguments are files, nothing for other arguments', () => {
    expect(complete('mqtx', 'replay', 'c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx', 'replay', '--speed', 'max', 'ca.pem', 'c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx', 'certgen', 'inspect', 'c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx', 'bench', 'merge', 'c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx', 'replay', '--sp')).toEqual(['--speed'])
    expect(complete('mqtx', 'certgen', 'server', 'c')).toEqual([])
  })
})

const hasFish = spawnSync('fish', ['-c', 'true'], { stdio: 'ignore' }).status === 0
describe.skipIf(!hasFish)('fish completion', () => {
  const script = join(dir, 'mqtx.fish')
  writeFileSync(script, completionScript('fish', program))
  function complete(line: string): string[] {
    const r = spawnSync('fish', ['-c', `source ${script}; complete -C ${JSON.stringify(line)}`], { cwd: dir, encoding: 'utf8' })
    expect(r.stderr).toBe('')
    return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0] as string)
  }
  it('commands, flags, values and files', () => {
    expect(complete('mqtx ').sort()).toEqual(program.commands.map((c) => c.name()).sort())
    expect(complete('mqtx pub --caf')).toEqual(['--cafile'])
    expect(complete('mqtx pub -q ')).toEqual(['0', '1', '2'])
    expect(complete('mqtx pub --cafile c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx replay c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx certgen inspect c').sort()).toEqual(['ca.pem', 'cb.txt'])
    expect(complete('mqtx certgen server c')).toEqual([])
  })
})
if (!hasFish) process.stderr.write('*** fish not installed: fish completion behaviour tests SKIPPED ***\n')

describe('every command of a nested tree is reachable', () => {
  it('bash walks into subcommands', () => {
    const root = new Command('mqtx')
    const outer = root.command('outer').description('o')
    outer.command('inner').description('i').addOption(new Option('--level <n>').choices(['x', 'y']))
    const script = join(dir, 'nested.bash')
    writeFileSync(script, completionScript('bash', root))
    const r = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(mqtx outer inner --level ''); COMP_CWORD=4; _mqtx; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' })
    expect(r.stdout).toBe('x y\n')
  })
})
