/** "probing qos1 (3/12)…" on stderr while check runs: only on a terminal, never with --json/--quiet. */
export interface ProbeProgress {
  show(text: string): void
  clear(): void
}

export function probeProgress(enabled: boolean): ProbeProgress {
  const on = enabled && process.stderr.isTTY === true && process.env.TERM !== 'dumb'
  let shown = false
  return {
    show: (text) => {
      if (!on) return
      process.stderr.write(`\r\u001b[2K${text}`)
      shown = true
    },
    clear: () => {
      if (shown) process.stderr.write('\r\u001b[2K')
      shown = false
    },
  }
}
