/**
 * Make text a remote party sent safe for a terminal: control characters, escape sequences,
 * DEL and C1 controls (and lone surrogates / bidi overrides) become visible escapes, so a payload
 * cannot move the cursor, retitle the window or rewrite the screen.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu

const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u001b': '\\e',
  '\\': '\\\\',
}

export function escapeForTerminal(text: string, { keepNewlines = false } = {}): string {
  return text.replace(UNSAFE, (ch) => {
    if (keepNewlines && ch === '\n') return ch
    const named = NAMED[ch]
    if (named !== undefined) return named
    const code = ch.codePointAt(0) ?? 0
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
  })
}
