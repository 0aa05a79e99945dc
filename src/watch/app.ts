/**
 * Ink on the terminal: mounts the screen, turns key presses into `onKey`, redraws on request.
 * Loaded with import() by src/watch/run.ts only (React and Ink never load for other commands).
 * yoga-layout's WebAssembly is loaded first (the build's stand-in has no top-level await:
 * scripts/shims/yoga-layout.mjs; under vitest the real module has loaded it already).
 */
import { createElement as h, type ReactElement } from 'react'
import { render, useInput, type Key } from 'ink'
import * as yoga from 'yoga-layout'

export interface Mounted {
  redraw(): void
  unmount(): void
}

function Keys(props: { onKey: (input: string, key: Key) => void; frame: () => ReactElement }): ReactElement {
  useInput((input, key) => props.onKey(input, key))
  return props.frame()
}

/**
 * `onCrash`: Ink caught an exception while drawing (its error boundary unmounts the app and would
 * leave mqtx running behind a dead screen): the command ends with it instead.
 */
export async function mount(
  frame: () => ReactElement,
  onKey: (input: string, key: Key) => void,
  onCrash: (err: unknown) => void,
  io: { stdout: NodeJS.WriteStream; stdin: NodeJS.ReadStream } = process,
): Promise<Mounted> {
  const init = (yoga as { initYoga?: () => Promise<void> }).initYoga
  if (init !== undefined) await init()
  const element = () => h(Keys, { onKey, frame })
  const app = render(element(), {
    stdout: io.stdout,
    stdin: io.stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    // only the lines that changed are rewritten
    incrementalRendering: false,
    maxFps: 30,
  })
  app.waitUntilExit().catch(onCrash)
  return {
    redraw: () => app.rerender(element()),
    unmount: () => {
      app.unmount()
      app.cleanup()
    },
  }
}
