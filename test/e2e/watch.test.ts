/**
 * mqtx watch in a real pseudo-terminal (tmux, private socket per pane) against a real mosquitto:
 * what the screen shows after known publishes, keys, actions checked by independent clients, and
 * the terminal given back on every way out.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { mqtx, ROOT, run, start } from '../helpers/run.js'
import { hasTmux, startPane, type Pane } from '../helpers/tmux.js'

const FIX = join(ROOT, 'test', 'fixtures', 'codecs')
let broker: Broker
let pane: Pane | undefined
let n = 0
const dirs: string[] = []
/** A fresh working directory for files mqtx writes (removed after the file). */
function workDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mqtx-watch-'))
  dirs.push(d)
  return d
}

beforeAll(async () => {
  broker = await startMosquitto()
})
afterAll(async () => {
  await broker?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
afterEach(() => {
  pane?.kill()
  pane = undefined
})

const P = () => ['-p', String(broker.port)]

async function pub(args: string[], input?: Buffer): Promise<void> {
  const r = await run('mosquitto_pub', [...P(), ...args, ...(input === undefined ? [] : ['-s'])], input === undefined ? {} : { input })
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
}

/** watch on `filter` with its own client id; resolves once subscribed and drawn. */
async function watch(filter: string, o: { columns?: number; rows?: number; extra?: string[]; cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<Pane> {
  const id = `watch-${++n}`
  pane = startPane(['watch', ...P(), '-i', id, '-t', filter, ...(o.extra ?? [])], o)
  await waitForSubscription(broker, id)
  await pane.waitFor('q: quit')
  return pane
}

describe.skipIf(!hasTmux)('mqtx watch', () => {
  it('draws with CI=true in the environment (Ink alone would draw only the last frame: a blank screen)', async () => {
    const p = await watch('tci/#', { env: { CI: 'true' } })
    await pub(['-t', 'tci/a', '-m', 'x'])
    await p.waitFor(/│›▸ tci +1 /)
  })

  it('pause freezes the view, not the tree: what arrives meanwhile is kept and shows on resume (was: dropped)', async () => {
    const p = await watch('tp/#')
    await pub(['-t', 'tp/a', '-m', 'one'])
    await p.waitFor(/│›▸ tp +1 /)
    p.keys(' ')
    await p.waitFor('PAUSED (0 new)')
    await pub(['-t', 'tp/a', '-m', 'two'])
    await pub(['-t', 'tp/a', '-m', 'three'])
    // a key still redraws: the count of what arrived
    p.keys('j')
    await p.waitFor('PAUSED (2 new)')
    p.keys('k', ' ')
    await p.waitFor(/│›▸ tp +3 /)
  })

  it('shows the topic tree with counts, expands, and the detail of JSON and binary payloads', async () => {
    await pub(['-V', '5', '-t', 't1/room/json', '-r', '-m', '{"temp":21.5,"on":true}', '-D', 'publish', 'content-type', 'application/json', '-D', 'publish', 'user-property', 'site', 'lab'])
    await pub(['-t', 't1/bin', '-r'], Buffer.from([0x00, 0xff, 0x10, 0x41]))
    const p = await watch('t1/#')
    await p.waitFor(/│›▸ t1 +2 /)
    for (let i = 0; i < 3; i++) await pub(['-t', 't1/room/live', '-m', `v${i}`])
    // 2 retained + 3 live below t1
    await p.waitFor(/│›▸ t1 +5 /)
    p.keys('l')
    await p.waitFor(/│ {3}▸ room +4 /)
    p.keys('j')
    // t1/bin: a leaf with the retained marker, its size as the preview; hex dump in the detail
    await p.waitFor(/│›    bin ® +\(4 bytes\) +1 /)
    await p.waitFor('(4 bytes, binary)')
    await p.waitFor('0000  00 ff 10 41')
    p.keys('j', 'l', 'j')
    await p.waitFor(/│›      json ® +\{"temp":2/)
    const text = await p.waitFor('"temp": 21.5,')
    expect(text).toContain('"on": true')
    // v5 properties, as in sub's human view
    expect(text).toContain('content-type: application/json')
    expect(text).toContain('user: site=lab')
    expect(text).toMatch(/│\d\d:\d\d:\d\d\.\d{3} \[q0 retained\]/)
    // the status line: broker, protocol, topics
    expect(p.screen()[0]).toMatch(new RegExp(`^mqtx watch mqtt://localhost:${broker.port} · MQTT 5 · connected · \\d+ msg/s · 3 topics · \\d+ MB · sort: name`))
  })

  it('searches with / (incremental), filters with f, sorts with o, shows help with ?', async () => {
    for (const t of ['t2/a/one', 't2/b/deep/needle', 't2/c/two']) await pub(['-t', t, '-r', '-m', 'x'])
    const p = await watch('t2/#')
    await p.waitFor(/│›▸ t2 +3 /)
    p.keys('/')
    p.type('need')
    await p.waitFor(/│›\s+needle ®/)
    p.keys('Enter')
    await p.waitFor(/detail[\s\S]*t2\/b\/deep\/needle/)
    p.keys('f')
    p.type('two')
    p.keys('Enter')
    await p.waitFor("showing topics containing 'two'")
    const filtered = await p.waitFor(/│ +two ®/)
    expect(filtered).not.toContain('needle')
    expect(filtered).not.toContain('one')
    p.keys('o')
    await p.waitFor('sort: rate')
    p.keys('?')
    await p.waitFor('mqtx watch: keys')
    p.keys('x')
    await p.waitFor((t) => !t.includes('mqtx watch: keys'))
  })

  it('decodes Sparkplug in the detail pane and charts a numeric series', async () => {
    await pub(['-t', 'spBv1.0/plant/DDATA/e/d', '-r', '-f', join(FIX, 'ddata.spb')])
    const p = await watch('spBv1.0/#', { extra: ['-t', 't3/#'], columns: 140 })
    await p.waitFor(/│›▸ spBv1\.0 +1 /)
    p.keys('l', 'j', 'l', 'j', 'l', 'j', 'l', 'j')
    await p.waitFor('sparkplug DDATA seq 7')
    await p.waitFor('Pump/RPM #3 = 1450  Int32')
    for (const v of ['10', '30', '20', '50', '40']) await pub(['-t', 't3/level', '-m', v])
    p.keys('G', 'l', 'j')
    await p.waitFor(/│›\s+level +40 /)
    const text = await p.waitFor('chart: payload (5 values')
    // the sparkline and the line chart's axis labels (min and max)
    expect(text).toMatch(/▁▅▃█▇ 40/)
    expect(text).toMatch(/ 50┤/)
    // (the first value's point sits on the axis)
    expect(text).toMatch(/ 10┼╯/)
  })

  it('publishes to the selected topic (seen by mosquitto_sub) and saves a payload to a file', async () => {
    await pub(['-t', 't4/target', '-r', '-m', 'old'])
    const cwd = workDir()
    const p = await watch('t4/#', { cwd })
    await p.waitFor(/│›▸ t4 +1 /)
    p.keys('l', 'j')
    await p.waitFor(/│›\s+target ®/)
    const sub = start('mosquitto_sub', [...P(), '-i', 'w-check', '-t', 't4/target', '-v', '-C', '1', '-R', '-W', '20'])
    await waitForSubscription(broker, 'w-check')
    p.keys('p')
    await p.waitFor('payload: ')
    p.type('hello from watch')
    p.keys('Enter')
    await p.waitFor('QoS 0, 1 or 2?')
    p.keys('1')
    await p.waitFor('retain? y / n')
    p.keys('n')
    await p.waitFor("published 16 bytes to 't4/target' (QoS 1)")
    const r = await sub.done
    expect(r.stdout).toBe('t4/target hello from watch\n')
    p.keys('s')
    await p.waitFor('save the last payload to file: t4_target.bin')
    p.keys('Enter')
    await p.waitFor(`saved 16 bytes of 't4/target' to ${cwd}/t4_target.bin`)
    expect(readFileSync(join(cwd, 't4_target.bin'), 'utf8')).toBe('hello from watch')
  })

  it('clears the retained messages of a subtree after confirmation, writing a backup first that mqtx replay restores', async () => {
    await pub(['-t', 't5/keep', '-r', '-m', 'stays'])
    await pub(['-t', 't5/clr/a', '-r', '-m', 'A'])
    await pub(['-t', 't5/clr/b/c', '-r', '-q', '1', '-m', '{"x":1}'])
    const cwd = workDir()
    const p = await watch('t5/#', { cwd })
    await p.waitFor(/│›▸ t5 +3 /)
    p.keys('l', 'j')
    await p.waitFor(/│› +▸ clr +2 /)
    p.keys('d')
    await p.waitFor("clear 2 retained messages at or below 't5/clr' (backup written first)? y / n")
    p.keys('y')
    await p.waitFor(/cleared 2 retained under 't5\/clr'; undo: mqtx replay mqtx-retained-\d{8}-\d{6}\.ndjson/)
    const files = readdirSync(cwd)
    expect(files).toHaveLength(1)
    const file = join(cwd, files[0] ?? '')
    const records = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(records.map((r) => [r.topic, r.payload, r.retain, r.qos])).toEqual([['t5/clr/a', 'A', true, 0], ['t5/clr/b/c', '{"x":1}', true, 0]])
    // same time on every record (a replay restores them at once)
    expect(new Set(records.map((r) => r.time)).size).toBe(1)
    // the broker holds t5/keep only
    const left = await run('mosquitto_sub', [...P(), '-t', 't5/#', '-v', '--retained-only', '-W', '2'])
    expect(left.stdout).toBe('t5/keep stays\n')
    // undo: mqtx replay puts them back as retained messages
    const replay = await mqtx(['replay', ...P(), file])
    expect(replay.code).toBe(0)
    expect(replay.stderr).toMatch(/^mqtx: replayed 2 messages in /)
    const back = await run('mosquitto_sub', [...P(), '-t', 't5/#', '-v', '--retained-only', '-W', '2'])
    expect(back.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(['t5/clr/a A', 't5/clr/b/c {"x":1}', 't5/keep stays'])
  })

  it('over MQTT 3.1.1 a cleared topic loses its retained marker (the broker echoes the clear with retain 0)', async () => {
    await pub(['-t', 't10/a', '-r', '-m', 'A'])
    const p = await watch('t10/#', { cwd: workDir(), extra: ['-V', '311'] })
    p.keys('l', 'j')
    await p.waitFor(/│› +a ® +A +1 /)
    p.keys('d')
    await p.waitFor("clear 1 retained message at or below 't10/a'")
    p.keys('y')
    await p.waitFor(/cleared 1 retained under 't10\/a'/)
    await p.waitFor(/│› +a +\(empty\) +2 /)
    p.keys('d')
    await p.waitFor('no retained message at or below this topic')
  })

  it('fits 80x24, follows a resize, and shows hostile topics and payloads escaped', async () => {
    // mosquitto refuses control characters in topics (UTF-8 validation); a bidi override passes
    await pub(['-t', 't6/evil\u202egnp.exe', '-r', '-m', 'x\u001b[2J\u001b]0;pwned\u0007y'])
    const p = await watch('t6/#', { columns: 80, rows: 24 })
    await p.waitFor(/│›▸ t6 +1 /)
    p.keys('l', 'j')
    const text = await p.waitFor('evil\\u{202e}gnp.exe')
    expect(text).toContain('x\\e[2J\\e]0;pwned\\x07y')
    expect(p.format('#{pane_title}')).not.toContain('pwned')
    // the whole frame at this size: status line on top, both panes' bottom border third from the bottom
    const fits = (columns: number, rows: number) => (t: string) => {
      const s = t.split('\n')
      return s.length === rows && s.every((l) => [...l].length <= columns) && /^(mqtx watch )?mqtt:\/\//.test(s[0] ?? '') && new RegExp(`^└─+┘└─+┘$`).test(s[rows - 3] ?? '') && [...(s[rows - 3] ?? '')].length === columns
    }
    await p.waitFor(fits(80, 24))
    p.resize(120, 40)
    await p.waitFor(fits(120, 40))
    p.resize(80, 24)
    // one screen that both fits and shows the row: a second read could land in a redraw after the
    // resize (Ink clears the screen first; one CI run read it blank)
    const back = await p.waitFor((t) => fits(80, 24)(t) && t.includes('evil\\u{202e}gn'))
    expect(back).toContain('evil\\u{202e}gn')
  })

  it.each([
    ['Ctrl-C', 130, (p: Pane) => p.keys('C-c'), 'mqtx: interrupted'],
    ['SIGTERM', 143, (p: Pane) => process.kill(p.pid(), 'SIGTERM'), 'mqtx: terminated'],
    ['SIGHUP', 129, (p: Pane) => process.kill(p.pid(), 'SIGHUP'), 'mqtx: hung up'],
    ['q', 0, (p: Pane) => p.keys('q'), ''],
  ] as Array<[string, number, (p: Pane) => void, string]>)('gives the terminal back after %s (exit %i)', async (_name, code, stop, said) => {
    const p = await watch('t7/#')
    expect(p.format('#{alternate_on} #{cursor_flag}')).toBe('1 0')
    stop(p)
    const text = await p.waitFor(`[exit ${code}]`)
    // the shell's screen is back (alternate screen left), the cursor shown
    expect(text.split('\n')[0]).toBe('before mqtx')
    expect(p.format('#{alternate_on} #{cursor_flag}')).toBe('0 1')
    if (said !== '') expect(text).toContain(said)
  })

  it.each([
    ['NO_COLOR=1', { NO_COLOR: '1' }, false],
    ['TERM=dumb', { NO_COLOR: undefined, TERM: 'dumb' }, false],
    ['a colour terminal', { NO_COLOR: undefined }, true],
    // supports-color says no colour when CI is set; mqtx's own decision (a colour terminal) holds
    ['a colour terminal and CI=true', { NO_COLOR: undefined, CI: 'true' }, true],
    ['NO_COLOR=1 and FORCE_COLOR unset under CI', { NO_COLOR: '1', CI: 'true' }, false],
  ] as Array<[string, Record<string, string | undefined>, boolean]>)('colour with %s: %s', async (_name, env, colour) => {
    await pub(['-t', 't8/x', '-r', '-m', '1'])
    const p = await watch('t8/#', { env })
    await p.waitFor(/│›▸ t8/)
    // capture-pane -e writes the cells' colours and attributes as SGR sequences
    expect(/\u001b\[[0-9;]*m/.test(p.styled())).toBe(colour)
  })

  // last: it restarts the file's broker
  it('reconnects after the broker restarts, saying so on the bottom line and in the status line', async () => {
    const p = await watch('t9/#')
    await broker.restart()
    await p.waitFor('reconnected and resubscribed')
    expect(p.screen()[0]).toMatch(/ · connected · /)
    await pub(['-t', 't9/after', '-m', 'x'])
    await p.waitFor(/│›▸ t9 +1 /)
  })

  it('refuses to start when stdout is not a terminal (exit 2, a hint to sub)', async () => {
    const r = await mqtx(['watch', ...P(), '-t', 'x/#'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("mqtx: watch is a full-screen view and needs a terminal, but standard output is not one.\nhint: to print or save messages use 'mqtx sub -t FILTER' (--json for scripts)\n")
  })
})
