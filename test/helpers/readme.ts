/** README.md as test data: its sections and code blocks, so tests run what the README says. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './run.js'

export const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The text of the `## TITLE` section (up to the next `## `). */
export function readmeSection(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`)
  if (start < 0) throw new Error(`README.md has no section "## ${title}"`)
  const next = README.indexOf('\n## ', start + 1)
  return README.slice(start, next < 0 ? undefined : next)
}

/** Fenced code blocks of `text` with one of the languages (default: none, sh, shell, bash, json). */
export function codeBlocks(text: string, langs = ['', 'sh', 'shell', 'bash']): string[] {
  const blocks: string[] = []
  for (const m of text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    if (langs.includes(m[1] ?? '')) blocks.push(m[2] ?? '')
  }
  return blocks
}

export const shellBlocks = (text: string): string[] => codeBlocks(text)
