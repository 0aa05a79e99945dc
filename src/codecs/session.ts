/**
 * The per-process decoding state sub and rr share: codec choice per message, codecs loaded on
 * first use, --where / --select, and one warning per topic for payloads that do not decode.
 */
import type { DecodedPayload } from '../output/message.js'
import { codecChooser, type Choice, type DetectOptions, type Reason } from './detect.js'
import { CodecCache } from './registry.js'
import type { Expression } from './select.js'
import { isTruthy } from './select.js'
import { describeSpec } from './spec.js'
import { CodecError, type Codec } from './types.js'

export type Decoded = DecodedPayload

export interface DecodeSetup extends DetectOptions {
  select?: Expression
  where?: Expression
  /** --select/--where without any codec: JSON, so `--select temperature` works on JSON payloads. */
  defaultJson: boolean
  /** Only the compact JSON text of the decoded form is printed (raw output): codecs may write it directly. */
  textOnly?: boolean
  /** -F uses %c: a topic no codec applies to is said once (its %c is empty), never silently. */
  formatUsesDecoded?: boolean
}

/** Decoded to JSON text only (Codec.decodeText); the value is decoded again if something asks for it. */
class TextDecoded implements Decoded {
  constructor(
    readonly codec: string,
    readonly text: string,
    readonly replacesPayload: boolean,
    private readonly source: Codec,
    private readonly payload: Buffer,
    private readonly hint: string | undefined,
  ) {}

  get value(): unknown {
    return this.source.decode(this.payload, this.hint)
  }
}

/** 'skip': --where said no, or the payload did not decode while --where/--select need it. */
export type Outcome = Decoded | undefined | 'skip'

const MAX_WARNED_TOPICS = 10_000

export class PayloadDecoding {
  private readonly cache = new CodecCache()
  private readonly warned = new Set<string>()
  private readonly choose: (topic: string, contentType: string | undefined) => Choice | undefined
  private readonly jsonFallback: Choice = { spec: { wrappers: [], body: 'json' }, reason: 'flag' }

  constructor(
    private readonly setup: DecodeSetup,
    private readonly warn: (text: string) => void,
    /** Every later failure on an already-warned topic (--debug). */
    private readonly debug: (text: string) => void = () => {},
  ) {
    this.choose = codecChooser(setup)
  }

  /** Everything sync when the codec is loaded; a Promise only the first time a codec is needed. */
  decode(topic: string, payload: Buffer, contentType: string | undefined): Outcome | Promise<Outcome> {
    const choice = this.choose(topic, contentType) ?? (this.setup.defaultJson ? this.jsonFallback : undefined)
    if (choice === undefined) {
      if (this.setup.formatUsesDecoded === true && !this.warned.has(topic)) {
        this.warnOnce(topic, `no codec applies to '${topic}' (none of --decode, a profile codec map, a content type or a Sparkplug topic), so -F %c is empty for it`, '')
      }
      return this.needsValue() ? 'skip' : undefined
    }
    const codec = this.cache.get(choice.spec)
    if (codec !== undefined) return this.apply(codec, choice.reason, topic, payload, contentType)
    return this.cache.load(choice.spec).then(
      (c) => this.apply(c, choice.reason, topic, payload, contentType),
      (err: unknown) => {
        // a schema that cannot load (flag or profile) is a usage error: stop
        if (choice.reason === 'flag' || choice.reason === 'profile') throw err
        this.warnOnce(topic, `cannot decode '${topic}' as ${describeSpec(choice.spec)} (${choice.reason}): ${(err as Error).message}`)
        return this.needsValue() ? 'skip' : undefined
      },
    )
  }

  /** Load what an explicit --decode needs before the first message (a bad .proto: exit 2 at once). */
  async preload(): Promise<void> {
    if (this.setup.explicit !== undefined) await this.cache.load(this.setup.explicit)
    for (const rule of this.setup.rules) await this.cache.load(rule.spec)
  }

  private needsValue(): boolean {
    return this.setup.select !== undefined || this.setup.where !== undefined
  }

  private apply(codec: Codec, reason: Reason, topic: string, payload: Buffer, contentType: string | undefined): Outcome {
    const asText = this.setup.textOnly === true && codec.decodeText !== undefined && !this.needsValue()
    let value: unknown
    try {
      if (asText) return new TextDecoded(codec.label, (codec.decodeText as (p: Buffer, h?: string) => string)(payload, contentType), reason === 'flag' || reason === 'profile', codec, payload, contentType)
      value = codec.decode(payload, contentType)
    } catch (err) {
      // a library that throws something else on hostile bytes is a failed decode too, never a crash
      const why = err instanceof CodecError ? err.message : `${(err as Error).name ?? 'Error'}: ${(err as Error).message}`
      this.warnOnce(topic, `the payload on '${topic}' is not ${codec.label}: ${why}; shown undecoded`)
      return this.needsValue() ? 'skip' : undefined
    }
    const decoded: Decoded = { codec: codec.label, value, replacesPayload: reason === 'flag' || reason === 'profile' || this.needsValue() }
    try {
      if (this.setup.where !== undefined && !isTruthy(this.setup.where(value))) return 'skip'
      if (this.setup.select !== undefined) {
        const selected = this.setup.select(value)
        if (selected === null || selected === undefined) return 'skip'
        decoded.selected = selected
      }
    } catch (err) {
      // --where/--select raised on this payload (a function on the wrong type): said, message skipped
      this.warnOnce(topic, `${(err as Error).message} (on '${topic}'); message skipped`)
      return 'skip'
    }
    return decoded
  }

  private warnOnce(topic: string, text: string, further = ' (further payloads on this topic that do not decode are not reported)'): void {
    if (this.warned.has(topic)) {
      this.debug(text)
      return
    }
    if (this.warned.size < MAX_WARNED_TOPICS) this.warned.add(topic)
    this.warn(`${text}${further}`)
  }
}
