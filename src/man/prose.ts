/** The hand-written parts of man/mqtx.1; everything about flags comes from the command tree. */

export const NAME = 'a fast, safe MQTT command line'

export const DESCRIPTION = `
mqtx publishes, subscribes and does request/response over MQTT 5, 3.1.1 and 3.1. It takes the same
flags as mosquitto_pub and mosquitto_sub, so existing scripts keep working, and fixes their defects:
errors are one line on standard error with a documented exit status, never an error followed by exit
status 0; nothing is silently dropped; JSON output is lossless.

Standard output carries data only. Status, warnings, debug output and errors go to standard error.
Colour is used only on a terminal, never when NO_COLOR is set or TERM is dumb; FORCE_COLOR forces it.

MQTT 5 is tried first; when the broker refuses it, mqtx retries once with 3.1.1 (-V pins a version).
One-shot commands never reconnect silently: a lost connection is an error.
`

export const CONFIGURATION = `
Named profiles live in one JSON file, $XDG_CONFIG_HOME/mqtx/config.json (~/.config/mqtx/config.json
when XDG_CONFIG_HOME is unset; MQTX_CONFIG names another file). A profile is chosen with --profile NAME,
else MQTX_PROFILE, else the file's "defaultProfile". A profile holds connection options by their long
names (host, port, username, cafile, capath, cert, key, protocolVersion, keepalive …; camelCase or the
flag's own spelling) and, under a command's name, that command's defaults (for example "pub": {"qos": 1}).
Every value is checked by the same parser as the flag. Relative file names are relative to the config
file's directory; ~/ is the home directory.

Keep passwords out of the file: "passwordFile" names a file whose first line is the password, and
"passwordEnv" names an environment variable that holds it. A literal "password" works but draws a warning.

Precedence, lowest first: built-in defaults, mosquitto's defaults files, the config file, MQTX_* environment variables, flags.
A -L URL on the command line takes host and port (and credentials, when it has them) from the URL alone;
--unix on the command line keeps host, port, proxy and TLS settings of the lower layers out.

For mqtx pub, sub and rr, mosquitto's per-user defaults files are read too, so existing set-ups carry
over: $XDG_CONFIG_HOME/mosquitto_pub (~/.config/mosquitto_pub), mosquitto_sub and mosquitto_rr, whose
words are options as on the command line (# starts a comment line). They rank lowest, below the config
file. An option mqtx does not know skips the rest of its line with a warning.

A malformed config file, an unknown setting, a bad value, an unreadable file or an unknown profile is a
usage error (exit status 2) naming the file and line.
`

export const CONFIG_EXAMPLE = [
  '{',
  '  "defaultProfile": "home",',
  '  "profiles": {',
  '    "home": {',
  '      "host": "broker.lan", "port": 8883, "username": "alice",',
  '      "passwordFile": "~/.config/mqtx/home.pass", "cafile": "home-ca.pem",',
  '      "pub": { "qos": 1 }',
  '    },',
  '    "ci": { "host": "127.0.0.1", "passwordEnv": "CI_MQTT_PASSWORD", "protocolVersion": "311" }',
  '  }',
  '}',
]

export const ENVIRONMENT_EXTRA: Array<[string, string]> = [
  ['NO_COLOR', 'when set and not empty, no colour (https://no-color.org).'],
  ['FORCE_COLOR', 'when set to anything but 0 or false, colour even when not writing to a terminal.'],
  ['TERM', 'when dumb, no colour.'],
  ['XDG_CONFIG_HOME', 'where the config file is looked for (default ~/.config).'],
  ['MQTX_OPENSSL', 'the openssl command mqtx certgen runs (default: openssl on PATH).'],
  ['MQTX_BROKER_USERNAME, MQTX_BROKER_PASSWORD', 'mqtx broker: one login it requires (with or instead of --users).'],
]

export const FILES: Array<[string, string]> = [
  ['$XDG_CONFIG_HOME/mqtx/config.json', 'profiles (default ~/.config/mqtx/config.json); see CONFIGURATION.'],
  ['$XDG_CONFIG_HOME/mosquitto_pub, mosquitto_sub, mosquitto_rr', "mosquitto's per-user defaults, read by mqtx pub, sub and rr (default directory ~/.config)."],
  ['completions/mqtx.bash, completions/_mqtx, completions/mqtx.fish', 'shell completions shipped in the package; mqtx completion SHELL prints the same scripts.'],
]

export const ROOT_EXAMPLES: Array<[string, string]> = [
  ['mqtx sub -t home/temperature -v', 'Print every message on home/temperature with its topic; then, in another terminal:'],
  ['mqtx pub -t home/temperature -m 25.5', 'publish one message. The subscriber prints home/temperature 25.5.'],
  ['mqtx pub --profile home -t home/lights -m on', 'Connect with the settings of the profile "home" in the config file:'],
  ['MQTX_HOST=broker.lan MQTX_USERNAME=alice MQTX_PASSWORD_FILE=~/.mqtt-pass mqtx sub -t \'#\' -v', 'Subscribe to everything on broker.lan as alice, with the connection settings from the environment:'],
]

export const SEE_ALSO = 'mosquitto_pub(1), mosquitto_sub(1), mosquitto_rr(1), mosquitto(8)'
