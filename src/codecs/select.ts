/**
 * --select EXPR / --where EXPR: JMESPath (the @jmespath-community/jmespath implementation, loaded only
 * when one is given) over the decoded payload. --where keeps a message when the result is truthy
 * in JMESPath's sense (not false, null, "", [] or {}).
 */
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

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
  return (value) => {
    try {
      return jmespath.TreeInterpreter.search(node, value as Parameters<typeof jmespath.TreeInterpreter.search>[1])
    } catch {
      // a function applied to the wrong type (e.g. abs("x")): no value for this message
      return null
    }
  }
}

export function isTruthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}
