/** `mqtx pub` action: plan, read the payload, connect, publish, confirm, disconnect. */
import { setTimeout as sleep } from 'node:timers/promises'
import type { RawPubOptions } from './flags.js'
import { ConnectionError, MqtxError } from '../errors.js'
import { closeConnection, openConnection, type Connection } from '../mqtt/connect.js'
import { planPub, type PubPlan } from './plan.js'
import { readPayloadFile, readPayloadStdin } from '../session/payload.js'
import { publishOnce } from '../session/publish.js'
import { lineTransform, publishLines, type ParallelEncoding } from './lines.js'
import { publishOptions, publishShape } from './publish-options.js'
import { keepConnected, reconnectPeriodFor, resentSummary, times } from '../session/link.js'
import { payloadLimit } from '../session/limits.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import { logInfo } from '../output/log.js'

/**
 * -m/-f/-s/-n (and --repeat): publish and wait for each. After a lost connection MQTT.js reconnects
 * and sends the QoS 1/2 message that was not acknowledged again from its store; a QoS 0 message whose
 * write failed is published again once connected.
 */
async function publishMessage(plan: PubPlan, conn: Connection, payload: Buffer): Promise<void> {
  const options = publishOptions(plan, conn)
  let done = 0
  let online: Promise<void> = Promise.resolve()
  let back: () => void = () => {}
  let fail: (err: MqtxError) => void = () => {}
  let linkFailed = false
  // a QoS 1/2 message published and not yet confirmed: what MQTT.js sends again after a reconnect
  let inFlight = false
  let losses = 0
  let resent = 0
  const failed = new Promise<never>((_, reject) => {
    fail = reject
  })
  failed.catch(() => {})
  const link = keepConnected(conn, plan.reconnectTimeoutMs, {
    describeLoss: () =>
      plan.qos === 0
        ? `connection lost after ${done} of ${plan.repeat} messages were written (QoS 0: not confirmed)`
        : `connection lost after ${done} of ${plan.repeat} messages confirmed`,
    progress: () => done,
    unconfirmed: () => (plan.qos > 0 && inFlight ? 1 : 0),
    onLost: () => {
      losses++
      online = new Promise((resolve) => {
        back = resolve
      })
    },
    onBack: () => {
      back()
      if (plan.qos === 0) return ''
      if (!inFlight) return '; nothing to resend'
      resent++
      return `; ${plan.repeat === 1 ? 'resending it' : 'resending the unconfirmed one'}`
    },
    onFail: (err) => {
      linkFailed = true
      fail(err)
    },
  })
  try {
    while (done < plan.repeat) {
      if (done > 0 && plan.repeatDelayMs > 0) await Promise.race([sleep(plan.repeatDelayMs), failed])
      await Promise.race([online, failed])
      inFlight = true
      try {
        await Promise.race([publishOnce(conn, plan.topic, payload, options), failed])
      } catch (err) {
        // a QoS 0 message not written because the connection went: again once connected
        // (QoS 1/2 messages stay in MQTT.js's store, which sends them again itself)
        if (linkFailed || conn.client.connected || plan.reconnectTimeoutMs === 0) throw err
        continue
      } finally {
        inFlight = false
      }
      done++
    }
    if (losses > 0) {
      const noun = plan.repeat === 1 ? 'message' : 'messages'
      logInfo(
        plan.qos === 0
          ? `${done} ${noun} written; the connection was lost ${times(losses)} (QoS 0: a message written just before a loss may not have arrived)`
          : `${done} of ${plan.repeat} ${noun} confirmed; the connection was lost ${times(losses)}; ${resentSummary(resent, plan.qos)}`,
      )
    }
  } finally {
    link.stop()
  }
}

export async function runPub(options: RawPubOptions): Promise<void> {
  const plan = planPub(options)
  // --encode: the codec layer is loaded only then (a plain `pub -m` never imports it)
  const codecs = options.encode === undefined && options.avroSingle !== true ? undefined : await import('../codecs/setup.js')
  const encoder = await codecs?.setupEncoding(options)
  const encode = (bytes: Buffer, where: string) => (codecs === undefined || encoder === undefined ? bytes : codecs.encodeOrUsage(encoder, bytes.toString('utf8'), where))
  // what MQTT itself cannot carry is refused before connecting: a -f file by its size before it is
  // read, a pipe or /dev/zero (-f, -s) as soon as it goes past it (with --encode: the JSON text)
  const fits = (version: ProtocolVersion, maximumPacketSize?: number) => payloadLimit(publishShape(plan, version), maximumPacketSize)
  const what = plan.source.kind === 'file' ? `-f file '${plan.source.path}'` : 'the message'
  let payload: Buffer | undefined
  if (plan.source.kind === 'message') payload = encode(plan.source.payload, '-m')
  else if (plan.source.kind === 'file') payload = encode(readPayloadFile(plan.source.path, fits(plan.connection.protocolVersion)), `-f ${plan.source.path}`)
  else if (plan.source.kind === 'stdin') payload = encode(await readPayloadStdin(process.stdin, fits(plan.connection.protocolVersion)), 'standard input')
  else if (plan.source.kind === 'null') payload = Buffer.alloc(0)
  if (payload !== undefined) {
    const limit = fits(plan.connection.protocolVersion)
    if (payload.length > limit.max) throw limit.error(payload.length, what)
  }
  const transform = plan.source.kind !== 'lines' ? undefined : encoder !== undefined ? (text: string, where: string) => encode(Buffer.from(text, 'utf8'), where) : lineTransform(plan.source.encoding)
  // -l --encode: a long input is encoded on a worker thread (lines.ts), with the same codec flags
  const parallel: ParallelEncoding | undefined =
    codecs === undefined || encoder === undefined
      ? undefined
      : {
          options: { encode: options.encode, proto: options.proto, type: options.type, schema: options.schema, avroSingle: options.avroSingle },
          lineError: (where, f) => (f.codecError ? codecs.encodeUsageError(encoder.label, where, f.message) : new MqtxError(`${where}: encoding failed: ${f.message}`)),
        }

  const conn = await openConnection(plan.connection, { reconnectPeriodMs: reconnectPeriodFor(plan.reconnectTimeoutMs) })
  try {
    if (payload !== undefined) {
      const limit = fits(conn.protocolVersion, conn.maximumPacketSize)
      if (payload.length > limit.max) throw limit.error(payload.length, what)
      await publishMessage(plan, conn, payload)
    }
    else if (plan.source.kind === 'lines') await publishLines(plan, conn, process.stdin, transform, parallel)
  } catch (err) {
    await closeConnection(conn, { force: !(err instanceof MqtxError) || err instanceof ConnectionError })
    throw err
  }
  await closeConnection(conn)
}
