// The benchmark's tfjs reference (run as a child process by `rnnlab bench`): one training step of the
// same character LSTM model with tf.layers — embedding 64 → lstm 256 → dense over the vocabulary,
// Adam 2e-3, clipnorm 5 — on the backend given in RNNLAB_BACKEND. Prints one JSON line.
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../src/tfjs/backend';

async function main(): Promise<void> {
  const [batch, steps, vocab, reps] = [32, 64, 65, Number(process.argv[2] ?? 2)];
  const backend = await useBestBackend({ log: false });
  const model = tf.sequential();
  model.add(tf.layers.embedding({ inputDim: vocab, outputDim: 64, inputLength: steps }));
  model.add(tf.layers.lstm({ units: 256, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' }));
  model.add(tf.layers.dense({ units: vocab }));
  model.compile({ optimizer: tf.train.adam(2e-3), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  const times: number[] = [];
  for (let i = 0; i < reps + 1; i++) {
    const x = tf.randomUniform([batch, steps], 0, vocab, 'int32');
    const y = tf.oneHot(tf.randomUniform([batch, steps], 0, vocab, 'int32'), vocab);
    const t0 = Date.now();
    await model.trainOnBatch(x, y);
    if (i > 0) times.push(Date.now() - t0);
    tf.dispose([x, y]);
  }
  console.log(JSON.stringify({ backend, msPerStep: times, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e: unknown) => { console.error(e); process.exit(1); });
