/** stdout carries data only, and only this module writes it (the lint rule in eslint.config.js holds the rest of src/ to that). */
import { stdoutWriter } from './streams.js'

export function writeOut(text: string | Uint8Array): void {
  stdoutWriter().write(text)
}
