/**
 * Keys -> state changes and actions. Pure apart from the `Actions` it calls (publish, save, clear,
 * quit), so unit tests drive it with plain objects.
 */
import { findTopic, SORT_KEYS } from './rows.js'
import { reveal, rowsOf, select, selectedIndex, type WatchState } from './state.js'
import { numericFields } from './chart.js'
import { lastOf } from './tree.js'

/** The part of Ink's Key that mqtx reads. */
export interface KeyInfo {
  upArrow?: boolean
  downArrow?: boolean
  leftArrow?: boolean
  rightArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  home?: boolean
  end?: boolean
  return?: boolean
  escape?: boolean
  ctrl?: boolean
  backspace?: boolean
  delete?: boolean
  tab?: boolean
}

export interface Actions {
  quit(): void
  /** Ctrl-C (raw mode: it arrives as a key, not a signal). */
  interrupt(): void
  publish(topic: string, payload: string, qos: 0 | 1 | 2, retain: boolean): void
  save(topic: string, file: string): void
  clear(path: string, topics: string[]): void
  /** Rows of the tree and of the detail pane on screen (paging). */
  treeRows(): number
  detailRows(): number
  now(): number
}

/** The help overlay: every key, one line each. */
export const HELP: ReadonlyArray<[keys: string, what: string]> = [
  ['↑ ↓  k j', 'move'],
  ['← →  h l', 'collapse / expand (← on a leaf: go to the parent)'],
  ['Enter', 'expand or collapse'],
  ['PgUp PgDn  g G', 'page, first, last'],
  ['/   n N', 'search topics, next / previous match'],
  ['f', 'filter the tree (empty: all)'],
  ['o', 'sort: name, rate, recency'],
  ['J K', 'scroll the detail pane'],
  ['c', 'chart the next numeric JSON field'],
  ['space', 'pause / resume'],
  ['p', 'publish to the selected topic'],
  ['s', 'save the last payload to a file'],
  ['d', 'clear retained messages of the selected subtree (backup first)'],
  ['?', 'this help (any key closes)'],
  ['q  Ctrl-C', 'quit'],
]

function move(s: WatchState, a: Actions, to: (index: number, count: number) => number): void {
  const rows = rowsOf(s, a.now())
  if (rows.length === 0) return
  const i = Math.max(0, Math.min(rows.length - 1, to(selectedIndex(s, rows), rows.length)))
  select(s, rows[i]?.node.path)
}

function setExpanded(s: WatchState, path: string, on: boolean): void {
  if (on) s.expanded.add(path)
  else s.expanded.delete(path)
  s.viewVersion++
}

function normalKey(s: WatchState, input: string, key: KeyInfo, a: Actions): void {
  const rows = rowsOf(s, a.now())
  const row = rows[selectedIndex(s, rows)]
  const page = Math.max(1, a.treeRows() - 1)
  if (key.upArrow || input === 'k') return move(s, a, (i) => i - 1)
  if (key.downArrow || input === 'j') return move(s, a, (i) => i + 1)
  if (key.pageUp) return move(s, a, (i) => i - page)
  if (key.pageDown) return move(s, a, (i) => i + page)
  if (key.home || input === 'g') return move(s, a, () => 0)
  if (key.end || input === 'G') return move(s, a, (_i, n) => n - 1)
  if (key.rightArrow || input === 'l') {
    if (row?.branch === true && !row.expanded) setExpanded(s, row.node.path, true)
    return
  }
  if (key.leftArrow || input === 'h') {
    if (row === undefined) return
    if (row.expanded) setExpanded(s, row.node.path, false)
    else if (row.node.parent !== undefined && row.node.parent.path !== '') select(s, row.node.parent.path)
    return
  }
  if (key.return) {
    if (row?.branch === true) setExpanded(s, row.node.path, !row.expanded)
    return
  }
  if (input === 'J') {
    s.detailScroll += Math.max(1, a.detailRows() - 2)
    return
  }
  if (input === 'K') {
    s.detailScroll = Math.max(0, s.detailScroll - Math.max(1, a.detailRows() - 2))
    return
  }
  if (input === 'q') return a.quit()
  if (input === '?') return void (s.mode = 'help')
  if (input === '/') return startPrompt(s, 'search', '')
  if (input === 'f') return startPrompt(s, 'filter', s.filter)
  if (input === 'n' || input === 'N') return searchNext(s, a, input === 'n' ? 1 : -1)
  if (input === 'o') {
    s.sort = SORT_KEYS[(SORT_KEYS.indexOf(s.sort) + 1) % SORT_KEYS.length] ?? 'name'
    s.message = `sorted by ${s.sort}`
    return
  }
  if (input === ' ') {
    s.paused = !s.paused
    s.message = s.paused ? 'paused: the view stops following new messages; they are still kept (space resumes)' : `resumed (${s.missed} messages arrived while paused)`
    if (!s.paused) s.missed = 0
    return
  }
  if (input === 'c') return nextChartField(s, row?.node)
  if (row === undefined) return
  const topic = row.node.path
  if (input === 'p') {
    s.publish = { payload: '', qos: 0 }
    return startPrompt(s, 'publish-payload', '')
  }
  if (input === 's') {
    if (lastOf(row.node) === undefined) return void (s.message = 'no message on this topic to save')
    return startPrompt(s, 'save', `${topic.replace(/[^A-Za-z0-9._-]+/g, '_')}.bin`)
  }
  if (input === 'd') {
    const topics = s.tree.retainedUnder(row.node).map((n) => n.path)
    if (topics.length === 0) return void (s.message = 'no retained message at or below this topic')
    s.clear = { path: topic, topics }
    s.mode = 'confirm-clear'
  }
}

function nextChartField(s: WatchState, node: WatchState['tree']['root'] | undefined): void {
  const last = node === undefined ? undefined : lastOf(node)
  const fields = last === undefined ? [] : numericFields(last.payload)
  if (fields.length === 0) {
    s.chartField = undefined
    s.message = 'no numeric JSON field in the last payload'
    return
  }
  const i = s.chartField === undefined ? 0 : fields.indexOf(s.chartField) + 1
  s.chartField = i >= fields.length ? undefined : fields[i]
  s.message = s.chartField === undefined ? 'chart: the payload itself' : `chart: ${s.chartField}`
}

function startPrompt(s: WatchState, mode: WatchState['mode'], initial: string): void {
  s.mode = mode
  s.input = initial
}

function searchNext(s: WatchState, a: Actions, step: 1 | -1): void {
  const found = findTopic(s.tree.root, s.search, s.selected, step, s.sort, a.now())
  if (found === undefined) s.message = s.search === '' ? 'no search yet (/)' : `no topic contains '${s.search}'`
  else reveal(s, found)
}

/** Text prompts: printable characters, backspace, Enter, Escape. Returns true when Enter was pressed. */
function edit(s: WatchState, input: string, key: KeyInfo): boolean | 'cancel' {
  if (key.escape) return 'cancel'
  if (key.return) return true
  if (key.backspace || key.delete) s.input = s.input.slice(0, -1)
  else if (!key.ctrl && input !== '' && !/[\u0000-\u001f\u007f]/.test(input)) s.input += input
  return false
}

export function handleKey(s: WatchState, input: string, key: KeyInfo, a: Actions): void {
  if (key.ctrl && input === 'c') return a.interrupt()
  // keys typed faster than one read (or pasted) arrive as one string: one key at a time
  if (input.length > 1 && !key.ctrl) {
    for (const ch of input) handleKey(s, ch === '\r' || ch === '\n' ? '' : ch, ch === '\r' || ch === '\n' ? { return: true } : ch === '\u007f' || ch === '\b' ? { backspace: true } : {}, a)
    return
  }
  switch (s.mode) {
    case 'normal':
      return normalKey(s, input, key, a)
    case 'help':
      s.mode = 'normal'
      return
    case 'search': {
      const r = edit(s, input, key)
      if (r === 'cancel') s.mode = 'normal'
      else {
        // incremental: each character moves to the first match from the top
        s.search = s.input
        if (r === true) s.mode = 'normal'
        else if (s.input !== '') {
          const found = findTopic(s.tree.root, s.input, undefined, 1, s.sort, a.now())
          if (found !== undefined) reveal(s, found)
        }
      }
      return
    }
    case 'filter': {
      const r = edit(s, input, key)
      if (r === 'cancel') s.mode = 'normal'
      if (r === true) {
        s.filter = s.input.trim()
        s.mode = 'normal'
        s.message = s.filter === '' ? 'filter cleared' : `showing topics containing '${s.filter}'`
        s.top = 0
      }
      return
    }
    case 'publish-payload': {
      const r = edit(s, input, key)
      if (r === 'cancel') s.mode = 'normal'
      if (r === true) {
        s.publish.payload = s.input
        s.mode = 'publish-qos'
      }
      return
    }
    case 'publish-qos':
      if (key.escape) s.mode = 'normal'
      else if (input === '0' || input === '1' || input === '2' || key.return) {
        s.publish.qos = key.return ? 0 : (Number(input) as 0 | 1 | 2)
        s.mode = 'publish-retain'
      }
      return
    case 'publish-retain':
      if (key.escape) s.mode = 'normal'
      else if (input === 'y' || input === 'n' || key.return) {
        s.mode = 'normal'
        if (s.selected !== undefined) a.publish(s.selected, s.publish.payload, s.publish.qos, input === 'y')
      }
      return
    case 'save': {
      const r = edit(s, input, key)
      if (r === 'cancel') s.mode = 'normal'
      if (r === true) {
        s.mode = 'normal'
        if (s.selected !== undefined && s.input.trim() !== '') a.save(s.selected, s.input.trim())
      }
      return
    }
    case 'confirm-clear':
      if (input === 'y' && s.clear !== undefined) a.clear(s.clear.path, s.clear.topics)
      else s.message = 'nothing cleared'
      s.mode = 'normal'
      s.clear = undefined
      return
  }
}
