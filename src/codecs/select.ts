/**
 * --select EXPR / --where EXPR: JMESPath (the @jmespath-community/jmespath implementation, loaded only
 * when one is given) over the decoded payload. --where keeps a message when the result is truthy
 * in JMESPath's sense (not false, null, "", [] or {}).
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { CodecError } from './types.js'

export type Expression = (value: unknown) => unknown

export async function compileExpression(text: string, flag: string): Promise<Expression> {
  const jmespath = await import('@jmespath-community/jmespath')
  let node: ReturnType<typeof jmespath.compile>
  try {
    node = jmespath.compile(text)
  } catch (err) {
    throw new UsageError(`${flag} '${escapeForTerminal(text)}' is not a valid JMESPath expression: ${escapeForTerminal((err as Error).message)}`, {
      hint: "e.g. --select temperature, --select 'metrics[?name==`Temp`].value | [0]', --where 'temperature > `30`'",
    })
  }
  const search = (value: unknown) => jmespath.TreeInterpreter.search(node, value as Parameters<typeof jmespath.TreeInterpreter.search>[1])
  // an unknown function is only found when the expression runs: run it once on an empty object now
  try {
    search({})
  } catch (err) {
    if (/unknown function/i.test((err as Error).message)) {
      throw new UsageError(`${flag} '${escapeForTerminal(text)}': ${escapeForTerminal((err as Error).message)}`, { hint: 'JMESPath functions: abs, avg, contains, ends_with, join, keys, length, max, min, sort, starts_with, sum, to_number, to_string, type, values, …' })
    }
  }
  return (value) => {
    try {
      return search(value)
    } catch (err) {
      // a function applied to the wrong type (e.g. abs("x")): the caller warns once per topic
      throw new CodecError(`${flag} '${text}' failed on this payload: ${(err as Error).message}`)
    }
  }
}

export function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}
