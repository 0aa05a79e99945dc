// Writes completions/mqtx.bash, completions/_mqtx and completions/mqtx.fish from the command tree.
// Run through `npm run gen` (which also writes the man page); never edit those files by hand.
import { loadGenerators, writeOutputs } from './gen-lib.mjs'

const { completionOutputs } = await loadGenerators()
writeOutputs(await completionOutputs())
