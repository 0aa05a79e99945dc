/**
 * The topic tree of `mqtx watch`: pure data, no terminal. Each message costs one Map lookup and a
 * walk up its topic's ancestors (count, decayed rate, last time): O(depth), whatever the tree size.
 * Rendering reads it at most ~10 times a second (src/watch/run.ts coalesces).
 */
import type { MessageProperties } from '../output/message.js'

/** Rates decay with this time constant: a topic that stops publishing fades to 0 in ~3 tau. */
export const RATE_TAU_MS = 5000

const LOADED_AT = Date.now()

/**
 * One message kept in a topic's history. The payload is held as a latin1 string (one byte per
 * character, exact for any bytes): V8 keeps a short string in a fraction of what a Buffer object
 * costs, and up to a million of these may be kept (10,000 topics x --history 100).
 */
export class StoredMessage {
  private readonly data: string
  /** Receive time as ms since this module loaded: a small integer V8 keeps in the object (a time since 1970 would be a HeapNumber per message). */
  private readonly since: number

  constructor(
    /** Receive time, ms since the epoch. */
    at: number,
    payload: Buffer,
    readonly qos: 0 | 1 | 2,
    readonly retain: boolean,
    readonly properties: MessageProperties | undefined = undefined,
  ) {
    this.data = payload.toString('latin1')
    this.since = at - LOADED_AT
  }

  /** Receive time, ms since the epoch. */
  get at(): number {
    return LOADED_AT + this.since
  }

  /** The payload's bytes (a new Buffer each time: read it for what is on screen only). */
  get payload(): Buffer {
    return Buffer.from(this.data, 'latin1')
  }

  get size(): number {
    return this.data.length
  }

  /** The same message with another receive time. */
  withTime(at: number): StoredMessage {
    return new StoredMessage(at, this.payload, this.qos, this.retain, this.properties)
  }
}

export interface TopicNode {
  /** The last topic level ('' for an empty level). */
  name: string
  /** The whole topic ('' for the root). */
  path: string
  parent: TopicNode | undefined
  children: Map<string, TopicNode> | undefined
  /** Messages on exactly this topic. */
  own: number
  /** Messages on this topic and everything below it. */
  total: number
  /** Decayed rate of the subtree (msg/s at `rateAt`). */
  rate: number
  rateAt: number
  /** Last message time in the subtree (0: none). */
  lastAt: number
  /**
   * The message the broker holds retained for this exact topic, as far as seen (undefined: none).
   * Kept apart from the history: a later live message is not what the broker retains, and the
   * retained one may have left the history (the clear's backup writes this one).
   */
  retained: StoredMessage | undefined
  /** The last messages on exactly this topic, oldest first (at most the tree's history size). */
  history: StoredMessage[] | undefined
  /** Index of the oldest entry once the history is full (a ring). */
  ringStart: number
}

function newNode(name: string, path: string, parent: TopicNode | undefined): TopicNode {
  return { name, path, parent, children: undefined, own: 0, total: 0, rate: 0, rateAt: 0, lastAt: 0, retained: undefined, history: undefined, ringStart: 0 }
}

/** The decayed rate of a node at `now` (msg/s). */
export function rateAt(node: TopicNode, now: number): number {
  if (node.rate === 0) return 0
  return node.rate * Math.exp(-(now - node.rateAt) / RATE_TAU_MS)
}

export class TopicTree {
  readonly root: TopicNode = newNode('', '', undefined)
  /** Exact topic -> its node: a message finds its node in one lookup. */
  private readonly byTopic = new Map<string, TopicNode>()
  /** Bumped whenever a node is added (views re-sort only then, or when sorting by a live value). */
  structure = 0
  /** Distinct topics that received a message. */
  topics = 0
  messages = 0

  constructor(readonly historySize: number) {}

  add(topic: string, msg: StoredMessage): TopicNode {
    let node = this.byTopic.get(topic)
    if (node === undefined) {
      node = this.create(topic)
      this.byTopic.set(topic, node)
    }
    if (node.own === 0) this.topics++
    this.messages++
    node.own++
    // an empty retained message deletes the broker's retained message
    if (msg.retain) node.retained = msg.size > 0 ? msg : undefined
    this.remember(node, msg)
    const now = msg.at
    const bump = 1000 / RATE_TAU_MS
    for (let n: TopicNode | undefined = node; n !== undefined; n = n.parent) {
      n.total++
      n.rate = (n.rate === 0 ? 0 : n.rate * Math.exp(-(now - n.rateAt) / RATE_TAU_MS)) + bump
      n.rateAt = now
      if (now > n.lastAt) n.lastAt = now
    }
    return node
  }

  get(topic: string): TopicNode | undefined {
    return this.byTopic.get(topic)
  }

  /** The retained topics at or below `node` (what clearing that subtree would clear). */
  retainedUnder(node: TopicNode): TopicNode[] {
    const found: TopicNode[] = []
    const walk = (n: TopicNode) => {
      if (n.retained !== undefined) found.push(n)
      if (n.children !== undefined) for (const c of n.children.values()) walk(c)
    }
    walk(node)
    return found
  }

  private create(topic: string): TopicNode {
    let parent = this.root
    let start = 0
    for (;;) {
      const slash = topic.indexOf('/', start)
      const name = slash === -1 ? topic.slice(start) : topic.slice(start, slash)
      const path = slash === -1 ? topic : topic.slice(0, slash)
      parent.children ??= new Map()
      let child = parent.children.get(name)
      if (child === undefined) {
        child = newNode(name, path, parent)
        parent.children.set(name, child)
        this.structure++
      }
      if (slash === -1) return child
      parent = child
      start = slash + 1
    }
  }

  private remember(node: TopicNode, msg: StoredMessage): void {
    const h = (node.history ??= [])
    if (h.length < this.historySize) {
      h.push(msg)
      return
    }
    h[node.ringStart] = msg
    node.ringStart = (node.ringStart + 1) % h.length
  }
}

/** A node's history, oldest first. */
export function historyOf(node: TopicNode): StoredMessage[] {
  const h = node.history
  if (h === undefined) return []
  return node.ringStart === 0 ? h : [...h.slice(node.ringStart), ...h.slice(0, node.ringStart)]
}

/** The last message on exactly this topic. */
export function lastOf(node: TopicNode): StoredMessage | undefined {
  const h = node.history
  if (h === undefined || h.length === 0) return undefined
  return h[(node.ringStart + h.length - 1) % h.length]
}

/** Distinct topics (with a message) at or below `node`. */
export function topicsUnder(node: TopicNode): number {
  let n = node.own > 0 ? 1 : 0
  if (node.children !== undefined) for (const c of node.children.values()) n += topicsUnder(c)
  return n
}
