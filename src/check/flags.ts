/** `mqtx check`'s own flags, declared once (src/flags/define.ts); the connection options come on top. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import type { RawConnectionOptions } from '../mqtt/options.js'
import { parseSeconds } from '../mqtt/parsers.js'
import { parseProbeList } from './probes.js'

const CHECK = 'Check options:'

export const CHECK_FLAGS = defineFlags({
  only: { flags: '--only <probes>', help: 'run only these probes (comma-separated, repeatable)', group: CHECK, parse: parseProbeList('--only') },
  skip: { flags: '--skip <probes>', help: 'do not run these probes (comma-separated, repeatable)', group: CHECK, parse: parseProbeList('--skip') },
  maxTime: { flags: '--max-time <seconds>', help: 'stop probing after this long in total (default: 60)', group: CHECK, parse: parseSeconds('--max-time', { allowZero: false }) },
  prefix: { flags: '--prefix <topic>', help: 'topic prefix for the probes\' unique topics (default: mqtx/check)', group: CHECK },
  json: { flags: '--json', help: 'print the report as one JSON object on stdout', group: CHECK },
})

export type RawCheckOptions = RawConnectionOptions & OptionsOf<typeof CHECK_FLAGS>
