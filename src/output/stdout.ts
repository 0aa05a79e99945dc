/** stdout carries data only, and only this module writes it (the lint rule in eslint.config.js holds the rest of src/ to that). */
export function writeOut(text: string | Uint8Array): void {
  process.stdout.write(text)
}
