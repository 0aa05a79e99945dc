import { defineConfig } from 'vitest/config'
import { leftOut } from './test/helpers/requirements.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // files that need mosquitto, openssl … where they are not installed (global-setup.ts says which)
    exclude: ['**/node_modules/**', ...leftOut().map((x) => x.file)],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn brokers and processes and mostly wait on them, so more files at a time than
    // cores use the CPU better. Idle 2-core machine, 1,478 tests, ~126 CPU-seconds whichever the count:
    // 3 workers 95 s, 4 84 s, 5 76-78 s, 6 73 s (CPU-bound from 5 on). MQTX_TEST_WORKERS overrides.
    maxWorkers: Number(process.env.MQTX_TEST_WORKERS ?? 5),
    // test files share their worker's module graph (no fresh import of vitest and the helpers per
    // file): measured 126 -> 109 CPU-seconds for the suite. So a test file must not leave global state
    // behind (process.env, spies, handlers): test/helpers/in-process.ts restores what it sets.
    isolate: false,
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/setup-commands.ts'],
  },
})
