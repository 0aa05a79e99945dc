/**
 * The tree as the rows on screen: expanded nodes flattened in the chosen order, optionally narrowed
 * by a filter. Pure; src/watch/view.ts draws them.
 */
import { rateAt, type TopicNode } from './tree.js'

export type SortKey = 'name' | 'rate' | 'recency'

export const SORT_KEYS: readonly SortKey[] = ['name', 'rate', 'recency']

export interface Row {
  node: TopicNode
  depth: number
  /** Has children (can be expanded). */
  branch: boolean
  expanded: boolean
}

export interface RowOptions {
  sort: SortKey
  /** Paths of expanded nodes. */
  expanded: ReadonlySet<string>
  /** Case-insensitive substring of the topic: only matching topics and their ancestors are shown (all expanded). */
  filter?: string
  now: number
}

const byName = (a: TopicNode, b: TopicNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

export function sortedChildren(node: TopicNode, sort: SortKey, now: number): TopicNode[] {
  if (node.children === undefined) return []
  const list = [...node.children.values()]
  if (sort === 'name') return list.sort(byName)
  if (sort === 'recency') return list.sort((a, b) => b.lastAt - a.lastAt || byName(a, b))
  const rates = new Map(list.map((n) => [n, rateAt(n, now)]))
  return list.sort((a, b) => (rates.get(b) ?? 0) - (rates.get(a) ?? 0) || byName(a, b))
}

/** Does this node, or anything below it, match the (lower-cased) filter? Memoised per call. */
function matcher(filter: string): (node: TopicNode) => boolean {
  const memo = new Map<TopicNode, boolean>()
  const matches = (node: TopicNode): boolean => {
    const known = memo.get(node)
    if (known !== undefined) return known
    let hit = node.own > 0 && node.path.toLowerCase().includes(filter)
    if (!hit && node.children !== undefined) for (const c of node.children.values()) if (matches(c)) hit = true
    memo.set(node, hit)
    return hit
  }
  return matches
}

export function flattenRows(root: TopicNode, o: RowOptions): Row[] {
  const rows: Row[] = []
  const filter = o.filter === undefined || o.filter === '' ? undefined : o.filter.toLowerCase()
  const keep = filter === undefined ? undefined : matcher(filter)
  const walk = (node: TopicNode, depth: number) => {
    for (const child of sortedChildren(node, o.sort, o.now)) {
      if (keep !== undefined && !keep(child)) continue
      const branch = child.children !== undefined && child.children.size > 0
      const expanded = branch && (keep !== undefined || o.expanded.has(child.path))
      rows.push({ node: child, depth, branch, expanded })
      if (expanded) walk(child, depth + 1)
    }
  }
  walk(root, 0)
  return rows
}

/**
 * Search: the next topic (after `from`, wrapping; `step` -1 goes backwards) whose path contains
 * `query` (case-insensitive), among ALL topics, expanded or not. Returns its path.
 */
export function findTopic(root: TopicNode, query: string, from: string | undefined, step: 1 | -1, sort: SortKey, now: number): string | undefined {
  if (query === '') return undefined
  const q = query.toLowerCase()
  const order: TopicNode[] = []
  const walk = (node: TopicNode) => {
    for (const c of sortedChildren(node, sort, now)) {
      order.push(c)
      walk(c)
    }
  }
  walk(root)
  const at = from === undefined ? -1 : order.findIndex((n) => n.path === from)
  for (let i = 1; i <= order.length; i++) {
    const n = order[(((at + step * i) % order.length) + order.length) % order.length]
    if (n !== undefined && n.path.toLowerCase().includes(q)) return n.path
  }
  return undefined
}

/** Every ancestor path of a topic ('a/b/c' -> 'a', 'a/b'): expand them to show it. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = []
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i))
  return out
}
