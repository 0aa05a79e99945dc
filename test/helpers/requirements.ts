/**
 * Which test files need which programs besides Node. On a machine without them (README: "npm test"
 * on a fresh machine with Node 20 only) those files are left out, loudly (global-setup.ts lists
 * them); with MQTX_REQUIRE_MOSQUITTO=1 (CI, .ci/run installs everything) nothing is left out and a
 * missing program fails the run. Files not listed here run everywhere (some fall back to an
 * in-process broker); a new test that needs one of these programs gets a line here.
 * No vitest import: vitest.config.ts uses this too.
 */
import { spawnSync } from 'node:child_process'

export type Tool = 'mosquitto' | 'mosquitto-clients' | 'openssl' | 'groff' | 'microsocks' | 'tmux'

export const INSTALL: Record<Tool, string> = {
  mosquitto: 'mosquitto',
  'mosquitto-clients': 'mosquitto-clients',
  openssl: 'openssl',
  groff: 'groff-base',
  microsocks: 'microsocks',
  tmux: 'tmux',
}

export const NEEDS: Record<string, Tool[]> = {
  'test/e2e/bench-input.test.ts': ['mosquitto'],
  'test/e2e/bench-tls.test.ts': ['mosquitto', 'openssl'],
  'test/e2e/bench.test.ts': ['mosquitto'],
  'test/e2e/bridge-sides.test.ts': ['mosquitto', 'mosquitto-clients', 'openssl'],
  'test/e2e/broker-log.test.ts': ['mosquitto-clients'],
  'test/e2e/broker-tls.test.ts': ['mosquitto-clients', 'openssl'],
  'test/e2e/bridge.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/broker.test.ts': ['mosquitto-clients'],
  'test/e2e/certgen-files.test.ts': ['openssl'],
  'test/e2e/certgen-followup.test.ts': ['openssl'],
  'test/e2e/certgen-inspect.test.ts': ['openssl'],
  'test/e2e/certgen-safety.test.ts': ['openssl'],
  'test/e2e/check-tls.test.ts': ['mosquitto', 'openssl'],
  'test/e2e/check.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/config.test.ts': ['mosquitto', 'mosquitto-clients', 'openssl'],
  'test/e2e/mosquitto21-connect.test.ts': ['mosquitto', 'mosquitto-clients', 'openssl', 'microsocks'],
  'test/e2e/package.test.ts': ['mosquitto'],
  'test/e2e/pub-encode-worker.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/record-replay.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/replay-reconnect.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/respond.test.ts': ['mosquitto'],
  'test/e2e/rr.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/simulate.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/sub-format.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/sub-reconnect.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/sub-tty.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/sub.test.ts': ['mosquitto', 'mosquitto-clients'],
  'test/e2e/terminal.test.ts': ['mosquitto'],
  'test/e2e/tls-port.test.ts': ['openssl'],
  'test/e2e/watch.test.ts': ['mosquitto', 'mosquitto-clients', 'tmux'],
  'test/e2e/hangup.test.ts': ['mosquitto', 'mosquitto-clients', 'tmux'],
  'test/unit/certgen-inspect.test.ts': ['openssl'],
}

const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto'

function runs(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined
}

/** The programs of NEEDS that are not installed here. */
export function missingTools(): Tool[] {
  const present: Record<Tool, () => boolean> = {
    mosquitto: () => runs(MOSQUITTO, ['-h']),
    'mosquitto-clients': () => runs('mosquitto_sub', ['--help']),
    openssl: () => runs('openssl', ['version']),
    groff: () => runs('groff', ['-v']),
    microsocks: () => runs('microsocks', ['-h']) || runs('/usr/bin/microsocks', ['-h']),
    tmux: () => runs('tmux', ['-V']),
  }
  return (Object.keys(present) as Tool[]).filter((t) => !present[t]())
}

/** Files to leave out here, with what they lack (none when CI requires everything). */
export function leftOut(missing: Tool[] = missingTools()): Array<{ file: string; lacks: Tool[] }> {
  if (process.env.MQTX_REQUIRE_MOSQUITTO === '1') return []
  return Object.entries(NEEDS)
    .map(([file, tools]) => ({ file, lacks: tools.filter((t) => missing.includes(t)) }))
    .filter((x) => x.lacks.length > 0)
}
