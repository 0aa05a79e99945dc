/** The argument a bench worker thread gets (src/bench/worker.ts starts bin/mqtx.cjs with it). */
export const BENCH_WORKER_ARG = '--mqtx-bench-worker'
