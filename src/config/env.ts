/**
 * MQTX_* environment variables: the common connection options, so a shell or CI job can set them
 * once. Each maps to a flag and is parsed by that flag's own parser. Listed in the README and man page.
 */
export interface EnvSetting {
  name: string
  /** commander attribute name of the flag it stands for; undefined: handled elsewhere. */
  option?: string
  flag: string
  description: string
}

export const ENV_SETTINGS: EnvSetting[] = [
  { name: 'MQTX_HOST', option: 'host', flag: '-h', description: 'broker host' },
  { name: 'MQTX_PORT', option: 'port', flag: '-p', description: 'broker port' },
  { name: 'MQTX_USERNAME', option: 'username', flag: '-u', description: 'username' },
  { name: 'MQTX_PASSWORD', flag: '-P', description: 'password for the username when no -P or --password-file is given; unlike -P, not visible in ps' },
  { name: 'MQTX_PASSWORD_FILE', option: 'passwordFile', flag: '--password-file', description: 'file whose first line is the password' },
  { name: 'MQTX_PROTOCOL_VERSION', option: 'protocolVersion', flag: '-V', description: 'MQTT version: 5, 311 or 31' },
  { name: 'MQTX_CAFILE', option: 'cafile', flag: '--cafile', description: 'CA certificate to trust (PEM)' },
  { name: 'MQTX_CAPATH', option: 'capath', flag: '--capath', description: 'directory of CA certificates to trust' },
  { name: 'MQTX_CERT', option: 'cert', flag: '--cert', description: 'client certificate (PEM)' },
  { name: 'MQTX_KEY', option: 'key', flag: '--key', description: 'client private key (PEM)' },
  { name: 'MQTX_PROFILE', flag: '--profile', description: 'profile to use from the config file' },
  { name: 'MQTX_CONFIG', flag: '', description: 'config file to read instead of $XDG_CONFIG_HOME/mqtx/config.json' },
  { name: 'MQTX_CODE_CACHE', flag: '', description: "off: start without the V8 code cache the build made (slower; to compare or rule it out). The build itself sets it to write" },
]

/** Keys in a profile that name where the password comes from; one source wins as a whole. */
export const PASSWORD_KEYS = ['pw', 'password', 'passwordFile', 'passwordEnv'] as const
