import net from 'node:net'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { freePort } from '../helpers/broker.js'

describe('test helper freePort', () => {
  it('hands out distinct ports below the ephemeral range, each one bindable', async () => {
    const ephemeralLow = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    const ports: number[] = []
    for (let i = 0; i < 300; i++) ports.push(await freePort())
    expect(new Set(ports).size).toBe(ports.length)
    for (const p of ports) expect(p).toBeLessThan(ephemeralLow)
    const last = ports[ports.length - 1] ?? 0
    const srv = net.createServer()
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen({ port: last, host: '127.0.0.1', exclusive: true }, () => resolve())
    })
    await new Promise<void>((resolve) => srv.close(() => resolve()))
  })
})
