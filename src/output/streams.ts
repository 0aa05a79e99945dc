/**
 * Where mqtx writes: the process's stdout and stderr, or, for an in-process run (`run(argv, io)` in
 * src/run.ts, used by tests), the writers that run was given. Only src/output/ writes through these.
 */
export interface Writer {
  write(chunk: string | Uint8Array): unknown
  /** colour only on a terminal (src/output/terminal.ts) */
  readonly isTTY?: boolean
}

export interface OutputStreams {
  stdout: Writer
  stderr: Writer
}

let current: OutputStreams | undefined

/** Write to these until the next call (undefined: the process's own streams). */
export function useStreams(streams: OutputStreams | undefined): void {
  current = streams
}

export function stdoutWriter(): Writer {
  return current?.stdout ?? process.stdout
}

export function stderrWriter(): Writer {
  return current?.stderr ?? process.stderr
}
