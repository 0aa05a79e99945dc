/** Topic and filter checks, with mosquitto's wording where it has one. */
import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { UsageError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'

const MAX_TOPIC_BYTES = 65535

let invalidArgv: boolean | undefined

/** Did any argument arrive as invalid UTF-8? From the raw bytes in /proc; true when they cannot be read. */
function commandLineMayHaveInvalidUtf8(): boolean {
  if (invalidArgv === undefined) {
    try {
      const raw = readFileSync('/proc/self/cmdline')
      let start = 0
      invalidArgv = false
      for (let i = 0; i <= raw.length; i++) {
        if (i < raw.length && raw[i] !== 0) continue
        if (!isUtf8(raw.subarray(start, i))) invalidArgv = true
        start = i + 1
      }
    } catch {
      invalidArgv = true
    }
  }
  return invalidArgv
}

function checkCommon(topic: string, what: string): void {
  if (topic === '') throw new UsageError(`Invalid ${what} '': a topic must not be empty.`)
  // Node decodes argv as UTF-8 and turns invalid bytes into U+FFFD: reject rather than send mangled
  // bytes; a real U+FFFD (EF BF BD, valid UTF-8) is fine when the raw command line shows no invalid byte.
  if (topic.includes('\uFFFD') && commandLineMayHaveInvalidUtf8()) {
    throw new UsageError(`Invalid ${what} '${escapeForTerminal(topic)}': it is not valid UTF-8.`)
  }
  if (topic.includes('\u0000')) throw new UsageError(`Invalid ${what}: it contains a NUL character.`)
  // MQTT says topics should not hold control characters; mosquitto drops such a PUBLISH without a word
  // (QoS 0 would "succeed") and mosquitto_pub/_sub refuse them: so do we, before connecting.
  const control = /[\u0001-\u001f\u007f-\u009f]/.exec(topic)
  if (control !== null) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')
    throw new UsageError(`Invalid ${what} '${escapeForTerminal(topic)}': it contains a control character (U+${code}), which brokers refuse.`)
  }
  if (Buffer.byteLength(topic, 'utf8') > MAX_TOPIC_BYTES) {
    throw new UsageError(`Invalid ${what}: longer than ${MAX_TOPIC_BYTES} bytes.`)
  }
}

/** A topic name (publish, will, response topic): no wildcards. `what` names it in messages. */
export function validatePublishTopic(topic: string, what = 'publish topic'): string {
  checkCommon(topic, what)
  if (topic.includes('+') || topic.includes('#')) {
    throw new UsageError(`Invalid ${what} '${escapeForTerminal(topic)}', does it contain '+' or '#'?`)
  }
  return topic
}

function validFilterLevels(filter: string): boolean {
  const levels = filter.split('/')
  return levels.every((level, i) => {
    if (level.includes('#')) return level === '#' && i === levels.length - 1
    if (level.includes('+')) return level === '+'
    return true
  })
}

/** A subscription filter, including `$share/<group>/<filter>`. */
export function validateFilter(filter: string): string {
  checkCommon(filter, 'subscription topic')
  let inner = filter
  if (filter.startsWith('$share/')) {
    const rest = filter.slice('$share/'.length)
    const slash = rest.indexOf('/')
    const group = slash === -1 ? rest : rest.slice(0, slash)
    inner = slash === -1 ? '' : rest.slice(slash + 1)
    if (group === '' || group.includes('+') || group.includes('#') || inner === '') {
      throw new UsageError(`Invalid shared subscription '${escapeForTerminal(filter)}' (use $share/<group>/<filter>).`)
    }
  }
  if (!validFilterLevels(inner)) {
    throw new UsageError(`Invalid subscription topic '${escapeForTerminal(filter)}', are all '+' and '#' wildcards correct?`)
  }
  return filter
}

/** Does `topic` match the subscription `filter` (MQTT rules, $-topics not matched by leading wildcards)? */
export function topicMatches(filter: string, topic: string): boolean {
  let f = filter
  if (f.startsWith('$share/')) {
    const rest = f.slice('$share/'.length)
    f = rest.slice(rest.indexOf('/') + 1)
  }
  const fl = f.split('/')
  const tl = topic.split('/')
  if (topic.startsWith('$') && (fl[0] === '+' || fl[0] === '#')) return false
  for (let i = 0; i < fl.length; i++) {
    const level = fl[i]
    if (level === '#') return true
    if (i >= tl.length) return false
    if (level !== '+' && level !== tl[i]) return false
  }
  return fl.length === tl.length
}
