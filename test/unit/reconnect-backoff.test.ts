import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Connection } from '../../src/mqtt/connect.js'
import { configureLog } from '../../src/output/log.js'
import { followReconnects } from '../../src/mqtt/reconnect.js'

afterEach(() => {
  vi.useRealTimers()
  configureLog({ quiet: false })
})

/** What followReconnects reads of a client: its events and options.reconnectPeriod. */
function fakeConnection(): { conn: Connection; period: () => number; emit: (event: string, arg?: unknown) => void } {
  const client = Object.assign(new EventEmitter(), { options: { reconnectPeriod: 500 } })
  const conn = { client, protocolVersion: 5, lossReason: () => undefined } as unknown as Connection
  return { conn, period: () => client.options.reconnectPeriod, emit: (event, arg) => client.emit(event, arg) }
}

describe('reconnect back-off', () => {
  it('doubles on each retry and starts again at 0.5 s only after a connection lasted 10 s', () => {
    vi.useFakeTimers()
    configureLog({ quiet: true })
    const { conn, period, emit } = fakeConnection()
    const follow = followReconnects(conn, { onRefused: () => {} })
    emit('close')
    emit('reconnect')
    expect(period()).toBe(1000)
    emit('connect', { sessionPresent: false })
    // dropped again at once: the next retry keeps backing off
    vi.advanceTimersByTime(2_000)
    expect(period()).toBe(1000)
    emit('close')
    emit('reconnect')
    expect(period()).toBe(2000)
    emit('connect', { sessionPresent: false })
    vi.advanceTimersByTime(9_999)
    expect(period()).toBe(2000)
    // lasted 10 s: a later loss is retried after 0.5 s again
    vi.advanceTimersByTime(1)
    expect(period()).toBe(500)
    emit('close')
    vi.advanceTimersByTime(20_000)
    expect(period()).toBe(500)
    follow.stop()
  })
})
