/** Runs once before the suite: the build must exist; mosquitto must exist when CI requires it. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { hasMosquitto, hasMosquittoClients, requireMosquitto } from './broker.js'
import { ROOT } from './run.js'

export default function setup(): void {
  if (!existsSync(join(ROOT, 'dist', 'mqtx.js.cache'))) {
    throw new Error('dist/ is missing: run `npm test` (it builds first) or `npm run build`.')
  }
  const broker = hasMosquitto()
  const clients = hasMosquittoClients()
  if (requireMosquitto() && !(broker && clients)) {
    throw new Error('MQTX_REQUIRE_MOSQUITTO=1 but mosquitto/mosquitto-clients are not installed (apt-get install -y mosquitto mosquitto-clients).')
  }
  if (!broker || !clients) {
    process.stderr.write(
      '\n*** mosquitto or mosquitto-clients NOT installed: tests that need them are SKIPPED; plain-TCP tests use an in-process aedes broker. ***\n*** Install them (apt-get install -y mosquitto mosquitto-clients) for the full suite. ***\n\n',
    )
  }
}
