/** Long runs: the broker restarts under a running mqtx sub. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMosquitto, waitForSubscription, type Broker } from '../helpers/broker.js'
import { run, startMqtx } from '../helpers/run.js'

let broker: Broker
beforeAll(async () => {
  // persistence keeps the -c session and its queued QoS 1 messages across the restart
  broker = await startMosquitto({ global: ['persistence true', 'autosave_interval 1'] })
})
afterAll(async () => {
  await broker?.stop()
})

async function pub(args: string[]): Promise<void> {
  const r = await run('mosquitto_pub', ['-p', String(broker.port), ...args])
  expect(r.code).toBe(0)
}

describe('reconnect', () => {
  it('reconnects with backoff, resubscribes, says so on stderr and keeps -C counting', async () => {
    const s = startMqtx(['sub', '-p', String(broker.port), '-i', 'rc-1', '-t', 'rc/#', '-C', '2', '-v'])
    await waitForSubscription(broker, 'rc-1')
    await pub(['-t', 'rc/a', '-m', 'before'])
    await s.waitFor(/before/, 'stdout')
    await broker.restart()
    await s.waitFor(/connection to the broker lost; reconnecting/)
    await waitForSubscription(broker, 'rc-1', 20_000)
    await pub(['-t', 'rc/a', '-m', 'after'])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('rc/a before\nrc/a after\n')
    expect(r.stderr).toMatch(/reconnected and resubscribed/)
  })

  it('with -c -i, QoS 1 messages sent while away arrive after the reconnect', async () => {
    const s = startMqtx(['sub', '-p', String(broker.port), '-i', 'rc-2', '-c', '-q', '1', '-t', 'away/#', '-C', '3', '-v'])
    await waitForSubscription(broker, 'rc-2')
    await pub(['-q', '1', '-t', 'away/x', '-m', 'one'])
    await s.waitFor(/one/, 'stdout')
    // stop the broker, so the subscriber is away while the broker comes back and takes messages
    await broker.stop()
    await s.waitFor(/connection to the broker lost/)
    await broker.restart()
    await pub(['-q', '1', '-t', 'away/x', '-m', 'two'])
    await pub(['-q', '1', '-t', 'away/x', '-m', 'three'])
    const r = await s.done
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('away/x one\naway/x two\naway/x three\n')
    expect(r.stderr).toMatch(/reconnected; the session was kept/)
  })
})
