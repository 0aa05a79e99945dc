/** Username/password check for `mqtx broker --users` / MQTX_BROKER_USERNAME (constant-time compare). */
import { createHash, timingSafeEqual } from 'node:crypto'

/** aedes' CONNACK codes (MQTT 3.1.1): 4 bad user name or password, 5 not authorised. */
export type AuthResult = { ok: true } | { ok: false; returnCode: 4 | 5; reason: string }

const digest = (b: Buffer) => createHash('sha256').update(b).digest()

export function checkLogin(users: Map<string, Buffer> | undefined, username: string | undefined, password: Buffer | undefined): AuthResult {
  if (users === undefined) return { ok: true }
  if (username === undefined) return { ok: false, returnCode: 5, reason: 'no username (anonymous access is off)' }
  const expected = users.get(username)
  // compare against something even for unknown users, so timing does not tell which names exist
  const same = timingSafeEqual(digest(expected ?? Buffer.alloc(0)), digest(password ?? Buffer.alloc(1)))
  if (expected === undefined) return { ok: false, returnCode: 4, reason: 'unknown username' }
  if (!same) return { ok: false, returnCode: 4, reason: 'wrong password' }
  return { ok: true }
}
