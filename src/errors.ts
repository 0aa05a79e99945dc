/**
 * Errors and the exit-code table. Only src/cli.ts catches these; everything else throws.
 *
 * Exit codes (documented in README, `mqtx --help` and the man page):
 *   0    success
 *   1    runtime failure: unreachable, DNS, TLS, connection lost, publish rejected or undelivered
 *   2    usage error: bad flags or input
 *   N    the broker refused the connection: its CONNACK code (3.1.1: 1..5, v5: 128..159)
 *   27   timed out waiting (-W), as mosquitto_sub
 *   129  hung up (SIGHUP: the terminal or SSH connection went away)
 *   130  interrupted (Ctrl-C)
 *   143  terminated (SIGTERM)
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  timeout: 27,
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const

export interface MqtxErrorOptions {
  cause?: unknown
  /** One more line telling the user what to do about it. */
  hint?: string
  exitCode?: number
}

export class MqtxError extends Error {
  readonly exitCode: number
  readonly hint: string | undefined

  constructor(message: string, options: MqtxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MqtxError'
    this.exitCode = options.exitCode ?? ExitCode.failure
    this.hint = options.hint
  }
}

/** Bad flags or input: exit 2. */
export class UsageError extends MqtxError {
  constructor(message: string, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.usage })
    this.name = 'UsageError'
  }
}

/** Could not reach or talk to the broker (network, DNS, TLS, lost connection): exit 1. */
export class ConnectionError extends MqtxError {
  constructor(message: string, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.failure })
    this.name = 'ConnectionError'
  }
}

/** The broker answered CONNACK with a refusal: the exit code is its reason code. */
export class ConnackError extends MqtxError {
  readonly reasonCode: number
  constructor(message: string, reasonCode: number, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: reasonCode })
    this.name = 'ConnackError'
    this.reasonCode = reasonCode
  }
}

/** -W ran out: exit 27 with mosquitto's "Timed out". */
export class TimeoutError extends MqtxError {
  constructor(message = 'Timed out', options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.timeout })
    this.name = 'TimeoutError'
  }
}

/** SIGHUP (the terminal or SSH connection went away): exit 129 (128 + 1), after the same clean-up as SIGTERM. */
export class HangupError extends MqtxError {
  constructor(message: string, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.hangup })
    this.name = 'HangupError'
  }
}

/** Ctrl-C: exit 130. */
export class InterruptedError extends MqtxError {
  constructor(message: string, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.interrupted })
    this.name = 'InterruptedError'
  }
}

/** SIGTERM: exit 143 (128 + 15), after the same clean-up as Ctrl-C. */
export class TerminatedError extends MqtxError {
  constructor(message: string, options: Omit<MqtxErrorOptions, 'exitCode'> = {}) {
    super(message, { ...options, exitCode: ExitCode.terminated })
    this.name = 'TerminatedError'
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
