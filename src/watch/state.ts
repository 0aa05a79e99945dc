/**
 * What the watch screen shows, apart from the data: selection, expanded nodes, sort, filter,
 * search, pause, the prompt being typed and the last message. Keys change it (src/watch/keys.ts);
 * src/watch/view.ts draws it. No terminal here.
 */
import { ancestorsOf, flattenRows, type Row, type SortKey } from './rows.js'
import type { TopicTree } from './tree.js'

export type Mode =
  | 'normal'
  | 'help'
  | 'search'
  | 'filter'
  | 'publish-payload'
  | 'publish-qos'
  | 'publish-retain'
  | 'save'
  | 'confirm-clear'

export interface WatchState {
  tree: TopicTree
  expanded: Set<string>
  sort: SortKey
  filter: string
  /** The last search (n / N repeat it). */
  search: string
  /** Path of the selected node. */
  selected: string | undefined
  /** First tree row on screen. */
  top: number
  /** First line of the detail pane on screen. */
  detailScroll: number
  /** The JSON field charted (undefined: the payload itself when numeric). */
  chartField: string | undefined
  paused: boolean
  /** Messages that arrived while paused (kept in the tree; the view did not redraw for them). */
  missed: number
  mode: Mode
  /** What is being typed at a prompt. */
  input: string
  /** The last line said to the user (result of an action, a warning). */
  message: string
  /** Publish in progress: payload and QoS typed so far. */
  publish: { payload: string; qos: 0 | 1 | 2 }
  /** Clear in progress: the subtree's path and the topics it will clear. */
  clear: { path: string; topics: string[] } | undefined
  /** Cached rows (recomputed when the tree or the view changes). */
  rows: Row[]
  rowsKey: string
  /** Bumped when nodes are expanded or collapsed (the cached rows are then stale). */
  viewVersion: number
}

export function newState(tree: TopicTree): WatchState {
  return {
    tree,
    expanded: new Set(),
    sort: 'name',
    filter: '',
    search: '',
    selected: undefined,
    top: 0,
    detailScroll: 0,
    chartField: undefined,
    paused: false,
    missed: 0,
    mode: 'normal',
    input: '',
    message: '',
    publish: { payload: '', qos: 0 },
    clear: undefined,
    rows: [],
    rowsKey: '',
    viewVersion: 0,
  }
}

/**
 * The rows on screen. Sorting by name re-flattens only when nodes were added or the view changed;
 * rate and recency orders change with time, so they re-flatten at each redraw (at most ~10/s).
 */
export function rowsOf(s: WatchState, now: number): Row[] {
  const key = `${s.tree.structure}|${s.sort}|${s.filter}|${s.viewVersion}`
  if (s.sort === 'name' && key === s.rowsKey) return s.rows
  s.rows = flattenRows(s.tree.root, { sort: s.sort, expanded: s.expanded, filter: s.filter, now })
  s.rowsKey = key
  // nothing selected yet, or the selection was filtered out: the first row
  const first = s.rows[0]
  if (first !== undefined && (s.selected === undefined || !s.rows.some((r) => r.node.path === s.selected))) select(s, first.node.path)
  return s.rows
}

/** Index of the selected row (0 when it is not shown). */
export function selectedIndex(s: WatchState, rows: Row[]): number {
  const i = rows.findIndex((r) => r.node.path === s.selected)
  return i === -1 ? 0 : i
}

/** Select a topic by path, expanding its ancestors so it is on screen. */
export function reveal(s: WatchState, path: string): void {
  for (const a of ancestorsOf(path)) s.expanded.add(a)
  s.viewVersion++
  select(s, path)
}

export function select(s: WatchState, path: string | undefined): void {
  if (path === s.selected) return
  s.selected = path
  s.detailScroll = 0
  s.chartField = undefined
}
