#!/usr/bin/env bash
# The translation comparison of chapter 9: `rnnlab translate` and bench/torch_seq2seq.py (PyTorch 1.13,
# d2l's GRU encoder–decoder with additive attention, written as the fastest straightforward PyTorch version:
# see its docstring), the same data, split, vocabularies, batch stream and wall-clock budget, started
# together, each pinned to a core of its own (taskset), one thread each.
#
#     bench/translate_side_by_side.sh [SECONDS=300] [ATTENTION=additive] [ARCH=d2l]
#
# Prints one JSON line per implementation: steps, seconds, cpuSeconds, trainLoss, bleu (test corpus
# BLEU-4, greedy, 0–100; with BEAM=K in the environment rnnlab also reports bleuBeam, beam search of width K)
# and the split's sha256 (equal on both sides: the same test set). ALONE=1 runs them one after the other
# instead, each alone on the machine (PyTorch first), so neither shares the caches and memory bandwidth of
# the machine with the other.
set -euo pipefail
seconds=${1:-300}
attention=${2:-additive}
arch=${3:-d2l}
cd "$(dirname "$0")/.."
node scripts/build.js --quiet
torch_out=$(mktemp)
trap 'rm -f "$torch_out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
taskset -c 0 /usr/bin/python3 bench/torch_seq2seq.py --seconds "$seconds" --attention "$attention" --arch "$arch" > "$torch_out" &
torch_pid=$!
if [ "${ALONE:-0}" = 1 ]; then wait "$torch_pid"; fi
cores=1; if [ "${RNNLAB_THREADS:-1}" -gt 1 ]; then cores=0-1; fi # RNNLAB_THREADS=2 (with ALONE=1): both cores
RNNLAB_THREADS=${RNNLAB_THREADS:-1} taskset -c "$cores" node bin/rnnlab.js translate --seconds "$seconds" --attention "$attention" --beam "${BEAM:-1}" --json 2>/dev/null |
  node -e 'let s="";process.stdin.on("data",(d)=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(JSON.stringify({impl:"rnnlab engine",attention:r.model.attention,steps:r.steps,seconds:r.seconds,cpuSeconds:r.cpuSeconds,trainLoss:r.trainLoss,bleu:r.bleuGreedy,bleuBeam:r.decoding.beamWidth>1?r.bleu:undefined,valLoss:r.valLoss,splitSha256:r.data.splitSha256}))})'
if [ "${ALONE:-0}" != 1 ]; then wait "$torch_pid"; fi
node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(JSON.stringify({impl:"pytorch "+r.torch+" ("+r.arch+")",attention:r.attention,steps:r.steps,seconds:r.seconds,cpuSeconds:r.cpuSeconds,trainLoss:r.trainLoss,bleu:r.bleu,splitSha256:r.splitSha256}))' "$torch_out"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
