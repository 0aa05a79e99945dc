/**
 * Bound what an unauthenticated client can make the broker buffer: read the first packet's fixed
 * header ourselves and hand the connection to aedes only when the packet it announces (the CONNECT)
 * fits CONNECT_LIMIT. aedes' own maximumPacketSize is one limit for every packet of every client
 * (and is advertised in the CONNACK), so it cannot be small for the CONNECT and large afterwards.
 */
import type { Duplex } from 'node:stream'

/** Largest CONNECT accepted (whole packet, fixed header included): ids, will, credentials, properties. */
export const CONNECT_LIMIT = 64 * 1024
/** A client that has not sent a whole fixed header by then is dropped (aedes' own connect timeout). */
export const FIRST_BYTES_TIMEOUT_MS = 30_000

export type FixedHeader = { state: 'partial' } | { state: 'malformed' } | { state: 'ok'; type: number; size: number }

/** The first packet's type and whole size (fixed header + remaining length), from its first bytes. */
export function readFixedHeader(head: Buffer): FixedHeader {
  if (head.length < 2) return { state: 'partial' }
  let remaining = 0
  for (let i = 1; i <= 4; i++) {
    const byte = head[i]
    if (byte === undefined) return { state: 'partial' }
    remaining += (byte & 0x7f) * 128 ** (i - 1)
    if ((byte & 0x80) === 0) return { state: 'ok', type: (head[0] ?? 0) >> 4, size: 1 + i + remaining }
  }
  return { state: 'malformed' }
}

export interface Refusal {
  /** What the client announced, when it got that far. */
  size?: number
  reason: string
}

/**
 * Wait for the first packet's fixed header on `stream`; then either put the bytes back and call
 * `accept` (aedes takes the stream from there), or destroy the stream and call `refuse`.
 */
export function guardConnect(stream: Duplex, accept: () => void, refuse: (r: Refusal) => void, limit = CONNECT_LIMIT): void {
  let head: Buffer = Buffer.alloc(0)
  const done = () => {
    clearTimeout(timer)
    stream.removeListener('readable', onReadable)
    stream.removeListener('error', onError)
    stream.removeListener('close', onClose)
  }
  const drop = (r: Refusal) => {
    done()
    stream.on('error', () => {})
    stream.destroy()
    refuse(r)
  }
  const onReadable = () => {
    let chunk: Buffer | null
    while ((chunk = stream.read() as Buffer | null) !== null) {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk])
      const h = readFixedHeader(head)
      if (h.state === 'partial') continue
      if (h.state === 'malformed') return drop({ reason: 'not MQTT (malformed packet length)' })
      if (h.type !== 1) return drop({ reason: `not MQTT (the first packet is not a CONNECT)` })
      if (h.size > limit) return drop({ size: h.size, reason: `CONNECT of ${h.size} bytes is over the ${limit}-byte limit for unauthenticated clients` })
      done()
      stream.unshift(head)
      accept()
      return
    }
  }
  const onError = () => {
    done()
    stream.on('error', () => {})
  }
  const onClose = () => done()
  const timer = setTimeout(() => drop({ reason: `no CONNECT within ${FIRST_BYTES_TIMEOUT_MS / 1000} s` }), FIRST_BYTES_TIMEOUT_MS)
  timer.unref()
  stream.on('readable', onReadable)
  stream.on('error', onError)
  stream.on('close', onClose)
}
