/** Minimal roff (man macros) writing: escaping and a few building blocks. */

/** Escape text for roff: backslashes, option-like hyphens, and control characters at line start. */
export function esc(text: string): string {
  const body = text
    .replace(/\\/g, '\\e')
    .replace(/(^|[\s([/|,=])(--?)(?=[A-Za-z0-9])/g, (_m, pre: string, dashes: string) => `${pre}${dashes.replace(/-/g, '\\-')}`)
  return body
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${(c.codePointAt(0) ?? 0x3f).toString(16).toUpperCase().padStart(4, '0')}]`)
    .split('\n')
    .map((line) => (/^[.']/.test(line) ? `\\&${line}` : line))
    .join('\n')
}

/** An option name with every hyphen as a minus sign: --topic-alias -> \-\-topic\-alias. */
export function flag(word: string): string {
  return word.replace(/-/g, '\\-')
}

/** Paragraphs separated by blank lines become .PP blocks; single newlines are joined. */
export function paragraphs(text: string): string[] {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => esc(p.replace(/\s*\n\s*/g, ' ').trim()))
    .filter((p) => p !== '')
    .flatMap((p, i) => (i === 0 ? [p] : ['.PP', p]))
}

/** A verbatim block (commands, JSON), indented, no filling. */
export function verbatim(lines: string[]): string[] {
  return ['.PP', '.RS 4', '.nf', ...lines.map((l) => esc(l)), '.fi', '.RE']
}

/** A .TP entry: a bold tag line and an indented paragraph. */
export function tagged(tag: string, body: string): string[] {
  return ['.TP', tag, esc(body.replace(/\s*\n\s*/g, ' ').trim())]
}
