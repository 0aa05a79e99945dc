/**
 * The codec layer for the detail pane: only the selected topic's last payload is decoded (never
 * every message: 20,000 msg/s would pay for decodes nobody sees), once per message, cached.
 */
import type { PayloadDecoding } from '../codecs/session.js'
import type { DecodedPayload } from '../output/message.js'
import { lastOf, type StoredMessage, type TopicNode } from './tree.js'

export class DecodedCache {
  private readonly done = new WeakMap<StoredMessage, DecodedPayload | undefined>()
  private readonly pending = new WeakSet<StoredMessage>()

  constructor(
    private readonly decoding: PayloadDecoding | undefined,
    /** Called when a decode that needed a codec to load has finished (redraw). */
    private readonly ready: () => void,
  ) {}

  of(node: TopicNode): DecodedPayload | undefined {
    const last = lastOf(node)
    if (last === undefined || this.decoding === undefined) return undefined
    if (this.done.has(last)) return this.done.get(last)
    if (this.pending.has(last)) return undefined
    const outcome = this.decoding.decode(node.path, last.payload, last.properties?.contentType)
    if (outcome instanceof Promise) {
      this.pending.add(last)
      outcome.then((o) => {
        this.done.set(last, o === 'skip' ? undefined : o)
        this.ready()
      }, () => this.done.set(last, undefined))
      return undefined
    }
    const value = outcome === 'skip' ? undefined : outcome
    this.done.set(last, value)
    return value
  }
}
