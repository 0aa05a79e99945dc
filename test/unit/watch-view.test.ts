/** mqtx watch's screen at given sizes (Ink's renderToString, no terminal) and its keys, on plain state. */
import { renderToString } from 'ink'
import { describe, expect, it } from 'vitest'
import { layout, scrollTop } from '../../src/watch/format.js'
import { handleKey, type Actions, type KeyInfo } from '../../src/watch/keys.js'
import { newState, type WatchState } from '../../src/watch/state.js'
import { StoredMessage, TopicTree } from '../../src/watch/tree.js'
import { screen } from '../../src/watch/view.js'
import { detailLines, wrapLine } from '../../src/watch/detail.js'

const NOW = 1_000_000

function state(): WatchState {
  const t = new TopicTree(10)
  for (let i = 0; i < 40; i++) t.add(`site/dev${String(i).padStart(2, '0')}/temp`, new StoredMessage(NOW - 1000, Buffer.from(String(20 + (i % 5))), 0, i % 2 === 0))
  t.add('site/dev00/json', new StoredMessage(NOW - 500, Buffer.from('{"temp":21.5,"label":"a very long label that goes on and on and on beyond any pane width"}'), 1, false))
  t.add('zz/evil\u001b]0;x\u0007', new StoredMessage(NOW, Buffer.from('\u001b[2J'), 0, false))
  return newState(t)
}

function draw(s: WatchState, columns: number, rows: number): string[] {
  const out = renderToString(screen({ state: s, status: { broker: 'mqtt://localhost:1883', protocol: '5', connection: 'connected', rate: 1234, rss: 80 * 1048576 }, columns, rows, color: false, now: NOW, decodedOf: () => undefined }), { columns })
  return out.split('\n')
}

function actions(log: string[] = []): Actions {
  return {
    quit: () => log.push('quit'),
    interrupt: () => log.push('interrupt'),
    publish: (topic, payload, qos, retain) => log.push(`publish ${topic} ${payload} ${qos} ${retain}`),
    save: (topic, file) => log.push(`save ${topic} ${file}`),
    clear: (path, topics) => log.push(`clear ${path} ${topics.join(',')}`),
    treeRows: () => 10,
    detailRows: () => 10,
    now: () => NOW,
  }
}

const press = (s: WatchState, a: Actions, ...keys: Array<string | KeyInfo>) => {
  for (const k of keys) handleKey(s, typeof k === 'string' ? k : '', typeof k === 'string' ? {} : k, a)
}

describe('layout', () => {
  it.each([[80, 24], [100, 30], [120, 40], [200, 60], [60, 12]])('%ix%i: every line fits, the frame is one row short of the terminal', (columns, rows) => {
    const s = state()
    press(s, actions(), 'l', 'j', 'j')
    const lines = draw(s, columns, rows)
    expect(lines).toHaveLength(rows - 1)
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns)
    // the status line: whole when it fits, else without the command's name, cut at the edge
    if (columns >= 100) expect(lines[0]).toMatch(/^mqtx watch mqtt:\/\/localhost:1883 · MQTT 5 · connected · 1,234 msg\/s · 42 topics · 80 MB · sort: name/)
    else expect(lines[0]).toMatch(/^mqtt:\/\/localhost:1883 · MQTT 5 · connected · 1,234 msg\/s/)
    const l = layout(columns, rows)
    expect(l.tree + l.detail).toBe(columns)
    expect(lines[l.body]).toMatch(/^└─+┘└─+┘$/)
  })

  it('at 80 columns the status line still says PAUSED and the filter', () => {
    const s = state()
    press(s, actions(), ' ', 'f', 'dev0', { return: true })
    const top = draw(s, 80, 24)[0] ?? ''
    expect(top).toContain('PAUSED (0 new)')
    expect(top).toContain('filter: dev0')
  })

  it('escapes hostile topics and payloads, marks the selection without colour', () => {
    const s = state()
    press(s, actions(), 'G', 'l', 'j')
    const text = draw(s, 100, 30).join('\n')
    expect(text).toContain('evil\\e]0;x\\x07')
    expect(text).toContain('\\e[2J')
    expect(text).not.toContain('\u001b')
    expect(text).toMatch(/│› +evil/)
  })

  it('the detail pane wraps a long topic and payload instead of cutting them, and does not repeat the topic (colour on)', () => {
    const t = new TopicTree(10)
    const topic = `plant/${'line'.repeat(12)}/temp`
    const payload = `${'word '.repeat(30)}END`
    t.add(topic, new StoredMessage(NOW, Buffer.from(payload), 0, false))
    const node = t.get(topic)
    if (node === undefined) throw new Error('no node')
    const lines = detailLines(node, { width: 40, now: NOW, color: true, chartField: undefined })
    const visible = lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))
    // (history lines are one-line previews: Ink cuts them at the pane's edge)
    for (const l of visible.slice(0, visible.findIndex((x) => x.startsWith('── history')))) expect([...l].length).toBeLessThanOrEqual(40)
    expect(visible.slice(0, 2).join('')).toBe(topic)
    const last = visible.indexOf(visible.find((l) => l.startsWith('── last message')) ?? '')
    const shown = visible.slice(last + 1, visible.indexOf('', last + 1)).join('')
    expect(shown).toMatch(/^\d\d:\d\d:\d\d\.\d{3} \[q0\] word word/)
    expect(shown).not.toContain('plant/')
    expect(shown).toContain('END')
    // a piece cut inside a coloured span is reset and the colour taken up again
    expect(wrapLine('\u001b[1mabcdef\u001b[22m', 4)).toEqual(['\u001b[1mabcd\u001b[0m', '\u001b[1mef\u001b[22m'])
  })

  it('scrolls the tree to keep the selection on screen', () => {
    expect(scrollTop(0, 5, 10, 40)).toBe(0)
    expect(scrollTop(0, 15, 10, 40)).toBe(6)
    expect(scrollTop(20, 15, 10, 40)).toBe(15)
    expect(scrollTop(35, 39, 10, 40)).toBe(30)
    const s = state()
    press(s, actions(), 'l', 'G', 'k')
    const lines = draw(s, 80, 24)
    expect(lines.some((l) => l.includes('› ') && l.includes('dev39'))).toBe(true)
  })
})

describe('keys', () => {
  it('moves, expands and collapses; ← on a leaf goes to its parent', () => {
    const s = state()
    const a = actions()
    press(s, a, 'l')
    expect(s.expanded.has('site')).toBe(true)
    press(s, a, 'j', 'l', 'j')
    expect(s.selected).toBe('site/dev00/json')
    press(s, a, 'h')
    expect(s.selected).toBe('site/dev00')
    press(s, a, 'h')
    expect(s.expanded.has('site/dev00')).toBe(false)
    press(s, a, { return: true })
    expect(s.expanded.has('site/dev00')).toBe(true)
    press(s, a, 'G')
    expect(s.selected).toBe('zz')
    press(s, a, 'g', { downArrow: true }, { downArrow: true })
    expect(s.selected).toBe('site/dev00/json')
  })

  it('several keys in one read are taken one by one, Enter included', () => {
    const s = state()
    const a = actions()
    handleKey(s, 'ljl', {}, a)
    expect(s.selected).toBe('site/dev00')
    expect(s.expanded.has('site/dev00')).toBe(true)
    handleKey(s, 'fdev39\r', {}, a)
    expect(s.filter).toBe('dev39')
    expect(s.mode).toBe('normal')
  })

  it('search is incremental; n and N go to the next and previous match', () => {
    const s = state()
    const a = actions()
    press(s, a, '/', 't', 'e', 'm', 'p')
    expect(s.selected).toBe('site/dev00/temp')
    press(s, a, { return: true }, 'n')
    expect(s.selected).toBe('site/dev01/temp')
    press(s, a, 'N', 'N')
    expect(s.selected).toBe('site/dev39/temp')
    press(s, a, '/', 'n', 'o', 'p', 'e', { escape: true })
    expect(s.mode).toBe('normal')
  })

  it('publish asks payload, QoS and retain; Escape cancels', () => {
    const log: string[] = []
    const s = state()
    const a = actions(log)
    press(s, a, 'l', 'j', 'l', 'j', 'p', 'h', 'i', { return: true }, '2', 'y')
    expect(log).toEqual(['publish site/dev00/json hi 2 true'])
    press(s, a, 'p', { escape: true }, 'p', 'x', { return: true }, { return: true }, { return: true })
    expect(log).toEqual(['publish site/dev00/json hi 2 true', 'publish site/dev00/json x 0 false'])
  })

  it('clear names the retained topics of the subtree and needs y', () => {
    const log: string[] = []
    const s = state()
    const a = actions(log)
    press(s, a, 'l', 'j', 'd')
    expect(s.mode).toBe('confirm-clear')
    expect(s.clear?.topics).toEqual(['site/dev00/temp'])
    press(s, a, 'n')
    expect(log).toEqual([])
    expect(s.message).toBe('nothing cleared')
    press(s, a, 'k', 'd', 'y')
    expect(log).toHaveLength(1)
    expect(log[0]?.split(',')).toHaveLength(20)
  })

  it('save proposes a file name from the topic; sort, pause, help, chart field, quit, Ctrl-C', () => {
    const log: string[] = []
    const s = state()
    const a = actions(log)
    press(s, a, 'l', 'j', 'l', 'j', 's')
    expect(s.input).toBe('site_dev00_json.bin')
    press(s, a, { return: true })
    expect(log).toEqual(['save site/dev00/json site_dev00_json.bin'])
    press(s, a, 'o')
    expect(s.sort).toBe('rate')
    press(s, a, ' ')
    expect(s.paused).toBe(true)
    press(s, a, ' ', '?')
    expect(s.mode).toBe('help')
    press(s, a, 'x', 'c')
    expect(s.chartField).toBe('temp')
    press(s, a, 'c')
    expect(s.chartField).toBeUndefined()
    press(s, a, 'q')
    handleKey(s, 'c', { ctrl: true }, a)
    expect(log.slice(-2)).toEqual(['quit', 'interrupt'])
  })
})
