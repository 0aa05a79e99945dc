/**
 * The one place that decides whether a stream gets colour.
 * chalk 5 reads FORCE_COLOR but not NO_COLOR, so both are handled here.
 */
export interface ColorEnv {
  isTTY: boolean
  env: NodeJS.ProcessEnv
}

export function wantsColor({ isTTY, env }: ColorEnv): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (force === '0' || force === 'false') return false
  if (env.TERM === 'dumb') return false
  return isTTY
}

export function streamWantsColor(stream: NodeJS.WriteStream): boolean {
  return wantsColor({ isTTY: stream.isTTY === true, env: process.env })
}
