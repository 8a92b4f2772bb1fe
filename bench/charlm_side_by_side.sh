#!/usr/bin/env bash
# The headline comparison: `rnnlab lm` and bench/torch_charlm.py (PyTorch), the same protocol and the same
# wall-clock budget, started together, each pinned to a core of its own (taskset), one thread each.
#
#     bench/charlm_side_by_side.sh [SECONDS=180] [CORPUS=tinyshakespeare] [CELL=lstm]
#
# SEED=N in the environment seeds both (weights and batches; default 0). ALONE=1 runs them one after the
# other instead, each alone on the machine (PyTorch first), so neither shares the caches and memory
# bandwidth of the machine with the other.
#
# Prints one JSON line per implementation: steps, seconds, cpuSeconds (CPU time in the training loop: on a
# shared machine, steps/cpuSeconds estimates the speed on a core of one's own), trainLoss, valLoss, valPerplexity.
set -euo pipefail
seconds=${1:-180}
corpus=${2:-tinyshakespeare}
cell=${3:-lstm}
cd "$(dirname "$0")/.."
node scripts/build.js --quiet
torch_out=$(mktemp)
trap 'rm -f "$torch_out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
taskset -c 0 /usr/bin/python3 bench/torch_charlm.py --seconds "$seconds" --corpus "$corpus" --cell "$cell" --seed "${SEED:-0}" > "$torch_out" &
torch_pid=$!
if [ "${ALONE:-0}" = 1 ]; then wait "$torch_pid"; fi
cores=1; if [ "${RNNLAB_THREADS:-1}" -gt 1 ]; then cores=0-1; fi # RNNLAB_THREADS=2 (with ALONE=1): both cores
RNNLAB_THREADS=${RNNLAB_THREADS:-1} taskset -c "$cores" node bin/rnnlab.js lm --seconds "$seconds" --corpus "$corpus" --model "$cell" --seed "${SEED:-0}" --sample-length 0 --json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(JSON.stringify({impl:"rnnlab "+r.backend,steps:r.steps,seconds:r.seconds,cpuSeconds:r.cpuSeconds,trainLoss:r.trainLoss,valLoss:r.valLoss,valPerplexity:r.valPerplexity}))})'
if [ "${ALONE:-0}" != 1 ]; then wait "$torch_pid"; fi
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(JSON.stringify({impl:"pytorch "+r.torch,steps:r.steps,seconds:r.seconds,cpuSeconds:r.cpuSeconds,trainLoss:r.trainLoss,valLoss:r.valLoss,valPerplexity:r.valPerplexity}))' "$torch_out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
