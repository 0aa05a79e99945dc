/**
 * The one SUBSCRIBE wrapper. `subscribeGrants` is the only call of MQTT.js's subscribe(): it resolves
 * with every filter's granted QoS or refusal code (MQTT.js reports a SUBACK with a refusal as an error
 * and keeps the codes on the error: suback.ts), and rejects only when there is no SUBACK. `subscribeAll`
 * is mqtx's SUBACK policy for sub and rr: every filter refused is an error, some refused a warning.
 */
import type { IClientSubscribeOptions, ISubscriptionGrant, ISubscriptionMap, Packet } from 'mqtt'
import { MqtxError } from '../errors.js'
import type { Connection } from '../mqtt/connect.js'
import { subackGrants } from '../mqtt/suback.js'
import { escapeForTerminal } from '../output/escape.js'
import { logWarn } from '../output/log.js'

const REFUSED: Record<number, string> = { 0x80: 'unspecified error', 0x83: 'implementation specific error', 0x87: 'not authorized', 0x8f: 'topic filter invalid', 0x91: 'packet identifier in use', 0x97: 'quota exceeded', 0x9e: 'shared subscriptions not supported', 0xa1: 'subscription identifiers not supported', 0xa2: 'wildcard subscriptions not supported' }

/** Filters with one set of options, or each with its own (a map). */
export function subscribeGrants(conn: Connection, filters: string[] | ISubscriptionMap, options: IClientSubscribeOptions = { qos: 0 }): Promise<ISubscriptionGrant[]> {
  const names = Array.isArray(filters) ? filters : Object.keys(filters)
  return new Promise((resolve, reject) => {
    const done = (err: Error | null | undefined, subs?: ISubscriptionGrant[]) => {
      const granted = err !== null && err !== undefined ? subackGrants(err, names) : subs
      if (granted === undefined) reject(err ?? new Error('no SUBACK'))
      else resolve(granted)
    }
    if (Array.isArray(filters)) conn.client.subscribe(filters, options, done)
    else conn.client.subscribe(filters, done)
  })
}

/**
 * Subscribe and check the SUBACK: all refused is an error, some refused a warning. `subscribed` is
 * called once the subscription stands — at the SUBACK packet itself when every filter was granted:
 * MQTT.js calls back only after a few promise hops, by when it may have handed over the messages that
 * came in the same read (retained ones, on a busy machine), and a run of -C N may be over.
 */
export function subscribeAll(conn: Connection, filters: string[], options: IClientSubscribeOptions, subscribed?: () => void): Promise<void> {
  let told = false
  const tell = () => {
    if (told) return
    told = true
    subscribed?.()
  }
  const atSuback = (packet: Packet) => {
    if (packet.cmd === 'suback' && packet.granted.length === filters.length && packet.granted.every((code) => typeof code === 'number' && code < 0x80)) tell()
  }
  if (subscribed !== undefined) conn.client.on('packetreceive', atSuback)
  return new Promise<void>((resolve, reject) => {
    subscribeGrants(conn, filters, options).then((granted) => {
      const refused = granted.filter((g) => g.qos >= 0x80)
      const why = refused.map((g) => `'${escapeForTerminal(g.topic)}' (${REFUSED[g.qos] ?? `reason code 0x${g.qos.toString(16)}`})`).join(', ')
      const shared = refused.some((g) => g.topic.startsWith('$share/'))
      const hint = shared ? 'this broker does not offer shared subscriptions ($share/…): subscribe to the topic itself, or use a broker that has them' : "check the broker's ACL for this client"
      if (refused.length > 0 && refused.length === filters.length) {
        reject(new MqtxError(`the broker refused every subscription: ${why}.`, { hint }))
        return
      }
      if (refused.length > 0) logWarn(`the broker refused ${why}`)
      tell()
      resolve()
    }, (err: unknown) => reject(new MqtxError(`subscribing failed: ${err instanceof Error ? err.message : 'no SUBACK'}`, { cause: err })))
  }).finally(() => conn.client.removeListener('packetreceive', atSuback))
}
