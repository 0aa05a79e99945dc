/**
 * Look a user-given name up in a table without reaching Object.prototype: `table['toString']` is a
 * function and `'__proto__' in table` is true for every plain object, so a name such as `-D toString …`
 * or `--profile constructor` must never be looked up with `[]` or `in`.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}
