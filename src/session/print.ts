/**
 * The one message-print loop under sub and rr: (decode in arrival order →) render → write, a -F %J
 * payload that is not JSON warned about and skipped, then the caller's count. Each command says only
 * what differs: where the rendered bytes go (sub --watch), whether to render at all (sub
 * --message-rate counts instead), and the wording of the %J warning.
 */
import type { PayloadDecoding } from '../codecs/session.js'
import { FormatError } from '../output/format.js'
import { logWarn } from '../output/log.js'
import type { ReceivedMessage } from '../output/message.js'
import { renderMessage, type OutputPlan } from '../output/render.js'
import type { StdoutWriter } from '../output/writer.js'
import { orderedDecoding } from './ordered.js'

export interface PrintLoop {
  output: OutputPlan
  writer: StdoutWriter
  decoding?: PayloadDecoding
  stopped: () => boolean
  fail: (err: unknown) => void
  /** after each message that reached the printer (printed, skipped by %J, or only counted) */
  handled: (msg: ReceivedMessage) => void
  /** the warning for a -F %J payload that is not JSON */
  notJson: (msg: ReceivedMessage) => string
  /** where rendered output goes instead of the writer (sub --watch) */
  show?: (msg: ReceivedMessage, out: Buffer | string) => void
  /** false: do not render, only count (sub --message-rate) */
  render?: boolean
}

/** The function to hand every message that passed the command's own checks. */
export function messagePrinter(o: PrintLoop): (msg: ReceivedMessage) => void {
  const show = o.show ?? ((_msg: ReceivedMessage, out: Buffer | string) => o.writer.write(out))
  const print = (msg: ReceivedMessage) => {
    if (o.render !== false) {
      try {
        const out = renderMessage(o.output, msg, logWarn)
        if (out !== undefined) show(msg, out)
      } catch (err) {
        if (!(err instanceof FormatError)) throw err
        logWarn(o.notJson(msg))
      }
    }
    o.handled(msg)
  }
  return o.decoding === undefined ? print : orderedDecoding(o.decoding, print, o.fail, o.stopped)
}
