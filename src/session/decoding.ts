/** The codec layer for sub and rr, loaded only when a run decodes (see wantsDecoding): plain output never loads it. */
import { wantsDecoding, type RawDecodeOptions } from '../codecs/options.js'
import type { PayloadDecoding } from '../codecs/session.js'
import { formatUses } from '../output/format.js'
import { logDebug, logWarn } from '../output/log.js'
import type { OutputPlan } from '../output/render.js'

export async function decodingFor(options: RawDecodeOptions, output: OutputPlan): Promise<PayloadDecoding | undefined> {
  const usesDecoded = output.format !== undefined && formatUses(output.format, 'c')
  if (!wantsDecoding(options, output.mode, usesDecoded)) return undefined
  const { setupDecoding } = await import('../codecs/setup.js')
  return setupDecoding(options, logWarn, (text) => logDebug(text), output.mode === 'raw' && !output.pretty, usesDecoded)
}
