/** What one thread's share of the load reports back (serialisable: crosses worker_threads and JSON). */
import type { GeneratorSample, HistName, SeriesName } from './recorder.js'

/** [publisher id, sent, acked, rejected, in flight at the end, topic]. */
export type PublisherRow = [number, number, number, number, number, string]
/** [publisher id, distinct, duplicates, reordered]. */
export type StreamRow = [number, number, number, number]

export interface StreamReport {
  /** `s<index>` for a subscriber, the full `$share/…` filter for a shared group. */
  key: string
  shared: boolean
  filter: string
  pubs: StreamRow[]
}

export interface Counts {
  sent: number
  sentMeasured: number
  acked: number
  ackedMeasured: number
  rejected: number
  /** Every PUBLISH received, duplicates included. */
  receipts: number
  receivedMeasured: number
  bytesOutMeasured: number
  bytesInMeasured: number
  /** Messages without a valid bench header (retained leftovers, other publishers). */
  foreign: number
  connectionsLost: number
  /** Messages due by the schedule but never sent (window or socket full, or the generator behind). */
  unsent: number
}

export function zeroCounts(): Counts {
  return { sent: 0, sentMeasured: 0, acked: 0, ackedMeasured: 0, rejected: 0, receipts: 0, receivedMeasured: 0, bytesOutMeasured: 0, bytesInMeasured: 0, foreign: 0, connectionsLost: 0, unsent: 0 }
}

export interface PartResult {
  publishers: PublisherRow[]
  streams: StreamReport[]
  counts: Counts
  hist: Record<HistName, string>
  series: Record<SeriesName, number[]>
  originUs: number
  measureStartUs: number
  loadEndUs: number
  generator: GeneratorSample
  /** The QoS 1/2 window actually used (smallest over this part's publishers), and the broker's Receive Maximum. */
  window: number
  receiveMaximum: number
  protocolVersion: number
  /**
   * Merged files only (`bench merge` of pub and sub runs): the measured window of the parts that
   * published and of those that subscribed, so each side's rates use its own window.
   */
  sendWindowUs?: [startUs: number, endUs: number]
  receiveWindowUs?: [startUs: number, endUs: number]
}

export interface Progress {
  sent: number
  acked: number
  receipts: number
  errors: number
  p99Us: number
}
