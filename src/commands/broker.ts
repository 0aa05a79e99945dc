/** `mqtx broker`: flags and wiring only; the work is in src/broker/. */
import { Command } from 'commander'
import { BROKER_FLAGS, type RawBrokerOptions } from '../broker/flags.js'
import { addFlags } from '../flags/define.js'
import { addExamples } from './help.js'

export const BROKER_DESCRIPTION = [
  'a small local MQTT broker for development, demos and CI (built on aedes 2).',
  '',
  'It serves MQTT 5, 3.1.1 and 3.1. MQTT 5 features that work (mqtx check passes them): request/response (response topic, correlation data), user properties, no-local, retain-as-published, retain-handling, subscription identifiers, topic aliases (up to 10 per client), message expiry and will delay. Shared subscriptions ($share/…) are not offered: such a subscription is refused in the SUBACK, never silently empty.',
  '',
  'It is NOT a production broker: messages, retained messages and sessions live in memory and are lost when it stops (no persistence across restarts); one process, no clustering, no ACLs. A client must send its CONNECT (at most 64 KiB) before anything is buffered for it. It listens on loopback (127.0.0.1) unless -h says otherwise, and warns when it binds anything wider.',
  '',
  'When every listener is bound it prints "mqtx: broker ready: <urls>" on stderr (and one JSON line on stdout with --json); SIGINT, SIGTERM or SIGHUP stops it with exit 0.',
].join('\n')

export function brokerCommand(): Command {
  const cmd = new Command('broker')
    .summary('a small local MQTT 5 / 3.1.1 broker for development and CI')
    .description(BROKER_DESCRIPTION)
  addFlags(cmd, BROKER_FLAGS)
  addExamples(cmd, [
    'mqtx broker',
    'mqtx broker -v -p 1884 --ws-port 8080',
    'mqtx broker --cert server.crt --key server.key --cafile ca.crt --require-client-cert',
    'MQTX_BROKER_USERNAME=dev MQTX_BROKER_PASSWORD=secret mqtx broker',
    'mqtx broker -p 0 --json   # any free port; the first stdout line says which',
  ], [['0', 'stopped by Ctrl-C, SIGTERM or SIGHUP'], ['1', 'a port cannot be listened on (in use, not allowed), a TLS or --users file cannot be read'], ['2', 'usage error: bad flags']])
  cmd.action(async (options: RawBrokerOptions) => {
    const { runBroker } = await import('../broker/run.js')
    await runBroker(options)
  })
  return cmd
}
