/** tls: protocol, cipher, the broker certificate's names and expiry (mqtts:// connections). */
import type { TLSSocket } from 'node:tls'
import { connectionSocket } from '../mqtt/connect.js'
import type { CheckContext } from './context.js'
import type { ProbeResult } from './probes.js'

const DAY_MS = 86_400_000

export async function tlsProbe(ctx: CheckContext): Promise<ProbeResult> {
  const name = 'tls'
  if (ctx.cfg.transport === 'wss') return { name, status: 'skipped', detail: 'TLS details are shown for mqtts:// connections only' }
  if (ctx.cfg.transport !== 'tls') return { name, status: 'skipped', detail: 'not a TLS connection (use --cafile, --tls-use-os-certs or an mqtts:// URL)' }
  const conn = await ctx.connect('tls')
  const socket = connectionSocket(conn) as TLSSocket | undefined
  if (socket === undefined || typeof socket.getPeerCertificate !== 'function') return { name, status: 'fail', detail: 'no TLS socket' }
  const cert = socket.getPeerCertificate(false)
  const protocol = socket.getProtocol() ?? 'unknown'
  const cipher = socket.getCipher().name
  const subject = typeof cert.subject?.CN === 'string' ? cert.subject.CN : ''
  const issuer = typeof cert.issuer?.CN === 'string' ? cert.issuer.CN : ''
  const altNames = (cert.subjectaltname ?? '').split(', ').filter((s) => s !== '').map((s) => s.replace(/^(DNS|IP Address):/, ''))
  const validTo = new Date(cert.valid_to)
  const daysLeft = Math.floor((validTo.getTime() - Date.now()) / DAY_MS)
  const data = { protocol, cipher, subject, altNames, issuer, validFrom: new Date(cert.valid_from).toISOString(), validTo: validTo.toISOString(), daysLeft, authorized: socket.authorized }
  const names = altNames.length > 0 ? altNames.join(', ') : subject
  const expiry = daysLeft < 0 ? `EXPIRED on ${data.validTo.slice(0, 10)}` : `expires ${data.validTo.slice(0, 10)} (in ${daysLeft} days)`
  const detail = `${protocol}, ${cipher}; certificate for ${names} from ${issuer}; ${expiry}`
  return { name, status: daysLeft < 0 ? 'fail' : 'pass', detail, data }
}
