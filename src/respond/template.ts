/**
 * respond's --template: a tiny substitution, no code. `{{ NAME }}` or `{{ NAME | json }}`, where NAME
 * is topic, topic.N (the N-th level, from 0), payload (the request as UTF-8 text), payload.FIELD.SUB
 * or payload.items[0] (fields of the request parsed as JSON), qos, seq (1 for the first request),
 * time (ISO 8601), responseTopic, correlationData (as text). A string is written as it is, anything
 * else as JSON; `| json` writes the value as JSON always (a string in quotes, escaped). A name the
 * request does not have is empty ('null' with | json) and warned about once. Parsed once, before
 * connecting: a malformed template is a usage error.
 */
import { UsageError } from '../errors.js'
import { jsonNestingExceeds } from '../output/cjson.js'
import { escapeForTerminal } from '../output/escape.js'

export interface TemplateRequest {
  topic: string
  payload: Buffer
  qos: number
  seq: number
  responseTopic?: string
  correlationData?: Buffer
}

type Root = 'topic' | 'payload' | 'qos' | 'seq' | 'time' | 'responseTopic' | 'correlationData'
const ROOTS: readonly Root[] = ['topic', 'payload', 'qos', 'seq', 'time', 'responseTopic', 'correlationData']

interface Slot {
  source: string
  root: Root
  path: string[]
  json: boolean
}

export interface Rendered {
  payload: Buffer
  /** Placeholders the request could not fill (by their text). */
  missing: string[]
}

export type Template = (request: TemplateRequest) => Rendered

const NAME = /^([A-Za-z]+)((?:\.[^.[\]\s|]+|\[\d+\])*)$/

function parseSlot(inner: string, at: number, text: string): Slot {
  const [name = '', filter, ...extra] = inner.split('|').map((s) => s.trim())
  const where = `--template: {{${escapeForTerminal(inner)}}} at position ${at + 1}`
  if (extra.length > 0 || (filter !== undefined && filter !== 'json')) throw new UsageError(`${where}: the only filter is '| json'.`, { hint: `e.g. {{payload.name | json}}; the template was '${escapeForTerminal(text)}'` })
  const m = NAME.exec(name)
  const root = m?.[1] as Root | undefined
  if (m === null || root === undefined || !ROOTS.includes(root)) {
    throw new UsageError(`${where}: unknown name (use topic, topic.N, payload, payload.FIELD, qos, seq, time, responseTopic or correlationData).`)
  }
  const path = (m[2] ?? '').replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => p !== '')
  if (path.length > 0 && root !== 'topic' && root !== 'payload') throw new UsageError(`${where}: only topic and payload have parts (topic.N, payload.FIELD).`)
  if (root === 'topic' && path.length > 0 && (path.length !== 1 || !/^\d+$/.test(path[0] ?? ''))) throw new UsageError(`${where}: topic.N takes a level number, from 0.`)
  return { source: `{{${inner}}}`, root, path, json: filter === 'json' }
}

/** Parse once; the returned function fills it per request. */
export function compileTemplate(text: string): Template {
  const parts: Array<string | Slot> = []
  let i = 0
  while (i < text.length) {
    const open = text.indexOf('{{', i)
    const stray = text.indexOf('}}', i)
    if (stray !== -1 && (open === -1 || stray < open)) throw new UsageError(`--template: '}}' at position ${stray + 1} closes nothing (a placeholder is {{name}}).`)
    if (open === -1) {
      parts.push(text.slice(i))
      break
    }
    if (open > i) parts.push(text.slice(i, open))
    const close = text.indexOf('}}', open + 2)
    if (close === -1) throw new UsageError(`--template: the '{{' at position ${open + 1} is not closed with '}}'.`)
    parts.push(parseSlot(text.slice(open + 2, close), open, text))
    i = close + 2
  }
  return (request) => {
    let parsed: { ok: boolean; value?: unknown } | undefined
    const json = () => {
      if (parsed === undefined) {
        const text = request.payload.toString('utf8')
        try {
          // nested deeper than JSON.stringify can write back ({{payload | json}}): taken as not JSON
          parsed = jsonNestingExceeds(text) ? { ok: false } : { ok: true, value: JSON.parse(text) as unknown }
        } catch {
          parsed = { ok: false }
        }
      }
      return parsed
    }
    const missing: string[] = []
    let out = ''
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part
        continue
      }
      const value = lookupValue(part, request, json)
      if (value === undefined) missing.push(part.source)
      out += part.json ? JSON.stringify(value ?? null) : value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)
    }
    return { payload: Buffer.from(out, 'utf8'), missing }
  }
}

function lookupValue(slot: Slot, r: TemplateRequest, json: () => { ok: boolean; value?: unknown }): unknown {
  switch (slot.root) {
    case 'topic':
      return slot.path.length === 0 ? r.topic : r.topic.split('/')[Number(slot.path[0])]
    case 'qos':
      return r.qos
    case 'seq':
      return r.seq
    case 'time':
      return new Date().toISOString()
    case 'responseTopic':
      return r.responseTopic
    case 'correlationData':
      return r.correlationData?.toString('utf8')
    case 'payload': {
      if (slot.path.length === 0) return r.payload.toString('utf8')
      const doc = json()
      if (!doc.ok) return undefined
      let value: unknown = doc.value
      for (const key of slot.path) {
        // own properties only: payload.__proto__ or payload.constructor are not reachable
        if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined
        value = (value as Record<string, unknown>)[key]
      }
      return value
    }
  }
}
