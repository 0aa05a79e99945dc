/** Runs once before the suite: the build must exist; mosquitto, openssl … must exist when CI requires them. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { hasMosquitto, requireMosquitto } from './broker.js'
import { ROOT, STANDALONE } from './run.js'
import { INSTALL, leftOut, missingTools } from './requirements.js'

export default function setup(): void {
  if (!existsSync(join(ROOT, 'dist', 'mqtx.js.cache'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.')
  }
  if (STANDALONE !== undefined && !existsSync(STANDALONE)) {
    throw new Error(`MQTX_BIN=${STANDALONE} does not exist: run \`npm run build:binary\` first.`)
  }
  const broker = hasMosquitto()
  const missing = missingTools()
  if (requireMosquitto() && missing.length > 0) {
    throw new Error(`MQTX_REQUIRE_MOSQUITTO=1 but ${missing.join(', ')} not installed (apt-get install -y ${missing.map((t) => INSTALL[t]).join(' ')}).`)
  }
  const out = leftOut(missing)
  if (missing.length > 0) {
    process.stderr.write(
      `\n*** Not installed: ${missing.join(', ')}. LEFT OUT, ${out.length} test file(s) that need them:\n` +
        out.map((x) => `***   ${x.file} (${x.lacks.join(', ')})\n`).join('') +
        (!broker ? '*** Other plain-TCP tests use an in-process aedes broker instead of mosquitto.\n' : '') +
        `*** For the full suite: apt-get install -y ${missing.map((t) => INSTALL[t]).join(' ')} (.ci/run does).\n\n`,
    )
  }
}
