/** sub --watch: messages go to a WatchBoard; the terminal is redrawn at most 10 times a second. */
import { observeStderr } from '../output/log.js'
import { terminalSize, WatchBoard } from '../output/watch.js'
import type { StdoutWriter } from '../output/writer.js'

const REDRAW_MS = 100

export interface WatchSink {
  show(topic: string, rendered: Buffer | string): void
  /** Draw what is pending (at the end of the run). */
  close(): void
}

export function startWatch(writer: StdoutWriter, out: { rows?: number; columns?: number } = process.stdout): WatchSink {
  const board = new WatchBoard()
  let timer: NodeJS.Timeout | undefined
  const draw = () => {
    timer = undefined
    if (board.pending) writer.write(board.render(terminalSize(out)))
  }
  // a warning on the same terminal lands below the board and moves it up: draw it again below the line
  if (process.stderr.isTTY === true) {
    observeStderr({
      before: () => writer.flush(),
      after: () => {
        board.reset()
        timer ??= setTimeout(draw, REDRAW_MS)
      },
    })
  }
  return {
    show(topic, rendered) {
      // text as the bytes would read back (a lone surrogate becomes U+FFFD, as before)
      const text = (typeof rendered === 'string' ? Buffer.from(rendered, 'utf8') : rendered).toString('utf8').replace(/\n$/, '')
      board.update(topic, text, terminalSize(out))
      timer ??= setTimeout(draw, REDRAW_MS)
    },
    close() {
      observeStderr(undefined)
      clearTimeout(timer)
      draw()
    },
  }
}
