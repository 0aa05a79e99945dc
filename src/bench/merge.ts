/** Exact merging of thread/file parts: counters summed, HDR histograms added, series aligned by wall-clock second. */
import { UsageError } from '../errors.js'
import { zeroCounts, type Counts, type PartResult, type StreamReport } from './part.js'
import { HIST_NAMES, SERIES_NAMES, decodeHistogram, encodeHistogram } from './recorder.js'

function addAt(target: number[], source: number[], offset: number): void {
  for (let i = 0; i < source.length; i++) {
    const k = i + offset
    while (target.length <= k) target.push(0)
    target[k] = (target[k] as number) + (source[i] as number)
  }
}

/** The measured window of these parts: the earliest start to the latest end. */
function windowOf(parts: PartResult[]): [number, number] | undefined {
  if (parts.length === 0) return undefined
  return [Math.min(...parts.map((p) => p.measureStartUs)), Math.max(...parts.map((p) => p.loadEndUs))]
}

export function mergeParts(parts: PartResult[], { strictIds = false } = {}): PartResult {
  const first = parts[0]
  if (first === undefined) throw new Error('nothing to merge')
  const originUs = Math.min(...parts.map((p) => p.originUs))
  const counts: Counts = zeroCounts()
  const seenPubs = new Set<number>()
  const streams = new Map<string, StreamReport>()
  const series = Object.fromEntries(SERIES_NAMES.map((n) => [n, [] as number[]])) as PartResult['series']
  const elu: number[] = []
  for (const p of parts) {
    for (const k of Object.keys(counts) as Array<keyof Counts>) counts[k] += p.counts[k]
    for (const row of p.publishers) {
      if (strictIds && seenPubs.has(row[0])) throw new UsageError(`publisher id ${row[0]} appears in two results: give each run its own --id-offset.`)
      seenPubs.add(row[0])
    }
    for (const s of p.streams) {
      const have = streams.get(s.key)
      if (have === undefined) {
        streams.set(s.key, { ...s, pubs: s.pubs.map((r) => [...r]) })
        continue
      }
      if (!s.shared && strictIds) throw new UsageError(`subscriber ${s.key} appears in two results: give each run its own --id-offset.`)
      const rows = new Map(have.pubs.map((r) => [r[0], r]))
      for (const r of s.pubs) {
        const h = rows.get(r[0])
        if (h === undefined) have.pubs.push([...r])
        else for (let i = 1; i < 4; i++) h[i] = (h[i] as number) + (r[i] as number)
      }
    }
    const shift = Math.round((p.originUs - originUs) / 1e6)
    for (const n of SERIES_NAMES) addAt(series[n], p.series[n], shift)
    p.generator.elu.forEach((v, i) => {
      const k = i + shift
      while (elu.length <= k) elu.push(0)
      elu[k] = Math.max(elu[k] as number, v)
    })
  }
  const hist = Object.fromEntries(
    HIST_NAMES.map((n) => {
      const h = decodeHistogram(first.hist[n])
      for (const p of parts.slice(1)) h.add(decodeHistogram(p.hist[n]))
      return [n, encodeHistogram(h)]
    }),
  ) as PartResult['hist']
  const sendWindowUs = windowOf(parts.filter((p) => p.publishers.length > 0))
  const receiveWindowUs = windowOf(parts.filter((p) => p.streams.length > 0))
  return {
    ...(sendWindowUs === undefined ? {} : { sendWindowUs }),
    ...(receiveWindowUs === undefined ? {} : { receiveWindowUs }),
    publishers: parts.flatMap((p) => p.publishers),
    streams: [...streams.values()],
    counts,
    hist,
    series,
    originUs,
    measureStartUs: Math.min(...parts.map((p) => p.measureStartUs)),
    loadEndUs: Math.max(...parts.map((p) => p.loadEndUs)),
    generator: {
      elu,
      delayP99Ms: Math.max(...parts.map((p) => p.generator.delayP99Ms)),
      delayMaxMs: Math.max(...parts.map((p) => p.generator.delayMaxMs)),
    },
    window: Math.min(...parts.map((p) => p.window)),
    receiveMaximum: Math.min(...parts.map((p) => p.receiveMaximum)),
    protocolVersion: first.protocolVersion,
  }
}
