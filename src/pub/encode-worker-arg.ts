/** The argument pub's encoding worker thread gets (src/pub/encode-pool.ts starts bin/mqtx.cjs with it). */
export const PUB_ENCODE_WORKER_ARG = '--mqtx-encode-worker'
