#!/usr/bin/env node
// Step time against sequence length (LSTM and Transformer of the protocols, 2048 tokens per step, timed
// interleaved on one engine thread) and the cost per generated token; prints one JSON object.
//
//     node bench/transformer_lengths.js [LENGTHS=32,64,128,256,512] [REPEATS=3] [GENERATE=512]
const { engine, lm } = require('../dist/index.js');

(async () => {
  const lengths = (process.argv[2] ?? '32,64,128,256,512').split(',').map(Number);
  const repeats = Number(process.argv[3] ?? 3), generate = Number(process.argv[4] ?? 512);
  const e = await engine.createEngine({ threads: 1 });
  try {
    const steps = lm.stepTimesByLength(e, { lengths, repeats });
    const generation = lm.generationCosts(e, { length: generate, every: 64 });
    console.log(JSON.stringify({ threads: 1, tokensPerStep: 2048, steps, generation }));
  } finally {
    await e.dispose();
  }
})();
