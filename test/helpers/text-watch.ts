/**
 * Text that grows (a broker log, a process's stderr) and promises that resolve when it matches:
 * the one way the helpers wait for a signal instead of sleeping.
 */
export interface TextWatch {
  append(chunk: string): void
  /** The source text changed (for a watch over text kept elsewhere): check the waiters again. */
  changed(): void
  text(): string
  reset(): void
  /** Resolves with the match; after `timeoutMs` rejects with the message `failure()` builds. */
  waitFor(pattern: RegExp, timeoutMs: number, failure: () => string): Promise<string>
}

export function createTextWatch(source?: () => string): TextWatch {
  let own = ''
  const text = source ?? (() => own)
  const waiters = new Set<() => void>()
  const changed = () => {
    for (const w of waiters) w()
  }
  return {
    append: (chunk) => {
      own += chunk
      changed()
    },
    changed,
    text,
    reset: () => {
      own = ''
    },
    waitFor: (pattern, timeoutMs, failure) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const m = pattern.exec(text())
          if (m === null) return false
          waiters.delete(check)
          clearTimeout(timer)
          resolve(m[0])
          return true
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(failure()))
        }, timeoutMs)
        if (!check()) waiters.add(check)
      }),
  }
}
