/**
 * Decoded messages in arrival order. Decoding is synchronous once a codec is loaded; the first
 * message that needs a codec not loaded yet (a content-type or a profile entry met for the first
 * time) waits for the import, and every message behind it waits its turn.
 */
import type { Outcome, PayloadDecoding } from '../codecs/session.js'
import type { ReceivedMessage } from '../output/message.js'

export function orderedDecoding(decoding: PayloadDecoding, print: (msg: ReceivedMessage) => void, fail: (err: unknown) => void, stopped: () => boolean): (msg: ReceivedMessage) => void {
  let queue: Promise<void> | undefined
  const settle = (msg: ReceivedMessage, outcome: Outcome) => {
    if (outcome === 'skip' || stopped()) return
    if (outcome !== undefined) msg.decoded = outcome
    print(msg)
  }
  return (msg) => {
    let outcome: Outcome | Promise<Outcome>
    try {
      outcome = decoding.decode(msg.topic, msg.payload, msg.properties?.contentType)
    } catch (err) {
      fail(err)
      return
    }
    if (queue === undefined && !(outcome instanceof Promise)) {
      settle(msg, outcome)
      return
    }
    const mine = (queue ?? Promise.resolve()).then(async () => settle(msg, await outcome))
    queue = mine
    mine.then(
      () => {
        if (queue === mine) queue = undefined
      },
      (err: unknown) => fail(err),
    )
  }
}
