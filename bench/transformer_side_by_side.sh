#!/usr/bin/env bash
# Chapter 14's measurements, one thread each, the same budget, the compared sides started together
# (each pinned to a core of its own with taskset):
#   1. rnnlab Transformer ‖ PyTorch Transformer   (TRANSFORMER_PROTOCOL; bench/torch_transformer.py)
#   2. rnnlab Transformer ‖ rnnlab LSTM            (the chapter-6 protocol, context 64)
#   3. the same two with context 256               (--context 256: the LSTM's BPTT length, the Transformer's context)
#   4. step time against length, and per generated token (bench/transformer_lengths.js)
#
#     bench/transformer_side_by_side.sh [SECONDS=180]
#     STEPS=300 bench/transformer_side_by_side.sh   # instead: the same number of steps for the rnnlab
#                                                   # Transformer, the PyTorch Transformer and the rnnlab LSTM
#                                                   # (context 64), started together on both cores
#
# Prints one JSON line per run. SEED=N seeds everything (default 0).
set -euo pipefail
seconds=${1:-180}
seed=${SEED:-0}
cd "$(dirname "$0")/.."
node scripts/build.js --quiet
summary='let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(JSON.stringify({impl:"rnnlab "+r.model,context:r.context,steps:r.steps,seconds:r.seconds,cpuSeconds:r.cpuSeconds,numParams:r.numParams,trainLoss:r.trainLoss,valLoss:r.valLoss,valPerplexity:r.valPerplexity}))})'
budget=(--seconds "$seconds")
if [ -n "${STEPS:-}" ]; then budget=(--steps "$STEPS"); fi
rnnlab() { # cores, model, context
  RNNLAB_THREADS=1 taskset -c "$1" node bin/rnnlab.js lm "${budget[@]}" --model "$2" --context "$3" --seed "$seed" --threads 1 --sample-length 0 --json 2>/dev/null | node -e "$summary"
}
if [ -n "${STEPS:-}" ]; then
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  echo "# $STEPS steps each: rnnlab Transformer ‖ PyTorch Transformer ‖ rnnlab LSTM" >&2
  taskset -c 0-1 /usr/bin/python3 bench/torch_transformer.py "${budget[@]}" --seed "$seed" | sed 's/^{/{"impl": "pytorch transformer", /' &
  rnnlab 0-1 lstm 64 &
  rnnlab 0-1 transformer 64
  wait
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  exit 0
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "# 1. rnnlab vs PyTorch, Transformer, context 64" >&2
taskset -c 1 /usr/bin/python3 bench/torch_transformer.py --seconds "$seconds" --seed "$seed" | sed 's/^{/{"impl": "pytorch transformer", /' &
rnnlab 0 transformer 64
wait
echo "# 2. Transformer vs LSTM, context 64" >&2
rnnlab 1 lstm 64 &
rnnlab 0 transformer 64
wait
echo "# 3. Transformer vs LSTM, context 256" >&2
rnnlab 1 lstm 256 &
rnnlab 0 transformer 256
wait
echo "# 4. step time vs length, generation" >&2
taskset -c 0 node bench/transformer_lengths.js
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
