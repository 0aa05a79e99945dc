/**
 * vitest fixtures (test.extend). `brokerTest` is `it` with a mosquitto broker for the file: started
 * when the first test that names it runs (`brokerTest('…', async ({ broker }) => …)`), stopped after
 * the file, by PID. Tests that do not name it never start it. Replaces the
 * `let broker; beforeAll(start); afterAll(stop)` preamble.
 */
import { test } from 'vitest'
import { startMosquitto } from './broker.js'

export const brokerTest = test.extend('broker', { scope: 'file' }, async ({}, { onCleanup }) => {
  const broker = await startMosquitto()
  onCleanup(() => broker.stop())
  return broker
})
