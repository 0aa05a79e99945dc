/** The one integration point of config file + environment: a preAction hook on the root program. */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { mosquittoDefaultsPath } from './mosquitto.js'
import { configPath } from './paths.js'
import { PASSWORD_ENV } from '../mqtt/options.js'

/** Anything to apply? Cheap checks first, so a plain run loads no config code at all. */
function configWanted(cmd: Command, env: NodeJS.ProcessEnv): boolean {
  if (cmd.getOptionValue('profile') !== undefined || cmd.getOptionValue('optionsFile') !== undefined) return true
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('MQTX_') && name !== PASSWORD_ENV && value !== undefined && value !== '') return true
  }
  const mosquitto = mosquittoDefaultsPath(cmd, env)
  return existsSync(configPath(env)) || (mosquitto !== undefined && existsSync(mosquitto))
}

/**
 * Commands that take the connection options (they have --profile) get env and profile values.
 * `fullTree` gives the root with every command built (a profile names settings of all of them);
 * `loadTree` first imports what it needs (only when a config is in use).
 */
export async function applyConfigHook(actionCommand: Command, fullTree: () => Command, loadTree: () => Promise<void>): Promise<void> {
  if (!actionCommand.options.some((o) => o.long === '--profile')) return
  if (!configWanted(actionCommand, process.env)) return
  const [{ applyConfig }] = await Promise.all([import('./apply.js'), loadTree()])
  applyConfig(actionCommand, process.env, fullTree)
}
