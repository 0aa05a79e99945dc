/** Per-thread measurements: HDR histograms (µs), per-second series, generator self-check. */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks'
import * as hdr from 'hdr-histogram-js'

export type Histogram = ReturnType<typeof hdr.build>

export const HIST_NAMES = ['e2e', 'e2eActual', 'ack', 'connect', 'subscribe'] as const
export type HistName = (typeof HIST_NAMES)[number]

export const SERIES_NAMES = ['offered', 'acked', 'received', 'bytesOut', 'bytesIn'] as const
export type SeriesName = (typeof SERIES_NAMES)[number]

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true })
}

export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h)
}

export function decodeHistogram(text: string): Histogram {
  const h = newHistogram()
  h.add(hdr.decodeFromCompressedBase64(text))
  return h
}

export interface GeneratorSample {
  /** Event-loop utilisation per second of the load (0..1). */
  elu: number[]
  delayP99Ms: number
  delayMaxMs: number
}

export class Recorder {
  readonly hist: Record<HistName, Histogram> = {
    e2e: newHistogram(),
    e2eActual: newHistogram(),
    ack: newHistogram(),
    connect: newHistogram(),
    subscribe: newHistogram(),
  }
  readonly series: Record<SeriesName, number[]> = { offered: [], acked: [], received: [], bytesOut: [], bytesIn: [] }
  originUs = 0
  private elu: number[] = []
  private eluPrev: EventLoopUtilization | undefined
  private eluTimer: NodeJS.Timeout | undefined
  private delay: IntervalHistogram | undefined

  bump(name: SeriesName, atUs: number, n: number): void {
    // before the start (origin 0) there is no series yet; a day is the most a series can hold
    if (this.originUs === 0) return
    const sec = Math.min(86_400, Math.max(0, Math.floor((atUs - this.originUs) / 1e6)))
    const arr = this.series[name]
    while (arr.length <= sec) arr.push(0)
    arr[sec] = (arr[sec] as number) + n
  }

  startSampling(): void {
    this.delay = monitorEventLoopDelay({ resolution: 10 })
    this.delay.enable()
    this.eluPrev = performance.eventLoopUtilization()
    this.eluTimer = setInterval(() => {
      const now = performance.eventLoopUtilization()
      this.elu.push(performance.eventLoopUtilization(now, this.eluPrev).utilization)
      this.eluPrev = now
    }, 1000)
    this.eluTimer.unref()
  }

  stopSampling(): GeneratorSample {
    clearInterval(this.eluTimer)
    this.delay?.disable()
    const d = this.delay
    return {
      elu: this.elu.map((v) => Math.round(v * 1000) / 1000),
      delayP99Ms: d === undefined || d.count === 0 ? 0 : d.percentile(99) / 1e6,
      delayMaxMs: d === undefined || d.count === 0 ? 0 : d.max / 1e6,
    }
  }
}
