/**
 * Where a JSON text goes wrong, as an offset and a short reason. JSON.parse on Node 20 does not
 * always say where ("Unexpected token … is not valid JSON"), and a config error must name the line.
 */
export interface JsonProblem {
  offset: number
  reason: string
}

class Stop extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(reason)
  }
}

export function findJsonProblem(text: string): JsonProblem | undefined {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++
  }
  const fail = (reason: string): never => {
    throw new Stop(i, i >= text.length ? 'unexpected end of file' : reason)
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail(`unexpected '${text[i] ?? ''}' (strings need double quotes)`)
  }
  const string = () => {
    i++
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail('control character or line break inside a string')
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('bad \\u escape')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail('bad escape in a string')
      }
      i++
    }
    if (i >= text.length) fail('unterminated string')
    i++
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail(text[i] === '}' ? 'trailing comma before }' : 'expected a double-quoted property name')
        string()
        ws()
        if (text[i] !== ':') fail("expected ':' after the property name")
        i++
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') return void i++
        fail("expected ',' or '}' after a property value")
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ',') {
          i++
          ws()
          if (text[i] === ']') fail('trailing comma before ]')
          continue
        }
        if (text[i] === ']') return void i++
        fail("expected ',' or ']' after an array element")
      }
    }
    if (c === '"') return string()
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (num !== null && num[0] !== '') return void (i += num[0].length)
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    fail(`unexpected '${c ?? ''}' (strings need double quotes)`)
  }
  try {
    value()
    ws()
    if (i < text.length) fail('unexpected text after the end of the JSON value')
    return undefined
  } catch (err) {
    if (err instanceof Stop) return { offset: err.offset, reason: err.reason }
    throw err
  }
}
