import { UsageError } from '../errors.js'
import { PROPERTY_SEPARATOR, propertyArity } from './properties.js'

/**
 * mosquitto's `-D CMD NAME VALUE` (user-property: KEY VALUE) takes a fixed number of words, which may
 * start with '-'. Fold them into one `--property=` argument before commander sees them. replay's
 * `--rewrite FROM TO` is folded the same way into `--rewrite=FROM<sep>TO`.
 */
export function foldPropertyArgs(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    if (arg === '-D' || arg === '--property') {
      const name = argv[i + 2]
      const words = argv.slice(i + 1, i + 3 + propertyArity(name))
      if (words.length < 2 + propertyArity(name)) {
        throw new UsageError(`${arg} needs a command, a property name and ${propertyArity(name) === 2 ? 'a key and a value' : 'a value'} (e.g. -D publish content-type text/plain).`)
      }
      out.push(`--property=${words.join(PROPERTY_SEPARATOR)}`)
      i += words.length
      continue
    }
    if (arg === '--rewrite') {
      // replay's --rewrite FROM TO: two words, either may start with '-'
      const words = argv.slice(i + 1, i + 3)
      if (words.length < 2) throw new UsageError('--rewrite needs a pattern and a replacement (e.g. --rewrite \'^site1/(.*)\' \'site2/$1\').')
      out.push(`--rewrite=${words.join(PROPERTY_SEPARATOR)}`)
      i += 2
      continue
    }
    out.push(arg)
  }
  return out
}
