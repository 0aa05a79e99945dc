/**
 * `mqtx rr`: subscribe to the response topic, publish the request with response-topic and
 * correlation-data, print the responses that carry the same correlation data (-C of them), exit.
 */
import type { IClientPublishOptions, IPublishPacket } from 'mqtt'
import type { RawRrOptions } from './flags.js'
import { ConnectionError, MqtxError } from '../errors.js'
import { escapeForTerminal } from '../output/escape.js'
import { logDebug, logInfo, logWarn } from '../output/log.js'
import { StdoutWriter } from '../output/writer.js'
import { closeConnection, openConnection } from '../mqtt/connect.js'
import type { ProtocolVersion } from '../mqtt/parsers.js'
import { publishOnce } from '../session/publish.js'
import { readPayload } from '../session/payload.js'
import { payloadLimit } from '../session/limits.js'
import { shutdown, startLifecycle, stdoutClosed, type Lifecycle } from '../session/lifecycle.js'
import { installBackpressure, toReceived } from '../session/receive.js'
import { subscribeAll } from '../session/subscribe.js'
import { decodingFor } from '../session/decoding.js'
import { messagePrinter } from '../session/print.js'
import { planRr } from './plan.js'

export async function runRr(options: RawRrOptions): Promise<void> {
  const plan = planRr(options)
  const codecs = options.encode === undefined && options.avroSingle !== true ? undefined : await import('../codecs/setup.js')
  const encoder = await codecs?.setupEncoding(options)
  // a request MQTT cannot carry is refused before connecting (-f/-s: as soon as the input goes past
  // it); one over the broker's limit once connected
  const fits = (version: ProtocolVersion, maximumPacketSize?: number) =>
    payloadLimit({ topic: plan.topic, qos: plan.qos, retain: false, properties: plan.properties as Record<string, unknown>, protocolVersion: version }, maximumPacketSize)
  const before = fits(plan.connection.protocolVersion)
  const raw = await readPayload(plan.payload, before)
  const payload = codecs === undefined || encoder === undefined ? raw : codecs.encodeOrUsage(encoder, raw.toString('utf8'), 'the request')
  const decoding = await decodingFor(options, plan.output)
  let life: Lifecycle | undefined
  const writer = new StdoutWriter(undefined, (err) => stdoutClosed(err, life))
  if (payload.length > before.max) throw before.error(payload.length, 'the request')
  const conn = await openConnection(plan.connection)
  const limit = fits(conn.protocolVersion, conn.maximumPacketSize)
  if (payload.length > limit.max) {
    await closeConnection(conn)
    throw limit.error(payload.length, 'the request')
  }
  const running = startLifecycle(conn, plan.timeoutMs === undefined ? {} : { timeoutMs: plan.timeoutMs, timeoutHint: `no response on '${plan.responseTopic}' within -W ${plan.timeoutMs / 1000} s` })
  life = running
  let received = 0
  let warned = false
  let warnedStale = false
  let warnedUncorrelated = false
  let lastHandled: IPublishPacket | undefined
  let sentAt: bigint | undefined
  installBackpressure(conn.client, writer, running.stopped, (p) => p === lastHandled)
  const print = messagePrinter({
    output: plan.output,
    writer,
    ...(decoding === undefined ? {} : { decoding }),
    stopped: running.stopped,
    fail: (err) => running.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })),
    notJson: () => 'the response payload is not valid JSON (-F %J)',
    handled: () => {
      if (plan.latency && sentAt !== undefined) logInfo(`latency: ${(Number(process.hrtime.bigint() - sentAt) / 1e6).toFixed(3)} ms`)
      received++
      if (received >= plan.count) running.finish()
    },
  })
  const expected = plan.correlationData
  if (expected === undefined) {
    logWarn(`MQTT ${plan.connection.protocolVersion === 4 ? '3.1.1' : '3.1'} has no response topic or correlation data: the request goes out without them and the next message on '${escapeForTerminal(plan.responseTopic)}' is taken as the response`)
  }
  conn.client.on('message', (topic: string, body: Buffer, packet: IPublishPacket) => {
    if (running.stopped()) return
    lastHandled = packet
    const cd = packet.properties?.correlationData
    // a response without any correlation data (a responder written for mosquitto_rr, which takes
    // whatever comes on -e) is taken, as mosquitto_rr does; one carrying another request's is not
    const uncorrelated = expected !== undefined && cd === undefined
    if (topic !== plan.responseTopic || (expected !== undefined && !uncorrelated && (!Buffer.isBuffer(cd) || !cd.equals(expected)))) {
      logDebug(() => `ignored a message on '${escapeForTerminal(topic)}' without our correlation data`)
      if (!warned) logWarn(`ignoring messages on '${escapeForTerminal(topic)}' that do not carry this request's correlation data`)
      warned = true
      return
    }
    // MQTT 3.1/3.1.1 cannot match a response to its request: at least a retained message, or one that
    // came before the request went out, cannot be the answer to it
    if ((expected === undefined || uncorrelated) && (packet.retain || sentAt === undefined)) {
      logDebug(() => `ignored a ${packet.retain ? 'retained ' : ''}message on '${escapeForTerminal(topic)}' that came before the request`)
      if (!warnedStale) logWarn(`ignoring a message on '${escapeForTerminal(topic)}' that ${packet.retain ? 'was retained' : 'came before the request was sent'}: it cannot be the response`)
      warnedStale = true
      return
    }
    if (uncorrelated && !warnedUncorrelated) {
      logWarn(`the response on '${escapeForTerminal(topic)}' carries no correlation data: taken as the answer (as mosquitto_rr does); a responder should copy the request's correlation data back`)
      warnedUncorrelated = true
    }
    print(toReceived(topic, body, packet))
  })
  conn.client.on('close', () => {
    const reason = conn.lossReason()
    const why = reason === undefined ? '' : `: ${reason}`
    running.fail(new ConnectionError(`the connection to the broker was lost before the response arrived${why}.`))
  })
  try {
    const flow = async () => {
      await subscribeAll(conn, [plan.responseTopic], { qos: plan.qos, ...(plan.retainHandling === undefined ? {} : { rh: plan.retainHandling }) })
      logDebug(`subscribed to '${plan.responseTopic}'; sending the request to '${plan.topic}'`)
      const opts: IClientPublishOptions = { qos: plan.qos }
      if (Object.keys(plan.properties).length > 0) opts.properties = plan.properties as IClientPublishOptions['properties']
      sentAt = process.hrtime.bigint()
      await publishOnce(conn, plan.topic, payload, opts)
    }
    flow().catch((err: unknown) => running.fail(err instanceof MqtxError ? err : new MqtxError(String(err), { cause: err })))
    await running.done
  } finally {
    await shutdown(conn, writer)
  }
}
