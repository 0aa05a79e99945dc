/**
 * The shared connection layer's errors name pub/sub's flags (-u, --cafile, -L …); bridge sets each
 * side with its own (--to-username, --from-cafile, the --from URL), so its errors are reworded for
 * the side they happened on. Pure: test/unit/bridge.test.ts.
 */
export type Side = 'from' | 'to'

const WORDS: Array<[RegExp, (side: Side, name: string) => string]> = [
  [/-u and the password \(-P, --password-file or MQTX_PASSWORD\)/g, (s) => `--${s}-username and the password (--${s}-password-file, or user:pass@ in the --${s} URL)`],
  [/the spelling of -h \/ the URL/g, (s) => `the spelling of the host in --${s}`],
  [/ URL \(-L\)/g, (s) => ` URL (--${s})`],
  [/(?<![\w-])--(cafile|cert|key|insecure)(?![\w-])/g, (s, name) => `--${s}-${name}`],
]

/** `text` with pub/sub's connection flags replaced by the side's own. */
export function sideWords(text: string, side: Side): string {
  let out = text
  for (const [re, to] of WORDS) out = out.replace(re, (_all, name: string | undefined) => to(side, name ?? ''))
  return out
}
