/** The shells mqtx writes completion scripts for (small: src/commands/completion.ts imports it at start-up). */
export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]
