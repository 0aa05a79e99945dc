import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { leftOut, NEEDS } from '../helpers/requirements.js'
import { ROOT } from '../helpers/run.js'

describe('test files left out where a program is missing (npm test with Node only)', () => {
  const saved = process.env.MQTX_REQUIRE_MOSQUITTO
  afterEach(() => {
    if (saved === undefined) delete process.env.MQTX_REQUIRE_MOSQUITTO
    else process.env.MQTX_REQUIRE_MOSQUITTO = saved
  })

  it('names only files that exist', () => {
    for (const file of Object.keys(NEEDS)) expect(existsSync(join(ROOT, file)), file).toBe(true)
  })

  it('leaves out the files that need a missing program, saying which', () => {
    delete process.env.MQTX_REQUIRE_MOSQUITTO
    expect(leftOut([])).toEqual([])
    const out = leftOut(['openssl'])
    expect(out.find((x) => x.file === 'test/e2e/certgen-files.test.ts')).toEqual({ file: 'test/e2e/certgen-files.test.ts', lacks: ['openssl'] })
    expect(out.find((x) => x.file === 'test/e2e/sub.test.ts')).toBeUndefined()
  })

  it('leaves out nothing when CI requires every program', () => {
    process.env.MQTX_REQUIRE_MOSQUITTO = '1'
    expect(leftOut(['mosquitto', 'openssl', 'groff'])).toEqual([])
  })
})
