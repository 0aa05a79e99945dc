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

Payload codecs: mqtx pub --encode and mqtx sub/rr --decode take json, protobuf (--proto FILE, --type
package.Message), sparkplug (Sparkplug B, built-in Eclipse Tahu schema), cbor, msgpack, avro (--schema
FILE.avsc; raw binary, or the single-object encoding with --avro-single), text, hex and base64, with gzip or deflate in front of any of them (gzip+json). Encoders
read JSON text from -m, -f, -s or each -l line. A received message is decoded by, first match wins,
--decode, the profile's "codecs" map, the MQTT 5 content-type, or a Sparkplug topic (spBv1.0/GROUP/TYPE/...).
A payload that does not decode is shown undecoded with one warning per topic. --json adds "codec" and
"decoded" next to the lossless "payload"; -F %c prints the decoded form; plain output prints it instead
of the bytes only with --decode, a profile map entry, --select or --where. --select EXPR and --where
EXPR are JMESPath expressions over the decoded payload (JSON when no codec applies): the selected
part is printed, messages where --where is not true (or the selected field is missing) are skipped and
not counted by -C. Input that does not fit a schema, and a .proto file that does not parse (named as
file:line), are usage errors (exit status 2).
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
over: $XDG_CONFIG_HOME/mosquitto_pub (~/.config/mosquitto_pub), mosquitto_sub and mosquitto_rr, read
as mosquitto reads them: one option per line, its value the rest of the line, spaces included (quotes
are not special; # starts a comment line; an option on several lines adds up when it is repeatable,
as -t, else the last line wins). They rank lowest, below the config file. An option mqtx
does not know skips its line with a warning; so does -o FILE, which ranks just above them.

A profile (or its "sub" or "rr" section) may hold "codecs": topic filter to codec, a name such as
"gzip+json" or {"codec": "protobuf", "proto": "s.proto", "type": "pkg.Msg"} ("schema" for avro),
used for received messages before the content-type and Sparkplug detection.

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

/** -F: the syntax, then one entry per code of FORMAT_CODES (man-coverage.test.ts checks both ways). */
export const FORMAT_INTRO = `
-F FORMAT (mqtx sub and mqtx rr) prints each message as FORMAT says, as mosquitto_sub -F does, with the
same bytes except where mosquitto_sub 2.0.11 is wrong (see README). The format is checked when mqtx
starts: a bad one is a usage error naming the position. A conversion is %[-][0][width][.precision]CODE:
- pads on the right, 0 pads numbers with zeros, width is the minimum width, precision limits the
payload bytes shown by %p and is the number of decimals of %d and %f (default 6). On %x and %X a
precision N groups the hex digits N at a time, separated by a space, or by the character written
between the precision and the code: %.2:x prints 6d:65:73 (mosquitto 2.1).
--pretty indents %j and %J (with tabs, as mosquitto does).
`

export const FORMAT_CODE_HELP: Record<string, string> = {
  '%': 'a literal %',
  A: 'topic alias (v5), when the message has one',
  C: 'content type (v5)',
  D: 'correlation data (v5)',
  c: 'the decoded payload (mqtx; mosquitto has no %c): JSON, or the text itself for text/hex/base64; --select\'s result when given; empty when no codec applied',
  d: 'the payload as an IEEE-754 double (8 bytes, host byte order), printed as C printf %f; another size is a warning and an empty field (mosquitto 2.1)',
  E: 'message expiry interval in seconds (v5)',
  F: 'payload format indicator (v5): 0 bytes, 1 UTF-8',
  f: 'the payload as an IEEE-754 float (4 bytes, host byte order), printed as C printf %f; another size is a warning and an empty field (mosquitto 2.1)',
  I: 'receive time in ISO 8601, local time with its offset',
  j: 'a JSON record: tst, topic, qos, retain, payloadlen, mid (QoS above 0), properties (when any), payload (text, or base64 with "encoding" when not UTF-8)',
  J: 'as %j, with the payload embedded as JSON (a payload that is not JSON is skipped with a warning)',
  l: 'payload length in bytes',
  m: 'message id (0 at QoS 0)',
  P: 'user properties (v5), as key:value pairs separated by spaces',
  p: 'the payload, byte for byte',
  q: 'QoS: 0, 1 or 2',
  R: 'response topic (v5)',
  r: 'retain flag: 0 or 1',
  S: 'subscription identifier (v5)',
  t: 'the topic',
  U: 'receive time as Unix seconds with nanoseconds (1795549688.039752754)',
  x: 'the payload in lower-case hex (%.2x: grouped by byte)',
  X: 'the payload in upper-case hex (%.2X: grouped by byte)',
}

export const TIME_INTRO = `
@ followed by a letter prints the receive time, in local time and the C locale, as strftime(3) does
with that letter; @N prints the nanoseconds within the second, @@ a literal @. An unknown letter is a
usage error.
`

/** One entry per letter of STRFTIME_CODES. */
export const TIME_CODE_HELP: Record<string, string> = {
  a: 'weekday, abbreviated (Mon)',
  A: 'weekday (Monday)',
  b: 'month, abbreviated (Jan)',
  B: 'month (January)',
  c: 'date and time (Mon Jan  2 15:04:05 2026)',
  C: 'century (20)',
  d: 'day of the month, 01-31',
  D: 'date as %m/%d/%y',
  e: 'day of the month, space-padded',
  F: 'date as %Y-%m-%d',
  g: 'ISO 8601 week-based year, two digits',
  G: 'ISO 8601 week-based year',
  h: 'as %b',
  H: 'hour, 00-23',
  I: 'hour, 01-12',
  j: 'day of the year, 001-366',
  k: 'hour, 0-23, space-padded',
  l: 'hour, 1-12, space-padded',
  m: 'month, 01-12',
  M: 'minute, 00-59',
  n: 'a newline',
  p: 'AM or PM',
  P: 'am or pm',
  r: 'time as %I:%M:%S %p',
  R: 'time as %H:%M',
  s: 'seconds since the Unix epoch',
  S: 'second, 00-60',
  t: 'a tab',
  T: 'time as %H:%M:%S',
  u: 'day of the week, 1-7 (Monday is 1)',
  U: 'week of the year, 00-53, weeks starting on Sunday',
  V: 'ISO 8601 week number, 01-53',
  w: 'day of the week, 0-6 (Sunday is 0)',
  W: 'week of the year, 00-53, weeks starting on Monday',
  x: 'date as %m/%d/%y',
  X: 'time as %H:%M:%S',
  y: 'year, two digits',
  Y: 'year',
  z: 'offset from UTC (+0100)',
  Z: 'time zone abbreviation',
  '%': 'a literal %',
}

/** -F escapes: the character after the backslash, and what it prints. */
export const FORMAT_ESCAPES: Array<[string, string]> = [
  ['\\\\', 'a backslash'],
  ['\\0', 'a NUL byte'],
  ['\\a', 'BEL (0x07)'],
  ['\\e', 'ESC (0x1b)'],
  ['\\n', 'a newline'],
  ['\\r', 'a carriage return'],
  ['\\t', 'a tab'],
  ['\\v', 'a vertical tab'],
]

export const PROBES_INTRO = `
mqtx check runs these probes, in this order (--only and --skip take comma-separated names). Each
result is pass, fail, unsupported (the broker says it does not offer the feature, or the protocol has
none: not a failure) or skipped (not applicable, e.g. tls on a plain connection); the exit status is
1 when any probe failed.
`
