/** A tiny terminal: applies text, \r, \n, CSI n A/B and CSI 2K to a screen of lines (no scrolling needed here). */
export function screen(bytes: string): string[] {
  const lines: string[] = ['']
  let row = 0
  let col = 0
  const put = (ch: string) => {
    const line = (lines[row] ?? '').padEnd(col, ' ')
    lines[row] = line.slice(0, col) + ch + line.slice(col + 1)
    col++
  }
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i] as string
    if (ch === '\r') col = 0
    else if (ch === '\n') {
      row++
      col = 0
      if (lines[row] === undefined) lines[row] = ''
    } else if (ch === '\u001b') {
      const m = /^\u001b\[(\d*)([ABK])/.exec(bytes.slice(i)) as RegExpExecArray
      const n = Number(m[1] || 1)
      if (m[2] === 'A') row -= n
      else if (m[2] === 'B') row += n
      else lines[row] = ''
      i += m[0].length - 1
    } else put(ch)
  }
  return lines
}
