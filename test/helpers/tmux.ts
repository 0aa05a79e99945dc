/**
 * A real pseudo-terminal for full-screen tests (mqtx watch): one tmux server per pane on a private
 * socket (`tmux -L`), so a test only ever talks to, and kills, its own. The pane runs a shell that
 * prints a marker, runs mqtx, then prints `[exit N]` and stays open, so the screen after mqtx ends
 * (restored or not) can be read. Everything waits for screen content (polling capture-pane,
 * bounded), never for a fixed time.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MQTX_SHELL, testEnv } from './run.js'

let sessions = 0

export interface Pane {
  /** The visible screen, one string per row (trailing spaces trimmed by tmux). */
  screen(): string[]
  text(): string
  /** The screen with its colours and attributes as escape sequences (capture-pane -e). */
  styled(): string
  /** Poll until the screen matches (bounded); returns the screen text. */
  waitFor(what: string | RegExp | ((text: string) => boolean), timeoutMs?: number): Promise<string>
  /** tmux key names (Enter, Escape, Down, C-c …). */
  keys(...names: string[]): void
  /** Text typed as is (no key-name lookup). */
  type(text: string): void
  resize(columns: number, rows: number): void
  /** A tmux format of the pane (#{alternate_on}, #{cursor_flag}, #{pane_title} …). */
  format(f: string): string
  /** mqtx's process id (the pane's shell writes it before exec). */
  pid(): number
  kill(): void
}

const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).error === undefined
export { hasTmux }

/**
 * Start `mqtx ARGS` in a new tmux pane of the given size. `args` are fixed, known-safe words of the
 * test (numbers, literals, temp paths): they are single-quoted into the pane's shell command.
 */
export function startPane(
  args: string[],
  o: {
    columns?: number
    rows?: number
    env?: Record<string, string | undefined>
    cwd?: string
    /**
     * For a terminal that goes away: the pane's shell survives the hangup (it catches SIGHUP, so the
     * kernel does not pass one on to mqtx: the test sends it), writes mqtx's exit status to this file
     * and ends (no `[exit N]`, no waiting shell).
     */
    exitFile?: string
  } = {},
): Pane {
  const dir = mkdtempSync(join(tmpdir(), 'mqtx-tmux-'))
  const socket = `mqtx-test-${process.pid}-${++sessions}`
  const pidFile = join(dir, 'pid')
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  // in the pane's shell: tmux sets TERM itself, whatever the environment says
  const exports = Object.entries(o.env ?? {}).map(([k, v]) => (v === undefined ? `unset ${k};` : `export ${k}='${v}';`)).join(' ')
  const run = `sh -c 'echo $$ > ${pidFile}; exec "$0" "$@"' ${MQTX_SHELL} ${quoted}`
  const script =
    o.exitFile === undefined
      ? `${exports} printf 'before mqtx\\n'; ${run}; printf '[exit %d]\\n' $?; exec sleep 600`
      : `trap ':' HUP; ${exports} printf 'before mqtx\\n'; ${run}; echo $? > '${o.exitFile}'`
  const env = testEnv(o.env)
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8', env, ...(o.cwd === undefined ? {} : { cwd: o.cwd }) })
  tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(o.columns ?? 100), '-y', String(o.rows ?? 30), ...(o.cwd === undefined ? [] : ['-c', o.cwd]), script)
  // the window follows the size asked for, not the (absent) client's
  tmux('set-option', '-g', 'window-size', 'manual')
  // tmux leaves its socket file behind after kill-server: removed in kill()
  const socketPath = tmux('display-message', '-p', '#{socket_path}').trim()
  const screen = () => tmux('capture-pane', '-p').replace(/\n$/, '').split('\n')
  const pane: Pane = {
    screen,
    text: () => screen().join('\n'),
    styled: () => tmux('capture-pane', '-p', '-e'),
    async waitFor(what, timeoutMs = 20_000) {
      const test = typeof what === 'function' ? what : typeof what === 'string' ? (t: string) => t.includes(what) : (t: string) => what.test(t)
      const until = Date.now() + timeoutMs
      let last = ''
      for (;;) {
        last = pane.text()
        if (test(last)) return last
        if (Date.now() > until) throw new Error(`the screen never showed ${String(what)}; it shows:\n${last}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    keys: (...names) => void tmux('send-keys', ...names),
    type: (text) => void tmux('send-keys', '-l', text),
    resize: (columns, rows) => void tmux('resize-window', '-x', String(columns), '-y', String(rows)),
    format: (f) => tmux('display-message', '-p', f).trim(),
    pid: () => Number(readFileSync(pidFile, 'utf8').trim()),
    kill: () => {
      spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' })
      rmSync(socketPath, { force: true })
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return pane
}
