/** `mqtx certgen`: flags and wiring only; the work is in src/certgen/. certgen never connects. */
import { Argument, Command, Option } from 'commander'
import type { CaOptions, CommonOptions, DefaultOptions, ServerOptions } from '../certgen/run.js'
import { parseDays } from '../certgen/names.js'
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

const DEFAULT_DIR = 'certs'

function common(cmd: Command, { leaf = true }: { leaf?: boolean } = {}): Command {
  cmd.option('--dir <dir>', 'where the certificates are (created 0755 if missing)', DEFAULT_DIR)
  if (leaf) cmd.option('--force', 'replace existing server/client files (never the CA key); allow --days above 825')
  cmd
    .option('--rsa', 'RSA 2048 keys instead of ECDSA P-256')
    .addOption(new Option('--rsa-bits <bits>', 'RSA key size (implies --rsa)').choices(['2048', '3072']))
    .option('--quiet', 'no warnings or errors (the exit code still tells)')
    .option('-d, --debug', 'show every openssl command')
  return cmd
}

function leafDays(cmd: Command): Command {
  return cmd.option('--days <days>', 'validity in days (default 365, never past the CA; warns above 397)', parseDays)
}

function sub(name: string, description: string): Command {
  return new Command(name).description(description)
}

export function certgenCommand(): Command {
  const cmd = new Command('certgen')
    .description('make broker-ready TLS certificates: a CA, server and client certificates, checked before they are written')
  // The default subcommand holds the options, so that `certgen server --dir x` never hands --dir to certgen itself.
  const all = common(leafDays(sub('all', 'the default: a CA if --dir has none, a server certificate for localhost, 127.0.0.1, ::1 and this host, one client certificate, and the broker config')))
    .option('--client-id <id>', 'CN of the client certificate (the username with use_identity_as_username)', 'device-1')
    .option('--ca-name <name>', 'common name of a new CA (default: mqtx CA <host> <date> <random>)')
    .option('--ca-days <days>', 'validity of a new CA in days (default 3650)', parseDays)
  // `mqtx certgen bogus` reaches the default subcommand: name the real subcommands instead of "too many arguments"
  all.allowExcessArguments(true)
  all.action(async (options: DefaultOptions, command: Command) => {
    const extra = command.args[0]
    if (extra !== undefined) throw new UsageError(`unknown certgen command ${JSON.stringify(extra)} (use ca, server, client, inspect or config; none for the default set).`)
    const { runDefault } = await import('../certgen/run.js')
    await runDefault(options)
  })

  const ca = common(sub('ca', 'create a CA (ca.crt, ca.key); never replaces an existing CA key'), { leaf: false })
    .option('--force', 'has no effect: an existing CA key is never replaced (use another --dir)')
    .option('--days <days>', 'validity in days (default 3650)', parseDays)
    .option('--ca-name <name>', 'common name (default: mqtx CA <host> <date> <random>)')
  ca.action(async (options: CaOptions) => {
    const { runCa } = await import('../certgen/run.js')
    await runCa(options)
  })

  const server = common(leafDays(sub('server', 'issue a server certificate for these DNS names and IP addresses (CA created if missing)')))
    .argument('<names...>', 'DNS names (broker.example.com, *.example.com) and IP addresses (10.0.0.5, ::1)')
    .option('--name <file>', 'file base name: <file>.crt and <file>.key (default: the first name, e.g. broker.example.com.crt)')
  server.action(async (names: string[], options: ServerOptions) => {
    const { runServer } = await import('../certgen/run.js')
    await runServer(names, options)
  })

  const client = common(leafDays(sub('client', 'issue client certificates, CN = the id (files <id>.crt, <id>.key; CA created if missing)')))
    .argument('<ids...>', 'client ids: the CN, which mosquitto/EMQX can use as the username')
  client.action(async (ids: string[], options: CommonOptions) => {
    const { runClient } = await import('../certgen/run.js')
    await runClient(ids, options)
  })

  const inspect = sub('inspect', 'show what a certificate holds, with warnings (no subjectAltName, expiring, v1, CA:TRUE on a leaf…)')
    .argument('<files...>', 'PEM or DER certificates (a PEM file may hold a chain)')
    .option('--json', 'one JSON document on stdout')
  inspect.action(async (files: string[], options: { json?: boolean }) => {
    const { runInspect } = await import('../certgen/inspect-run.js')
    await runInspect(files, options)
  })

  const config = sub('config', "print broker configuration for certgen's files (hivemq: also writes PKCS#12 keystores)")
    .addArgument(new Argument('<broker>', 'mosquitto, emqx or hivemq').choices(['mosquitto', 'emqx', 'hivemq']))
    .option('--dir <dir>', 'where the certificates are', DEFAULT_DIR)
    .option('--name <file>', 'server certificate base name', 'server')
    .option('-d, --debug', 'show every openssl command')
  config.action(async (broker: 'mosquitto' | 'emqx' | 'hivemq', options: { dir: string; name: string; debug?: boolean }) => {
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
