/**
 * simulate's topic, payload and client id templates: text with `{{name args…}}` placeholders,
 * compiled once into a list of literal strings and small render functions (no parsing per message).
 * README "mqtx simulate" has the table; a mistake is a UsageError naming the flag and the column.
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import type { Random } from './random.js'
import { walkStep } from './random.js'

/** What a device keeps between its messages. */
export interface DeviceState {
  readonly index: number
  /** Messages this device has generated so far (the next one's {{seq}}). */
  seq: number
  readonly rnd: Random
  /** One value per {{walk}} placeholder (NaN until its first message). */
  readonly walks: number[]
  /** A --module generator's own per-device state. */
  readonly state: Record<string, unknown>
}

export interface RenderContext {
  device: DeviceState
  /** The message's scheduled time (ms since the epoch). */
  timeMs: number
}

type Render = (c: RenderContext) => string

export interface Template {
  readonly text: string
  /** No placeholders: the same text every time. */
  readonly constant: boolean
  render(c: RenderContext): string
  /** The literal parts and the values a {{pick}}/{{device LIST}} can give (topics are checked on them). */
  readonly fixedTexts: readonly string[]
}

export const PLACEHOLDERS = ['device', 'seq', 'time', 'int', 'float', 'walk', 'pick', 'uuid'] as const
type Name = (typeof PLACEHOLDERS)[number]

export interface CompileOptions {
  /** The flag, for messages: '-t', '-m', '-f gen.json', '-i'. */
  where: string
  /** Placeholders allowed here (default: all). */
  allowed?: readonly Name[]
  /** Walk slots are numbered across the templates of one run (topic and payload share a device's walks). */
  walks: { count: number }
}

interface Token {
  text: string
  col: number
}

function fail(o: CompileOptions, col: number, message: string): never {
  throw new UsageError(`template ${o.where} at column ${col}: ${message}`, { hint: "the placeholders are listed in 'mqtx simulate --help'" })
}

/** The words of one placeholder: whitespace-separated, "double quoted" for spaces (\" and \\ inside). */
function tokenize(inner: string, base: number, o: CompileOptions): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < inner.length) {
    if (/\s/.test(inner[i] as string)) {
      i++
      continue
    }
    const col = base + i
    if (inner[i] === '"') {
      let text = ''
      let j = i + 1
      for (; j < inner.length && inner[j] !== '"'; j++) {
        if (inner[j] === '\\' && j + 1 < inner.length) j++
        text += inner[j]
      }
      if (j >= inner.length) fail(o, col, 'the quoted text is not closed by "')
      tokens.push({ text, col })
      i = j + 1
    } else {
      let j = i
      while (j < inner.length && !/\s/.test(inner[j] as string)) j++
      tokens.push({ text: inner.slice(i, j), col })
      i = j
    }
  }
  return tokens
}

function number(o: CompileOptions, name: string, what: string, t: Token | undefined, at: number, whole = false): number {
  if (t === undefined) fail(o, at, `'${name}' needs ${what}`)
  const ok = whole ? /^-?\d+$/.test(t.text) : /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t.text)
  if (!ok || !Number.isFinite(Number(t.text))) fail(o, t.col, `'${name}' needs ${what}, not '${escapeForTerminal(t.text)}'`)
  // a whole number past 2^53 is not what was written (9007199254740993 reads as …992)
  if (whole && !Number.isSafeInteger(Number(t.text))) fail(o, t.col, `'${name}': ${t.text} is too large (at most ${Number.MAX_SAFE_INTEGER} either way)`)
  return Number(t.text)
}

function range(o: CompileOptions, name: string, args: Token[], at: number, whole: boolean): [number, number] {
  const kind = whole ? 'whole numbers' : 'numbers'
  const min = number(o, name, `MIN and MAX (${kind})`, args[0], at, whole)
  const max = number(o, name, `MIN and MAX (${kind})`, args[1], at, whole)
  if (min > max) fail(o, (args[0] as Token).col, `'${name}': MIN ${min} is above MAX ${max}`)
  // a span that overflows (walks reflect over twice the span) would give Infinity and NaN
  if (!Number.isFinite(2 * (max - min))) fail(o, (args[0] as Token).col, `'${name}': the range from ${min} to ${max} is too wide`)
  return [min, max]
}

function digits(o: CompileOptions, name: string, t: Token | undefined): number {
  if (t === undefined) return 2
  const d = number(o, name, 'DIGITS (0 to 15)', t, t.col, true)
  if (d < 0 || d > 15) fail(o, t.col, `'${name}': DIGITS must be 0 to 15, not ${d}`)
  return d
}

function tooMany(o: CompileOptions, name: string, args: Token[], max: number, usage: string): void {
  const extra = args[max]
  if (extra !== undefined) fail(o, extra.col, `'${name}' takes ${usage}; '${escapeForTerminal(extra.text)}' is one too many`)
}

/** One placeholder -> its render function (and the texts it can give, for topic checks). */
function placeholder(o: CompileOptions, tokens: Token[], at: number, fixed: string[]): Render {
  const [head, ...args] = tokens
  if (head === undefined) fail(o, at, 'empty placeholder {{}}')
  const name = head.text as Name
  if (!(PLACEHOLDERS as readonly string[]).includes(name)) fail(o, head.col, `unknown placeholder '${escapeForTerminal(head.text)}' (known: ${(o.allowed ?? PLACEHOLDERS).join(', ')})`)
  if (o.allowed !== undefined && !o.allowed.includes(name)) fail(o, head.col, `'${name}' cannot be used in ${o.where} (there: ${o.allowed.join(', ')})`)
  switch (name) {
    case 'device': {
      if (args.length === 0) return (c) => String(c.device.index)
      const items = args.map((a) => a.text)
      fixed.push(...items)
      // names from the list, numbered once it runs out: kitchen, hall, kitchen-2, hall-2, …
      return (c) => {
        const i = c.device.index
        const round = Math.floor(i / items.length)
        const item = items[i % items.length] as string
        return round === 0 ? item : `${item}-${round + 1}`
      }
    }
    case 'seq':
      tooMany(o, name, args, 0, 'no arguments')
      return (c) => String(c.device.seq)
    case 'uuid':
      tooMany(o, name, args, 0, 'no arguments')
      return (c) => c.device.rnd.uuid()
    case 'time': {
      tooMany(o, name, args, 1, 'one argument at most (ms or s)')
      const unit = args[0]
      if (unit === undefined) return (c) => new Date(c.timeMs).toISOString()
      if (unit.text === 'ms') return (c) => String(Math.floor(c.timeMs))
      if (unit.text === 's') return (c) => String(Math.floor(c.timeMs / 1000))
      fail(o, unit.col, `'time' takes ms or s (or nothing, for ISO 8601), not '${escapeForTerminal(unit.text)}'`)
      break
    }
    case 'int': {
      tooMany(o, name, args, 2, 'MIN MAX')
      const [min, max] = range(o, name, args, head.col, true)
      return (c) => String(c.device.rnd.int(min, max))
    }
    case 'float': {
      tooMany(o, name, args, 3, 'MIN MAX [DIGITS]')
      const [min, max] = range(o, name, args, head.col, false)
      const d = digits(o, name, args[2])
      return (c) => c.device.rnd.float(min, max).toFixed(d)
    }
    case 'walk': {
      tooMany(o, name, args, 4, 'MIN MAX [STEP] [DIGITS]')
      const [min, max] = range(o, name, args, head.col, false)
      const stepToken = args[2]
      const step = stepToken === undefined ? (max - min) / 50 : number(o, name, 'STEP (a number above 0)', stepToken, stepToken.col)
      if (step <= 0 && max > min) fail(o, (stepToken as Token).col, `'walk': STEP must be above 0, not ${step}`)
      const d = digits(o, name, args[3])
      const slot = o.walks.count++
      return (c) => {
        const dev = c.device
        const prev = dev.walks[slot]
        const v = prev === undefined || Number.isNaN(prev) ? dev.rnd.float(min, max) : walkStep(prev, dev.rnd, min, max, step)
        dev.walks[slot] = v
        return v.toFixed(d)
      }
    }
    case 'pick': {
      if (args.length === 0) fail(o, head.col, "'pick' needs at least one item to choose from")
      const items = args.map((a) => a.text)
      fixed.push(...items)
      return (c) => c.device.rnd.pick(items)
    }
  }
  throw new Error('unreachable')
}

export function compileTemplate(text: string, o: CompileOptions): Template {
  const parts: Array<string | Render> = []
  const fixed: string[] = []
  let literal = ''
  let i = 0
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      literal += '{{'
      i += 3
      continue
    }
    if (!text.startsWith('{{', i)) {
      literal += text[i]
      i++
      continue
    }
    const close = text.indexOf('}}', i + 2)
    if (close < 0) fail(o, i + 1, "'{{' is not closed by '}}' (a literal {{ is written \\{{)")
    if (literal !== '') parts.push(literal)
    fixed.push(literal)
    literal = ''
    const inner = text.slice(i + 2, close)
    parts.push(placeholder(o, tokenize(inner, i + 3, o), i + 1, fixed))
    i = close + 2
  }
  if (literal !== '' || parts.length === 0) parts.push(literal)
  fixed.push(literal)
  const only = parts[0]
  if (parts.length === 1 && typeof only === 'string') return { text, constant: true, render: () => only, fixedTexts: fixed }
  return {
    text,
    constant: false,
    fixedTexts: fixed,
    render: (c) => {
      let out = ''
      for (const p of parts) out += typeof p === 'string' ? p : p(c)
      return out
    },
  }
}
