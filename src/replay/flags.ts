/** `mqtx replay`'s own flags, declared once (src/flags/define.ts); connection options come on top. */
import { InvalidArgumentError } from 'commander'
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseIntegerIn, parseQos, parseRewrite } from '../mqtt/parsers.js'
import { reconnectFlags } from '../session/link.js'

const R = 'Replay options:'

/** --speed: a factor (2, 0.5) or "max" (no pacing); Infinity for max. */
export function parseSpeed(value: string): number {
  const v = value.trim().toLowerCase()
  if (v === 'max') return Number.POSITIVE_INFINITY
  const n = Number(v.replace(/x$/, ''))
  if (!/^(\d+(\.\d+)?|\.\d+)x?$/.test(v) || !(n > 0) || n > 1_000_000) throw new InvalidArgumentError('--speed must be a factor such as 2, 0.5 or 10, or max.')
  return n
}

export const REPLAY_FLAGS = defineFlags({
  speed: { flags: '--speed <factor>', help: 'play faster (2, 10) or slower (0.5) than recorded, or max: as fast as the broker takes them (default: 1, the recorded timing)', group: R, parse: parseSpeed },
  loop: { flags: '--loop <n>', help: 'play the recording n times (0: until interrupted)', group: R, parse: parseIntegerIn('--loop', 0, 1_000_000_000) },
  since: { flags: '--since <time>', help: 'skip messages recorded before this: an ISO time (2026-11-26T10:00:00Z) or a duration from the first message (90s, 5m)', group: R },
  until: { flags: '--until <time>', help: 'stop at messages recorded after this: an ISO time or a duration from the first message', group: R },
  topic: { flags: '-t, --topic <filter>', help: 'only replay recorded topics that match this filter (repeatable; + and #)', group: R, parse: collect },
  rewrite: { flags: '--rewrite <from> <to>', help: "rewrite topics: a regular expression and its replacement ($1 … for groups), e.g. --rewrite '^site1/(.*)' 'site2/$1' (repeatable, applied in order)", group: R, parse: parseRewrite },
  prefix: { flags: '--prefix <prefix>', help: 'put this in front of every topic (after --rewrite)', group: R },
  qos: { flags: '-q, --qos <qos>', help: 'send every message at this QoS (default: as recorded)', group: R, parse: parseQos },
  retain: { flags: '-r, --retain', help: 'send every message retained (default: as recorded)', group: R },
})

/** --no-retain: its own declaration, since its attribute is --retain's (commander: undefined unless one is given). */
export const REPLAY_NO_RETAIN_FLAG = defineFlags({
  retain: { flags: '--no-retain', help: 'send every message not retained', group: R },
})

export const REPLAY_MORE_FLAGS = defineFlags({
  properties: { flags: '--no-properties', help: 'leave out the recorded v5 properties (-D publish … still adds its own)', group: R },
  dryRun: { flags: '--dry-run', help: 'print what would be sent (NDJSON, with its delay in ms) without connecting', group: R },
  ...reconnectFlags(R),
})

export type RawReplayOptions = RawConnectionOptions & OptionsOf<typeof REPLAY_FLAGS> & OptionsOf<typeof REPLAY_MORE_FLAGS>
