/** One-line packet descriptions for --debug. Passwords and auth data are never shown. */
import type { Packet } from 'mqtt'
import { escapeForTerminal } from '../output/escape.js'

function short(buf: unknown): string {
  if (buf === undefined || buf === null) return '0 bytes'
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(String(buf))
  return `${b.length} bytes`
}

function props(p: { properties?: Record<string, unknown> }): string {
  if (p.properties === undefined || Object.keys(p.properties).length === 0) return ''
  const shown = Object.entries(p.properties).map(([k, v]) => {
    if (k === 'authenticationData') return `${k}=<hidden>`
    if (Buffer.isBuffer(v)) return `${k}=<${v.length} bytes>`
    return `${k}=${JSON.stringify(v)}`
  })
  return ` properties{${shown.join(' ')}}`
}

export function describePacket(packet: Packet): string {
  const p = packet as unknown as Record<string, unknown> & { properties?: Record<string, unknown> }
  switch (packet.cmd) {
    case 'connect': {
      const c = packet
      const parts = [
        `CONNECT (v${c.protocolVersion ?? '?'}, id '${c.clientId}', clean ${String(c.clean)}, keepalive ${c.keepalive}`,
        c.username === undefined ? '' : `, user '${c.username}'`,
        c.password === undefined ? '' : ', password <hidden>',
        c.will === undefined || c.will === null ? '' : `, will '${c.will.topic}' q${c.will.qos}`,
        ')',
      ]
      return parts.join('') + props(p)
    }
    case 'connack':
      return `CONNACK (code ${String(p.reasonCode ?? p.returnCode)}, session present ${String(p.sessionPresent)})${props(p)}`
    case 'publish':
      return `PUBLISH (q${packet.qos}${packet.retain ? ', retained' : ''}${packet.dup ? ', dup' : ''}${packet.qos === 0 || packet.messageId === undefined ? '' : `, m${packet.messageId}`}, '${escapeForTerminal(String(packet.topic))}', ${short(packet.payload)})${props(p)}`
    case 'subscribe':
      return `SUBSCRIBE (m${String(p.messageId)}, ${JSON.stringify((p.subscriptions as Array<{ topic: string; qos: number }>).map((s) => `${s.topic} q${s.qos}`))})${props(p)}`
    case 'suback':
      return `SUBACK (m${String(p.messageId)}, granted ${JSON.stringify(p.granted)})${props(p)}`
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
    case 'unsuback':
      return `${packet.cmd.toUpperCase()} (m${String(p.messageId)}${p.reasonCode === undefined ? '' : `, code ${String(p.reasonCode)}`})${props(p)}`
    default:
      return `${packet.cmd.toUpperCase()}${p.reasonCode === undefined ? '' : ` (code ${String(p.reasonCode)})`}${props(p)}`
  }
}
