/**
 * sub --watch (mosquitto 2.1): each topic keeps one line, rewritten in place when a new message
 * arrives. Pure state and the bytes that bring a terminal up to date (cursor up/down, clear line);
 * the caller writes them, coalesced. Lines are escaped and cut to the width so that nothing wraps
 * (a wrapped line would break the line arithmetic). When there are more topics than the terminal has
 * lines, the topics that do not fit are counted on a last status line instead of scrolling the
 * board away.
 */
import { escapeForTerminal } from './escape.js'

export interface WatchSize {
  rows: number
  columns: number
}

const CSI = '\u001b['

/** Terminal columns a code point takes: 2 for East Asian wide/fullwidth and emoji, else 1. */
function cellWidth(cp: number): number {
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) return 2
  return 1
}

/** At most `columns - 1` cells (writing the last column wraps on some terminals); cut text ends in an ellipsis. */
export function fitWidth(text: string, columns: number): string {
  const room = Math.max(1, columns - 1)
  const chars = [...text]
  const widths = chars.map((ch) => cellWidth(ch.codePointAt(0) as number))
  if (widths.reduce((a, b) => a + b, 0) <= room) return text
  let used = 0
  let out = ''
  for (let i = 0; i < chars.length; i++) {
    const w = widths[i] as number
    if (used + w > room - 1) break
    used += w
    out += chars[i] as string
  }
  return `${out}\u2026`
}

export class WatchBoard {
  private readonly index = new Map<string, number>()
  private readonly lines: string[] = []
  private readonly dirty = new Set<number>()
  /** Topic lines on the screen so far (each ended with a newline). */
  private drawnTopics = 0
  private readonly hidden = new Set<string>()
  private statusDrawn: string | undefined

  /** A message's text for its topic (escaped here). */
  update(topic: string, text: string, size: WatchSize): void {
    const clean = escapeForTerminal(text)
    const at = this.index.get(topic)
    if (at !== undefined) {
      this.lines[at] = clean
      this.dirty.add(at)
      return
    }
    if (this.hidden.has(topic)) return
    if (this.lines.length >= capacity(size)) {
      this.hidden.add(topic)
      return
    }
    this.index.set(topic, this.lines.length)
    this.lines.push(clean)
  }

  /** Something else was written below the board (a stderr line): the next render draws it whole, below that. */
  reset(): void {
    this.drawnTopics = 0
    this.statusDrawn = undefined
    this.dirty.clear()
  }

  /** Whether render() would write anything. */
  get pending(): boolean {
    return this.dirty.size > 0 || this.lines.length > this.drawnTopics || this.status() !== this.statusDrawn
  }

  private status(): string | undefined {
    const n = this.hidden.size
    return n === 0 ? undefined : `(${n} more topic${n === 1 ? '' : 's'} not shown: the terminal is too short)`
  }

  /** The bytes that update the screen; the cursor starts and ends at the start of the line below the board. */
  render(size: WatchSize): string {
    let out = ''
    const below = () => this.drawnTopics + (this.statusDrawn === undefined ? 0 : 1)
    for (const i of this.dirty) {
      if (i >= this.drawnTopics) continue
      const up = below() - i
      out += `${CSI}${up}A\r${CSI}2K${fitWidth(this.lines[i] as string, size.columns)}${CSI}${up}B\r`
    }
    this.dirty.clear()
    // new topics appear only while no status line is drawn (it appears once the board is full)
    for (; this.drawnTopics < this.lines.length; this.drawnTopics++) out += `${fitWidth(this.lines[this.drawnTopics] as string, size.columns)}\n`
    const status = this.status()
    if (status !== this.statusDrawn && status !== undefined) {
      if (this.statusDrawn === undefined) out += `${fitWidth(status, size.columns)}\n`
      else out += `${CSI}1A\r${CSI}2K${fitWidth(status, size.columns)}\n`
      this.statusDrawn = status
    }
    return out
  }
}

/** Topic lines that fit: the board, its status line and the cursor's line must not scroll the top line away. */
export function capacity(size: WatchSize): number {
  return Math.max(1, size.rows - 2)
}

/** The terminal's size, or 24x80 when it reports none (a pseudo-terminal without a size). */
export function terminalSize(out: { rows?: number; columns?: number }): WatchSize {
  return { rows: out.rows !== undefined && out.rows > 0 ? out.rows : 24, columns: out.columns !== undefined && out.columns > 0 ? out.columns : 80 }
}
