/** `mqtx certgen`'s flags, declared once (src/flags/define.ts). certgen never connects: no connection options. */
import { defineFlags, type OptionsOf } from '../flags/define.js'
import { parseDays } from './names.js'

const DEFAULT_DIR = 'certs'

/** --days of a server or client certificate (listed first in their help). */
export const LEAF_DAYS_FLAGS = defineFlags({
  days: { flags: '--days <days>', help: 'validity in days (default 365, never past the CA; warns above 397)', parse: parseDays },
})

export const DIR_FLAGS = defineFlags({
  dir: { flags: '--dir <dir>', help: 'where the certificates are (created 0755 if missing)', default: DEFAULT_DIR },
})

/** --force of the commands that write server/client files. */
export const LEAF_FORCE_FLAGS = defineFlags({
  force: { flags: '--force', help: 'replace existing server/client files (never the CA key); allow --days above 825' },
})

/** How keys are made and what is printed: every command that makes certificates. */
export const MAKE_FLAGS = defineFlags({
  rsa: { flags: '--rsa', help: 'RSA 2048 keys instead of ECDSA P-256' },
  rsaBits: { flags: '--rsa-bits <bits>', help: 'RSA key size (implies --rsa)', choices: ['2048', '3072'] },
  quiet: { flags: '--quiet', help: 'no warnings or errors (the exit code still tells)' },
  debug: { flags: '-d, --debug', help: 'show every openssl command' },
})

/** The default subcommand's own flags. */
export const ALL_FLAGS = defineFlags({
  clientId: { flags: '--client-id <id>', help: 'CN of the client certificate (the username with use_identity_as_username)', default: 'device-1' },
  caName: { flags: '--ca-name <name>', help: 'common name of a new CA (default: mqtx CA <host> <date> <random>)' },
  caDays: { flags: '--ca-days <days>', help: 'validity of a new CA in days (default 3650)', parse: parseDays },
})

export const CA_FLAGS = defineFlags({
  force: { flags: '--force', help: 'has no effect: an existing CA key is never replaced (use another --dir)' },
  days: { flags: '--days <days>', help: 'validity in days (default 3650)', parse: parseDays },
  caName: { flags: '--ca-name <name>', help: 'common name (default: mqtx CA <host> <date> <random>)' },
})

export const SERVER_FLAGS = defineFlags({
  name: { flags: '--name <file>', help: 'file base name: <file>.crt and <file>.key (default: the first name, e.g. broker.example.com.crt)' },
})

export const INSPECT_FLAGS = defineFlags({
  json: { flags: '--json', help: 'one JSON document on stdout' },
})

export const CONFIG_FLAGS = defineFlags({
  dir: { flags: '--dir <dir>', help: 'where the certificates are', default: DEFAULT_DIR },
  name: { flags: '--name <file>', help: 'server certificate base name', default: 'server' },
  debug: { flags: '-d, --debug', help: 'show every openssl command' },
})

export type CommonOptions = OptionsOf<typeof LEAF_DAYS_FLAGS & typeof DIR_FLAGS & typeof LEAF_FORCE_FLAGS & typeof MAKE_FLAGS>
export type DefaultOptions = CommonOptions & OptionsOf<typeof ALL_FLAGS>
export type CaOptions = OptionsOf<typeof DIR_FLAGS & typeof MAKE_FLAGS & typeof CA_FLAGS>
export type ServerOptions = CommonOptions & OptionsOf<typeof SERVER_FLAGS>
export type InspectOptions = OptionsOf<typeof INSPECT_FLAGS>
export type ConfigOptions = OptionsOf<typeof CONFIG_FLAGS>
