/**
 * MQTX_* environment variables: the common connection options, so a shell or CI job can set them
 * once. Derived from the flag declarations (src/mqtt/options.ts `env`), plus the few that stand for
 * no flag. Each is parsed by its flag's own parser. Listed in the README and man page.
 */
import { keysOfClass } from '../flags/define.js'
import { CONNECTION_FLAGS } from '../mqtt/options.js'

export interface EnvSetting {
  name: string
  /** commander attribute name of the flag it fills in; undefined: read where it is used. */
  option?: string
  flag: string
  description: string
}

function flagName(flags: string): string {
  return /^-\w\b/.exec(flags)?.[0] ?? /--[\w-]+/.exec(flags)?.[0] ?? flags
}

export const ENV_SETTINGS: EnvSetting[] = [
  ...Object.entries(CONNECTION_FLAGS).flatMap(([key, decl]): EnvSetting[] => {
    const env = 'env' in decl ? decl.env : undefined
    if (env === undefined) return []
    return [{ name: env.name, ...('fills' in env && env.fills === false ? {} : { option: key }), flag: flagName(decl.flags), description: env.description }]
  }),
  { name: 'MQTX_CONFIG', flag: '', description: 'config file to read instead of $XDG_CONFIG_HOME/mqtx/config.json' },
  { name: 'MQTX_CODE_CACHE', flag: '', description: "off: start without the V8 code cache the build made (slower; to compare or rule it out). The build itself sets it to write" },
  { name: 'MQTX_ENCODE_WORKER', flag: '', description: 'pub -l --encode: on: every line is encoded on a worker thread; off: every line on the main thread (to compare). Default: a long input is, after its first 10,000 lines, when there is more than one core' },
]

/** Keys in a profile that name where the password comes from; one source wins as a whole. */
export const PASSWORD_KEYS: readonly string[] = [...keysOfClass(CONNECTION_FLAGS, 'password'), 'passwordEnv']

/** Profile and environment keys of the TLS options: a --unix on the command line hides them. */
export const TLS_KEYS: readonly string[] = keysOfClass(CONNECTION_FLAGS, 'tls')

/** Where to connect (host, port, proxy): a --unix on the command line hides them too. */
export const ENDPOINT_KEYS: readonly string[] = keysOfClass(CONNECTION_FLAGS, 'endpoint')
