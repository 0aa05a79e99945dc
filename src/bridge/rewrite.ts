/**
 * Topic rewriting for bridge: `--rewrite FROM TO` (repeatable) and `--prefix` (put in front, after the
 * rewrites), with replay's meaning: each rule in order replaces the first match of FROM in the topic
 * by TO (`$1`…`$9`, `${N}`, `$$`), so anchor it (`^site1/`) to match from the start. The engine is
 * RE2JS (linear time, as sub --match), not V8's: a topic sent by anyone on the upstream broker
 * cannot make a user's pattern backtrack for minutes. Compiled once, before connecting.
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

export interface RewriteRule {
  from: string
  to: string
}

/** A compiled rewrite: the new topic, or the topic unchanged when no rule matches. */
export type Rewrite = (topic: string) => string

type Part = string | number

/** `to/$1/${2}/$$` -> ['to/', 1, '/', 2, '/$']; group numbers checked against the pattern's. */
function parseReplacement(to: string, groups: number, rule: RewriteRule): Part[] {
  const parts: Part[] = []
  let text = ''
  for (let i = 0; i < to.length; i++) {
    const c = to[i]
    if (c !== '$') {
      text += c
      continue
    }
    const rest = to.slice(i + 1)
    const m = /^(\d)|^\{(\d+)\}|^(\$)/.exec(rest)
    if (m === null) throw new UsageError(`--rewrite '${escapeForTerminal(rule.from)}' '${escapeForTerminal(rule.to)}': a '$' in TO must be $1…$9, \${N} or $$ (a literal $).`)
    if (m[3] !== undefined) {
      text += '$'
    } else {
      const n = Number(m[1] ?? m[2])
      if (n > groups) throw new UsageError(`--rewrite '${escapeForTerminal(rule.from)}' '${escapeForTerminal(rule.to)}': TO uses $${n}, but FROM has ${groups === 0 ? 'no groups' : `only ${groups} group${groups === 1 ? '' : 's'}`} in parentheses.`)
      if (text !== '') parts.push(text)
      text = ''
      parts.push(n)
    }
    i += m[0].length
  }
  if (text !== '') parts.push(text)
  return parts
}

export async function compileRewrite(rules: RewriteRule[], prefix: string | undefined): Promise<Rewrite> {
  const add = prefix ?? ''
  if (rules.length === 0) return (topic) => add + topic
  const { RE2JS } = await import('re2js')
  const compiled = rules.map((rule) => {
    let re: InstanceType<typeof RE2JS>
    try {
      re = RE2JS.compile(rule.from)
    } catch (err) {
      const reason = (err as Error).message.replace(/^error parsing regexp: /, '')
      throw new UsageError(`Invalid --rewrite regular expression '${escapeForTerminal(rule.from)}': ${escapeForTerminal(reason)}.`, { cause: err, hint: "RE2 syntax; each rule replaces the first match (anchor it with ^): e.g. --rewrite '^site1/(.*)' 'mirror/$1'" })
    }
    return { re, parts: parseReplacement(rule.to, re.groupCount(), rule) }
  })
  return (topic) => {
    let out = topic
    for (const { re, parts } of compiled) {
      const m = re.matcher(out)
      if (!m.find()) continue
      let replaced = ''
      for (const p of parts) replaced += typeof p === 'string' ? p : (m.group(p) ?? '')
      out = out.slice(0, m.start()) + replaced + out.slice(m.end())
    }
    return add + out
  }
}
