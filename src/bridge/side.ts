/**
 * The shared connection layer's messages name pub/sub's flags (-u, --cafile, -L …); bridge sets each
 * side with its own (--to-username, --from-cafile, the --from URL), so its usage and connection
 * errors are reworded for the side they are about. Pure: test/unit/bridge.test.ts.
 */
export type Side = 'from' | 'to'

/** A flag as a whole word: not inside another one (--cafile-x, a-L). */
const flag = (words: string): RegExp => new RegExp(`(?<![\\w-])(${words})(?![\\w-])`, 'g')

const WORDS: Array<[RegExp, (side: Side, name: string) => string]> = [
  [/-u and the password \(-P, --password-file or MQTX_PASSWORD\)/g, (s) => `--${s}-username and the password (--${s}-password-file, or user:pass@ in the --${s} URL)`],
  [/the spelling of -h \/ the URL/g, (s) => `the spelling of the host in --${s}`],
  // bridge has no --servername of its own: the name to connect by goes in the URL
  [/connect by a listed name, pass --servername <listed name>, or/g, (s) => `connect by a listed name (the host in --${s}), or`],
  [flag('--cafile|--cert|--key|--insecure|--password-file'), (s, name) => `--${s}-${name.slice(2)}`],
  [flag('-u|--username'), (s) => `--${s}-username`],
  [flag('-V'), (s) => `--${s}-protocol-version`],
  [flag('-L'), (s) => `--${s}`],
  [flag('-i'), (s) => (s === 'to' ? '-i/--to-id' : '-i')],
]

/** `text` with pub/sub's connection flags replaced by the side's own. */
export function sideWords(text: string, side: Side): string {
  let out = text
  for (const [re, to] of WORDS) out = out.replace(re, (all: string, name: string | undefined) => to(side, name ?? all))
  return out
}
