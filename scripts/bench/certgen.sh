#!/bin/sh
# Time `mqtx certgen` (CA + server + client + self-check, EC keys) into a fresh directory each run.
# Needs hyperfine and a build (npm run build). The machine's load shows in the figure: run it idle.
set -eu
cd "$(dirname "$0")/../.."
dir="${TMPDIR:-/tmp}/mqtx-certgen-bench"
hyperfine -N --warmup 3 --runs "${RUNS:-30}" --prepare "rm -rf $dir" \
  "node bin/mqtx.cjs certgen --dir $dir" \
  "node bin/mqtx.cjs --version"
rm -rf "$dir"
