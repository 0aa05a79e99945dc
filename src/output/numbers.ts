/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes it: 1234567 -> "1,234,567".
 * Not through Intl: a process's first toLocaleString loads ICU's locale data, ~10 ms of CPU that a
 * cold `mqtx pub` paid on every run (measured). Fractions (never a count) still go through Intl.
 */
export function grouped(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US')
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ',')
  return n < 0 ? `-${digits}` : digits
}
