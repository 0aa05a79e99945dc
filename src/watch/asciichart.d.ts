/** asciichart 1.5 ships no types: the one function mqtx uses. */
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number
    offset?: number
    padding?: string
    min?: number
    max?: number
    format?: (x: number, i: number) => string
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string
}
