/**
 * Delivery accounting for one (receiver stream, publisher) pair from the payload's sequence numbers:
 * distinct messages, duplicates and reordering, exactly, with gaps kept as ranges (so a burst of
 * loss costs one range, not one entry per message).
 */
export const IN_ORDER = 0
export const REORDERED = 1
export const DUPLICATE = 2

export class SequenceState {
  /** Highest sequence seen + 1. */
  next = 0
  distinct = 0
  duplicates = 0
  reordered = 0
  /** Missing ranges as flat [from, to) pairs, ascending. */
  private gaps: number[] = []

  record(seq: number): number {
    if (seq === this.next) {
      this.next++
      this.distinct++
      return IN_ORDER
    }
    if (seq > this.next) {
      this.gaps.push(this.next, seq)
      this.next = seq + 1
      this.distinct++
      return IN_ORDER
    }
    const g = this.gaps
    let lo = 0
    let hi = g.length / 2 - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const from = g[mid * 2] as number
      const to = g[mid * 2 + 1] as number
      if (seq < from) hi = mid - 1
      else if (seq >= to) lo = mid + 1
      else {
        // fill the hole: shrink, drop or split the range
        if (from === seq && to === seq + 1) g.splice(mid * 2, 2)
        else if (from === seq) g[mid * 2] = seq + 1
        else if (to === seq + 1) g[mid * 2 + 1] = seq
        else g.splice(mid * 2 + 1, 0, seq, seq + 1)
        this.distinct++
        this.reordered++
        return REORDERED
      }
    }
    this.duplicates++
    return DUPLICATE
  }
}
