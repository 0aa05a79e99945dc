/** For tests that freeze a broker mid-stream: the kernel's view of a socket's unread bytes, and a bounded poll. */
import { readFileSync } from 'node:fs'

/** Bytes waiting, unread, in the receive queue of a socket bound to local `port` (Linux /proc). */
export function unreadBytes(port: number): number {
  let total = 0
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      continue
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f.length < 5 || !f[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, '0')}`)) continue
      total += Number.parseInt(f[4]?.split(':')[1] ?? '0', 16)
    }
  }
  return total
}

/** Poll `check` every 10 ms until it holds (a condition on state the test cannot await), or fail after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
