/**
 * For tests that kill mosquitto and start it again mid-stream (pub-reconnect, replay-reconnect):
 * a broker whose state survives, and an independent subscriber whose session does.
 */
import { waitForSubscription, type Broker, type BrokerOptions } from './broker.js'
import { start, type Running } from './run.js'

/**
 * Persistence saved every second; a QoS 0 subscriber with a persistent session gets a queue while it
 * is away (the broker writes each message to a connected subscriber before its PUBACK).
 */
export const RESTARTABLE: BrokerOptions = { global: ['persistence true', 'autosave_interval 1', 'max_queued_messages 0', 'queue_qos0_messages true'] }

/** An independent mosquitto_sub (-c -q 0) on `topic`, returned once the broker has saved its session. */
export async function persistentReceiver(broker: Broker, topic: string, id: string): Promise<Running> {
  const sub = start('mosquitto_sub', ['-p', String(broker.port), '-c', '-i', id, '-q', '0', '-t', topic], { timeoutMs: 120_000 })
  await waitForSubscription(broker, id)
  const saves = (broker.log().match(/Saving in-memory database/g) ?? []).length
  await broker.waitForLog(new RegExp(`(Saving in-memory database[^]*){${saves + 1}}`))
  return sub
}
