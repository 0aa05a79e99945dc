// Writes man/mqtx.1 from the command tree plus the prose in src/man/prose.ts.
// Run through `npm run gen` (which also writes the completions); never edit man/mqtx.1 by hand.
import { loadGenerators, packageVersion, writeOutputs } from './gen-lib.mjs'

const { manOutputs } = await loadGenerators()
writeOutputs(await manOutputs(packageVersion()))
