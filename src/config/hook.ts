/** The one integration point of config file + environment: a preAction hook on the root program. */
import type { Command } from 'commander'

/** Commands that take the connection options (they have --profile) get env and profile values. */
export async function applyConfigHook(_root: Command, actionCommand: Command): Promise<void> {
  if (!actionCommand.options.some((o) => o.long === '--profile')) return
  const { applyConfig } = await import('./apply.js')
  applyConfig(actionCommand, process.env)
}
