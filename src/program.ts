/**
 * The command tree. Commands are registered here (one line each); src/cli.ts runs it.
 * Also used by the completion and man-page generators, so it must not run anything on import.
 */
import { Command } from 'commander'
import { EXIT_CODES_HELP } from './commands/help.js'
import { pubCommand } from './commands/pub.js'
import { benchCommand } from './commands/bench.js'
import { certgenCommand } from './commands/certgen.js'
import { completionCommand } from './commands/completion.js'
import { applyConfigHook } from './config/hook.js'
import { brokerCommand } from './commands/broker.js'
import { checkCommand } from './commands/check.js'

declare const __MQTX_VERSION__: string
declare const __MQTTJS_VERSION__: string

export const MQTX_VERSION = typeof __MQTX_VERSION__ === 'string' ? __MQTX_VERSION__ : '0.0.0-dev'
export const MQTTJS_VERSION = typeof __MQTTJS_VERSION__ === 'string' ? __MQTTJS_VERSION__ : 'unknown'

function configure(cmd: Command): void {
  cmd.exitOverride()
  cmd.configureOutput({ outputError: () => {} })
  for (const sub of cmd.commands) configure(sub)
}

export function buildProgram(): Command {
  const program = new Command('mqtx')
    .description('A fast, safe MQTT command line: publish, subscribe, request/response, benchmark, certificates.')
    .version(`mqtx ${MQTX_VERSION} (MQTT.js ${MQTTJS_VERSION}, Node ${process.version})`, '--version', 'print the versions of mqtx and MQTT.js')
    .helpOption('--help', 'display help')
    .showSuggestionAfterError(true)
  program.addCommand(pubCommand())
  program.addCommand(benchCommand())
  program.addCommand(certgenCommand())
  program.addCommand(completionCommand())
  program.addCommand(brokerCommand())
  program.addCommand(checkCommand())
  program.addHelpText('after', `\nExamples:\n  $ mqtx sub -t home/temperature -v\n  $ mqtx pub -t home/temperature -m 25.5\n\n${EXIT_CODES_HELP}\n`)
  // config file + MQTX_* environment fill what the flags left unset (src/config/)
  program.hook('preAction', applyConfigHook)
  configure(program)
  return program
}

