/**
 * The one place that decides whether a stream gets colour.
 * chalk 5 reads FORCE_COLOR but not NO_COLOR, so both are handled here.
 */
import type { Chalk as ChalkClass } from 'chalk'

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

export function streamWantsColor(stream: { isTTY?: boolean }): boolean {
  return wantsColor({ isTTY: stream.isTTY === true, env: process.env })
}

/** The styles mqtx colours with (status words, JSON highlighting, the human view's dim parts). */
export type Style = 'dim' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'heading'

export type Paint = (style: Style, text: string) => string

const plain: Paint = (_style, text) => text

let Chalk: typeof ChalkClass | undefined

/**
 * chalk is loaded only when a stream wants colour: src/cli.ts awaits this before anything is written
 * when stdout or stderr does (a run in a pipe, like a cold `mqtx pub` in a script, never loads it).
 */
export async function loadColor(): Promise<void> {
  Chalk ??= (await import('chalk')).Chalk
}

/**
 * For a library that paints with chalk's default instance (Ink, under mqtx watch): its level follows
 * the decision above, not supports-color's guess (which says none whenever CI is set).
 */
export async function decideDefaultChalk(color: boolean): Promise<void> {
  const { default: chalk } = await import('chalk')
  chalk.level = color ? (Math.max(1, chalk.level) as 1 | 2 | 3) : 0
}

/** Does stdout or stderr want colour (then src/cli.ts loads chalk first)? */
export function anyStreamWantsColor(): boolean {
  return streamWantsColor(process.stderr) || streamWantsColor(process.stdout)
}

/**
 * Colour through chalk, configured here from the decision above (chalk 5 would read FORCE_COLOR and
 * the terminal itself but not NO_COLOR): basic 16 colours, or none.
 */
export function painter(color: boolean): Paint {
  if (!color || Chalk === undefined) return plain
  const c = new Chalk({ level: 1 })
  const styles: Record<Style, (text: string) => string> = {
    dim: c.dim,
    red: c.red,
    green: c.green,
    yellow: c.yellow,
    blue: c.blue,
    magenta: c.magenta,
    cyan: c.cyan,
    heading: c.cyan.bold,
  }
  return (style, text) => styles[style](text)
}

/**
 * A live status line on stderr (progress, "probing …"): only on a terminal that is not dumb and
 * says how wide it is (ora redraws by width: with 0 columns it would move the cursor up forever).
 */
export function liveLineWanted(): boolean {
  return process.stderr.isTTY === true && process.env.TERM !== 'dumb' && (process.stderr.columns ?? 0) > 0
}
