/** `mqtx certgen`: flags and wiring only; the work is in src/certgen/. certgen never connects. */
import { Argument, Command } from 'commander'
import { addFlags } from '../flags/define.js'
import {
  ALL_FLAGS, CA_FLAGS, CONFIG_FLAGS, DIR_FLAGS, INSPECT_FLAGS, LEAF_DAYS_FLAGS, LEAF_FORCE_FLAGS, MAKE_FLAGS, SERVER_FLAGS,
  type CaOptions, type CommonOptions, type ConfigOptions, type DefaultOptions, type InspectOptions, type ServerOptions,
} from '../certgen/flags.js'
import { UsageError } from '../errors.js'
import { addExamples, EXIT, type ExitRow } from './help.js'

/** certgen never connects: no CONNACK codes, no -W. */
const MAKE_EXITS: ExitRow[] = [
  EXIT.ok,
  ['1', 'openssl missing or failing, the directory not writable, an existing file or CA key, a failed self-check (nothing is written)'],
  ['2', 'usage error: a bad name, id or --days (nothing is written)'],
  EXIT.interrupted,
]
const READ_EXITS: ExitRow[] = [EXIT.ok, ['1', 'a file cannot be read or holds no certificate; openssl failing'], ['2', 'usage error: bad flags']]

/** The flags of a command that makes certificates; a leaf (server/client) certificate has --days and --force first. */
function maker(cmd: Command, { leaf = true }: { leaf?: boolean } = {}): Command {
  if (leaf) addFlags(cmd, LEAF_DAYS_FLAGS)
  addFlags(cmd, DIR_FLAGS)
  if (leaf) addFlags(cmd, LEAF_FORCE_FLAGS)
  return addFlags(cmd, MAKE_FLAGS)
}

function sub(name: string, description: string): Command {
  return new Command(name).description(description)
}

export function certgenCommand(): Command {
  const cmd = new Command('certgen')
    .description('make broker-ready TLS certificates: a CA, server and client certificates, checked before they are written')
  // The default subcommand holds the options, so that `certgen server --dir x` never hands --dir to certgen itself.
  const all = addFlags(maker(sub('all', 'the default: a CA if --dir has none, a server certificate for localhost, 127.0.0.1, ::1 and this host, one client certificate, and the broker config')), ALL_FLAGS)
  // `mqtx certgen bogus` reaches the default subcommand: name the real subcommands instead of "too many arguments"
  all.allowExcessArguments(true)
  all.action(async (options: DefaultOptions, command: Command) => {
    const extra = command.args[0]
    if (extra !== undefined) throw new UsageError(`unknown certgen command ${JSON.stringify(extra)} (use ca, server, client, inspect or config; none for the default set).`)
    const { runDefault } = await import('../certgen/run.js')
    await runDefault(options)
  })

  const ca = addFlags(maker(sub('ca', 'create a CA (ca.crt, ca.key); never replaces an existing CA key'), { leaf: false }), CA_FLAGS)
  ca.action(async (options: CaOptions) => {
    const { runCa } = await import('../certgen/run.js')
    await runCa(options)
  })

  const server = addFlags(maker(sub('server', 'issue a server certificate for these DNS names and IP addresses (CA created if missing)')), SERVER_FLAGS)
    .argument('<names...>', 'DNS names (broker.example.com, *.example.com) and IP addresses (10.0.0.5, ::1)')
  server.action(async (names: string[], options: ServerOptions) => {
    const { runServer } = await import('../certgen/run.js')
    await runServer(names, options)
  })

  const client = maker(sub('client', 'issue client certificates, CN = the id (files <id>.crt, <id>.key; CA created if missing)'))
    .argument('<ids...>', 'client ids: the CN, which mosquitto/EMQX can use as the username')
  client.action(async (ids: string[], options: CommonOptions) => {
    const { runClient } = await import('../certgen/run.js')
    await runClient(ids, options)
  })

  const inspect = addFlags(sub('inspect', 'show what a certificate holds, with warnings (no subjectAltName, expiring, v1, CA:TRUE on a leaf…)'), INSPECT_FLAGS)
    .argument('<files...>', 'PEM or DER certificates (a PEM file may hold a chain)')
  inspect.action(async (files: string[], options: InspectOptions) => {
    const { runInspect } = await import('../certgen/inspect-run.js')
    await runInspect(files, options)
  })

  const config = sub('config', "print broker configuration for certgen's files (hivemq: also writes PKCS#12 keystores)")
    .addArgument(new Argument('<broker>', 'mosquitto, emqx or hivemq').choices(['mosquitto', 'emqx', 'hivemq']))
  addFlags(config, CONFIG_FLAGS)
  config.action(async (broker: 'mosquitto' | 'emqx' | 'hivemq', options: ConfigOptions) => {
    const { runConfig } = await import('../certgen/config-run.js')
    await runConfig(broker, options)
  })

  cmd.helpCommand(false)
  cmd.addCommand(all, { isDefault: true })
  for (const c of [ca, server, client, inspect, config]) cmd.addCommand(c)
  addExamples(server, ['mqtx certgen server broker.example.com 10.0.0.5', 'mqtx certgen server --name edge --days 90 edge.local 192.168.1.20'], MAKE_EXITS)
  addExamples(client, ['mqtx certgen client device-1 device-2', 'mqtx pub -p 8884 --cafile certs/ca.crt --cert certs/device-1.crt --key certs/device-1.key -t t -m hi'], MAKE_EXITS)
  addExamples(inspect, ['mqtx certgen inspect certs/server.crt', 'mqtx certgen inspect --json certs/*.crt'], READ_EXITS)
  addExamples(config, ['mqtx certgen config mosquitto > /etc/mosquitto/conf.d/tls.conf', 'mqtx certgen config emqx', 'mqtx certgen config hivemq'], READ_EXITS)
  addExamples(ca, ['mqtx certgen ca --dir certs --ca-name "Acme lab CA"'], MAKE_EXITS)
  addExamples(all, ['mqtx certgen', 'mqtx certgen --dir /etc/mosquitto/certs --client-id sensor-7'], MAKE_EXITS)
  addExamples(cmd, ['mqtx certgen', 'mqtx certgen --dir /etc/mosquitto/certs --client-id sensor-7', 'mqtx certgen server 10.0.0.5', 'mqtx certgen inspect certs/server.crt'], MAKE_EXITS)
  return cmd
}
