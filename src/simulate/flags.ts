/** `mqtx simulate`'s own flags, declared once (src/flags/define.ts); codec and connection options come on top. */
import { InvalidArgumentError } from 'commander'
import { defineFlags, withValues, type OptionsOf } from '../flags/define.js'
import type { RawEncodeOptions } from '../codecs/options.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { parseCount, parseIntegerIn, parseQos, parseRate, parseSeconds } from '../mqtt/parsers.js'

const DEVICES = 'Devices and messages:'
const LOAD = 'Rate and length:'

/** The built-in scenarios (their code is in scenarios.ts, loaded only when one runs). */
export const SCENARIO_NAMES = ['home', 'fleet', 'sparkplug'] as const
export type ScenarioName = (typeof SCENARIO_NAMES)[number]

const parseScenario = withValues([...SCENARIO_NAMES], (v: string): ScenarioName => {
  if (!(SCENARIO_NAMES as readonly string[]).includes(v)) throw new InvalidArgumentError(`--scenario must be one of ${SCENARIO_NAMES.join(', ')}.`)
  return v as ScenarioName
})

/** Each device keeps its own state (~300 bytes): 1,000,000 is ~300 MB; 100,000,000 ran out of memory. */
const MAX_DEVICES = 1_000_000

export const SIMULATE_FLAGS = defineFlags({
  devices: { flags: '--devices <n>', help: 'simulated devices, at most 1,000,000 (default: 1; a scenario has its own)', group: DEVICES, parse: parseIntegerIn('--devices', 1, MAX_DEVICES) },
  connections: { flags: '--connections <n>', help: 'connections the devices share, dealt round robin (default: one per device)', group: DEVICES, parse: parseCount('--connections') },
  topic: { flags: '-t, --topic <template>', help: 'topic template, e.g. sensors/{{device}}/temp (default: mqtx/sim/{{device}})', group: DEVICES },
  message: { flags: '-m, --message <template>', help: 'payload template, e.g. \'{"t":{{walk 18 24}}}\' (default: a small JSON object)', group: DEVICES },
  file: { flags: '-f, --file <file>', help: 'read the payload template from a file', group: DEVICES },
  scenario: { flags: '--scenario <name>', help: `a built-in simulation: ${SCENARIO_NAMES.join(', ')} (see --list-scenarios)`, group: DEVICES, parse: parseScenario },
  listScenarios: { flags: '--list-scenarios', help: 'describe the built-in scenarios and exit', group: DEVICES },
  module: { flags: '--module <file>', help: 'a JavaScript module whose default export makes each message (see README)', group: DEVICES },
  seed: { flags: '--seed <n>', help: 'seed of the random values (0 to 4294967295): the same seed, the same messages', group: DEVICES, parse: parseIntegerIn('--seed', 0, 4294967295) },
  qos: { flags: '-q, --qos <qos>', help: 'QoS 0, 1 or 2 (default: 0)', group: DEVICES, parse: parseQos },
  retain: { flags: '-r, --retain', help: 'publish retained', group: DEVICES },
  rate: { flags: '--rate <msg/s>', help: 'total rate over all devices, open loop (default: 1 per device per second)', group: LOAD, parse: parseRate('--rate') },
  ratePerDevice: { flags: '--rate-per-device <msg/s>', help: 'the same, given per device (0.2: every 5 s)', group: LOAD, parse: parseRate('--rate-per-device') },
  rampUp: { flags: '--ramp-up <seconds>', help: 'raise the rate linearly from 0 over this long', group: LOAD, parse: parseSeconds('--ramp-up', { allowZero: true }) },
  count: { flags: '-C, --count <n>', help: 'stop after this many messages in all (scenario births and deaths not counted)', group: LOAD, parse: parseCount('-C', 'messages') },
  duration: { flags: '--duration <seconds>', help: 'stop after this long', group: LOAD, parse: parseSeconds('--duration', { allowZero: false }) },
  timeout: { flags: '-W, --timeout <seconds>', help: 'exit 27 ("Timed out") if -C is not reached after this long', group: LOAD, parse: parseSeconds('-W', { allowZero: false }) },
  inflight: { flags: '--inflight <n>', help: 'QoS 1/2 messages waiting for their acknowledgement per connection (default: 64, at most the broker\'s Receive Maximum)', group: LOAD, parse: parseCount('--inflight') },
  dryRun: { flags: '--dry-run', help: 'print the messages (topic, a space, payload) on stdout instead of connecting; no waiting between them', group: LOAD },
})

export type RawSimulateOptions = RawConnectionOptions & RawEncodeOptions & OptionsOf<typeof SIMULATE_FLAGS>
