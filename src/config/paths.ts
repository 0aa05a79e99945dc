/** Where the config file is: $MQTX_CONFIG, else $XDG_CONFIG_HOME/mqtx/config.json (default ~/.config). */
import { homedir } from 'node:os'
import { join } from 'node:path'

export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.MQTX_CONFIG !== undefined && env.MQTX_CONFIG !== '') return env.MQTX_CONFIG
  const base = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(env.HOME ?? homedir(), '.config')
  return join(base, 'mqtx', 'config.json')
}
