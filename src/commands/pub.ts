/** `mqtx pub`: flags and wiring only; the work is in src/pub/. */
import { Command, Option } from 'commander'
import { addConnectionOptions, type RawConnectionOptions } from '../mqtt/options.js'
import { collect, parseIntegerIn, parseQos, parseSeconds, parsePositiveInt } from '../mqtt/parsers.js'
import { addExamples, CONNECTED_EXITS } from './help.js'
import { addEncodeOptions, type RawEncodeOptions } from '../codecs/options.js'

export interface RawPubOptions extends RawConnectionOptions, RawEncodeOptions {
  topic?: string
  message?: string
  file?: string
  stdinFile?: boolean
  stdinLine?: boolean
  nullMessage?: boolean
  qos?: 0 | 1 | 2
  retain?: boolean
  repeat?: number
  repeatDelay?: number
  reconnectTimeout?: number
  encoding?: 'utf8' | 'hex' | 'base64'
  contentType?: string
  correlationData?: string
  messageExpiry?: number
  payloadFormatIndicator?: boolean
  responseTopic?: string
  topicAlias?: number
  userProperty?: string[]
}

export function pubCommand(): Command {
  const cmd = new Command('pub')
    .description('publish a message (drop-in for mosquitto_pub)')
    .helpOption('--help', 'display help for pub')
  cmd
    .addOption(new Option('-t, --topic <topic>', 'topic to publish to (no + or #)').helpGroup('Message options:'))
    .addOption(new Option('-m, --message <text>', 'send this message').helpGroup('Message options:'))
    .addOption(new Option('-f, --file <file>', 'send the whole file, byte for byte').helpGroup('Message options:'))
    .addOption(new Option('-s, --stdin-file', 'send all of standard input as one message').helpGroup('Message options:'))
    .addOption(new Option('-l, --stdin-line', 'send each line of standard input as a message (streams; every line delivered)').helpGroup('Message options:'))
    .addOption(new Option('-n, --null-message', 'send an empty message').helpGroup('Message options:'))
    .addOption(new Option('--encoding <encoding>', 'how -m and -l text is given: utf8, hex or base64 (binary from a shell)').choices(['utf8', 'hex', 'base64']).helpGroup('Message options:'))
    .addOption(new Option('-q, --qos <qos>', 'quality of service, 0, 1 or 2 (default: 0)').argParser(parseQos).helpGroup('Message options:'))
    .addOption(new Option('-r, --retain', 'retain the message (an empty retained message clears the topic)').helpGroup('Message options:'))
    .addOption(new Option('--repeat <count>', 'publish the message this many times').argParser(parsePositiveInt('--repeat')).helpGroup('Message options:'))
    .addOption(new Option('--repeat-delay <seconds>', 'wait this long between repeats').argParser(parseSeconds('--repeat-delay', { allowZero: true })).helpGroup('Message options:'))
    .addOption(
      new Option('--reconnect-timeout <seconds>', 'after a lost connection, reconnect and resend what was not confirmed for up to this long, then give up with exit 1 (default: 30; 0: give up at once)')
        .argParser(parseSeconds('--reconnect-timeout', { allowZero: true }))
        .helpGroup('Message options:'),
    )
    .addOption(new Option('--content-type <type>', 'v5 content type (same as -D publish content-type)').helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--correlation-data <data>', 'v5 correlation data').helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--message-expiry <seconds>', 'v5 message expiry interval').argParser(parseIntegerIn('--message-expiry', 0, 4294967295)).helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--payload-format-indicator', 'v5: mark the payload as UTF-8 text').helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--response-topic <topic>', 'v5 response topic').helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--topic-alias <alias>', 'v5 topic alias').argParser(parseIntegerIn('--topic-alias', 1, 65535)).helpGroup('MQTT 5 publish properties:'))
    .addOption(new Option('--user-property <key=value>', 'v5 user property (repeatable)').argParser(collect).helpGroup('MQTT 5 publish properties:'))
  addEncodeOptions(cmd)
  addConnectionOptions(cmd)
  addExamples(cmd, [
    'mqtx pub -t home/temperature -m 25.5',
    'mqtx pub -t home/status -m online -r -q 1',
    'mqtx pub -t firmware/blob -f image.bin -q 1',
    'tail -f app.log | mqtx pub -t logs/app -l -q 1',
    "mqtx pub -t dev/raw --encoding hex -m 'deadbeef'",
    "mqtx pub -t dev/cmd -m reboot --content-type text/plain --user-property origin=ops",
    "mqtx pub -t sensors/1/pb --encode protobuf --proto sensor.proto --type sensors.Reading -m '{\"temperature\":25.5}'",
    "mqtx pub -t spBv1.0/plant/DDATA/edge1/pump --encode sparkplug -m '{\"metrics\":[{\"name\":\"rpm\",\"value\":1450}]}'",
  ], CONNECTED_EXITS)
  cmd.action(async (options: RawPubOptions) => {
    const { runPub } = await import('../pub/run.js')
    await runPub(options)
  })
  return cmd
}
