/**
 * vitest setupFiles: every command's wiring imported, so tests may call buildProgram() (the bin and
 * src/run.ts import only the command being run: src/program.ts loadCommands).
 */
import { loadCommands } from '../../src/program.js'

await loadCommands()
