/** What a bridge did, counted while it runs and said on stderr when it ends. */
export interface BridgeCounts {
  /** Confirmed by the downstream broker (or written, at QoS 0). */
  forwarded: number
  /** Upstream redeliveries of messages still waiting for the downstream confirmation: not forwarded again. */
  suppressed: number
  /** Sent downstream again after the downstream connection was lost unconfirmed: each may arrive twice. */
  resent: number
  /** Upstream redeliveries (DUP) of messages already acknowledged: forwarded again, may be duplicates. */
  redelivered: number
  /** Carrying this bridge's loop marker: not forwarded. */
  looped: number
  /** QoS 0 messages that could not be written while the downstream broker was away. */
  dropped: number
  /** QoS 1/2 copies the downstream broker had not confirmed when the bridge stopped: left unacknowledged upstream. */
  unconfirmed: number
  /** The rewritten topic is not a valid topic: not forwarded. */
  badTopic: number
  /** Upstream topics a broker refuses (control characters): not forwarded. */
  refusedTopic: number
  reconnectsUp: number
  reconnectsDown: number
}

export function newCounts(): BridgeCounts {
  return { forwarded: 0, suppressed: 0, resent: 0, redelivered: 0, looped: 0, dropped: 0, unconfirmed: 0, badTopic: 0, refusedTopic: 0, reconnectsUp: 0, reconnectsDown: 0 }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** One line: forwarded, duplicates, reconnects, then what was not forwarded (when any). */
export function summaryLine(c: BridgeCounts): string {
  const possible = c.resent + c.redelivered
  let line = `bridge: forwarded ${plural(c.forwarded, 'message')}; duplicates: ${c.suppressed} suppressed, ${possible} possible`
  if (possible > 0) line += ` (${[c.resent > 0 ? `${c.resent} resent downstream` : '', c.redelivered > 0 ? `${c.redelivered} redelivered upstream` : ''].filter(Boolean).join(', ')})`
  line += `; reconnects: upstream ${c.reconnectsUp}, downstream ${c.reconnectsDown}`
  const skipped = [
    c.looped > 0 ? `${c.looped} with this bridge's loop marker` : '',
    c.dropped > 0 ? `${c.dropped} QoS 0 while the downstream broker was away` : '',
    c.unconfirmed > 0 ? `${c.unconfirmed} not confirmed by the downstream broker when the bridge stopped (left unacknowledged upstream)` : '',
    c.badTopic > 0 ? `${c.badTopic} whose rewritten topic is invalid` : '',
    c.refusedTopic > 0 ? `${c.refusedTopic} whose topic brokers refuse` : '',
  ].filter(Boolean)
  if (skipped.length > 0) line += `; not forwarded: ${skipped.join(', ')}`
  return line
}
