import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/engine/engine';
import { SpeechModel } from '../../src/speech/model';
import { speechModelConfig } from '../../src/speech/train';
import { loadSpeechModel, saveSpeechModel, transcribeWav } from '../../src/speech/persist';
import { MFCC_DEFAULTS } from '../../src/speech/mfcc';

const tone = (n: number, rate: number) => ({
  sampleRate: rate,
  channels: 1,
  bitsPerSample: 16,
  samples: Float32Array.from({ length: n }, (_, t) => 0.3 * Math.sin(t / 7) + 0.1 * Math.sin(t / 2.3)),
});

test('a saved recogniser loads with the same weights and hears the same thing; a wrong sample rate names the file', async () => {
  const engine = await createEngine({ threads: 1 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-speech-persist-'));
  try {
    for (const task of ['digits', 'sequences'] as const) {
      const c = speechModelConfig({
        task,
        featureSize: 39,
        cell: 'gru',
        numHiddens: 6,
        numLayers: 1,
        bidirectional: task === 'sequences',
        stack: task === 'sequences' ? 2 : 1,
      });
      const model = new SpeechModel(engine, c, 5);
      model.steps = 17;
      const file = path.join(dir, `${task}.ckpt`);
      saveSpeechModel(file, model, MFCC_DEFAULTS, { note: 'test' });
      const loaded = loadSpeechModel(file, engine);
      assert.deepEqual(loaded.model.config, c);
      assert.equal(loaded.model.steps, 17);
      assert.equal(loaded.meta.note, 'test');
      for (const [name, w] of Object.entries(model.getWeights()))
        assert.deepEqual(loaded.model.getWeights()[name], w, name);
      const a = transcribeWav(model, MFCC_DEFAULTS, tone(4000, 8000), 'tone.wav');
      const b = transcribeWav(loaded.model, loaded.mfcc, tone(4000, 8000), 'tone.wav');
      assert.deepEqual(b, a);
      assert.equal(a.numFrames, 1 + Math.floor((4000 - 200) / 80));
      assert.throws(
        () => transcribeWav(model, MFCC_DEFAULTS, tone(4000, 16000), 'hi.wav'),
        /hi\.wav: 16000 Hz; this model was trained on 8000 Hz audio/,
      );
      model.dispose();
      loaded.model.dispose();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await engine.dispose();
  }
});
