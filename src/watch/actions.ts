/**
 * What keys ask for that touches the broker or the disk: publish to the selected topic, save a
 * payload, clear retained messages (backup first). Results are said on stderr (the bottom line while
 * the screen is up, printed again after it).
 */
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Connection } from '../mqtt/connect.js'
import { escapeForTerminal } from '../output/escape.js'
import { jsonLine } from '../output/json.js'
import { publishOnce } from '../session/publish.js'
import { asReceived } from './detail.js'
import type { Actions } from './keys.js'
import type { WatchState } from './state.js'
import { lastOf, type TopicTree } from './tree.js'

export interface ActionContext {
  conn: Connection
  tree: TopicTree
  state: WatchState
  stop(): void
  interrupt(): void
  say(text: string): void
  treeRows(): number
  detailRows(): number
  now(): number
}

const why = (err: unknown) => escapeForTerminal(err instanceof Error ? err.message : String(err))

/** Publishes at a time while clearing (the broker's Receive Maximum is at least this on mosquitto). */
const CLEAR_WINDOW = 16

/**
 * The backup of retained messages about to be cleared: one `sub --json` record per topic with
 * retain true, all with the same time, so `mqtx replay FILE` restores them at once.
 */
export function retainedBackup(tree: TopicTree, topics: string[], at: number): string {
  let text = ''
  for (const topic of topics) {
    // the retained message, not the topic's last one (a later live message is not retained)
    const kept = tree.get(topic)?.retained
    if (kept === undefined) continue
    text += jsonLine({ ...asReceived(topic, kept.withTime(at)), retain: true })
  }
  return text
}

/** mqtx-retained-20261126-175501.ndjson (UTC): short enough for the bottom line with its undo command. */
export function backupName(at: number): string {
  const iso = new Date(at).toISOString()
  return `mqtx-retained-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}.ndjson`
}

/**
 * Writes the backup in `dir` under `backupName(at)`, or with -2, -3 … when a clear in the same second
 * wrote that name already (never over a file). Returns the name used.
 */
export function writeBackup(dir: string, at: number, text: string): string {
  const base = backupName(at)
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : base.replace(/\.ndjson$/, `-${n}.ndjson`)
    try {
      writeFileSync(resolve(dir, name), text, { flag: 'wx' })
      return name
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err
    }
  }
}

export function createActions(c: ActionContext): Actions {
  return {
    quit: c.stop,
    interrupt: c.interrupt,
    treeRows: c.treeRows,
    detailRows: c.detailRows,
    now: c.now,
    publish(topic, payload, qos, retain) {
      const what = `'${escapeForTerminal(topic)}' (QoS ${qos}${retain ? ', retained' : ''})`
      c.state.message = `publishing to ${what}…`
      publishOnce(c.conn, topic, Buffer.from(payload, 'utf8'), { qos, retain }).then(
        () => c.say(`published ${Buffer.byteLength(payload)} bytes to ${what}`),
        (err: unknown) => c.say(`publishing to ${what} failed: ${why(err)}`),
      )
    },
    save(topic, file) {
      const node = c.tree.get(topic)
      const last = node === undefined ? undefined : lastOf(node)
      if (last === undefined) return
      const path = resolve(file)
      try {
        // never over an existing file
        writeFileSync(path, last.payload, { flag: 'wx' })
        c.say(`saved ${last.size} bytes of '${escapeForTerminal(topic)}' to ${escapeForTerminal(path)}`)
      } catch (err) {
        c.say(`cannot save to ${escapeForTerminal(path)}: ${why(err)}`)
      }
    },
    clear(path, topics) {
      const at = c.now()
      // in the current directory: said by its name (the undo command works from there)
      let name: string
      try {
        name = writeBackup('.', at, retainedBackup(c.tree, topics, at))
      } catch (err) {
        c.say(`nothing cleared: cannot write the backup ${escapeForTerminal(resolve(backupName(at)))}: ${why(err)}`)
        return
      }
      c.state.message = `clearing ${topics.length} retained messages…`
      void clearAll(c.conn, topics, (t) => {
        // MQTT 3.1.1 brokers forward the empty retained message with retain 0: marked here, not by its echo
        const node = c.tree.get(t)
        if (node !== undefined) node.retained = undefined
      }).then((failed) => {
        const where = `under '${escapeForTerminal(path)}'`
        const done = topics.length - failed.length
        const undo = `undo: mqtx replay ${escapeForTerminal(name)}`
        if (failed.length === 0) c.say(`cleared ${done} retained ${where}; ${undo}`)
        else c.say(`cleared ${done} of ${topics.length} retained messages ${where} (${failed.length} failed, first: ${failed[0]}); ${undo}`)
      })
    },
  }
}

/** An empty retained message (QoS 1: the broker confirms) to each topic, a window at a time. */
async function clearAll(conn: Connection, topics: string[], cleared: (topic: string) => void): Promise<string[]> {
  const failed: string[] = []
  for (let i = 0; i < topics.length; i += CLEAR_WINDOW) {
    await Promise.all(topics.slice(i, i + CLEAR_WINDOW).map((t) => publishOnce(conn, t, Buffer.alloc(0), { qos: 1, retain: true }).then(() => cleared(t), (err: unknown) => failed.push(`'${escapeForTerminal(t)}': ${why(err)}`))))
  }
  return failed
}
