import { defineConfig } from 'vitest/config'
import { leftOut } from './test/helpers/requirements.js'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // files that need mosquitto, openssl … where they are not installed (global-setup.ts says which)
    exclude: ['**/node_modules/**', ...leftOut().map((x) => x.file)],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn brokers and processes; two cores: keep file parallelism modest.
    maxWorkers: Number(process.env.MQTX_TEST_WORKERS ?? 2),
    globalSetup: ['test/helpers/global-setup.ts'],
  },
})
