import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NGramModel, ngramBaselines, uniformLoss } from '../../src/lm/ngram';

test('unigram with add-1: P(x) = (n(x) + 1) / (N + |V|)', () => {
  const train = [0, 0, 1, 2]; // N = 4, |V| = 3
  const m = new NGramModel({ order: 1, vocabSize: 3 }).fit(train);
  assert.ok(Math.abs(m.probability([0], 0) - 3 / 7) < 1e-15);
  assert.ok(Math.abs(m.probability([2], 0) - 2 / 7) < 1e-15);
  assert.ok(Math.abs(m.crossEntropy([0, 1]) - (-Math.log(3 / 7) - Math.log(2 / 7)) / 2) < 1e-15);
});

test('bigram with add-k: P(b | a) = (n(a, b) + k) / (n(a) + k|V|); an unseen context is uniform', () => {
  const m = new NGramModel({ order: 2, vocabSize: 3, k: 0.5 }).fit([0, 1, 0, 1, 0, 2]);
  // pairs: (0,1) ×2, (1,0) ×2, (0,2) ×1 → n(0) = 3 as a context
  assert.ok(Math.abs(m.probability([0, 1], 1) - (2 + 0.5) / (3 + 1.5)) < 1e-15);
  assert.ok(Math.abs(m.probability([0, 0], 1) - 0.5 / 4.5) < 1e-15);
  assert.ok(Math.abs(m.probability([2, 1], 1) - 1 / 3) < 1e-15, 'context 2 never seen');
  // On a text that repeats the training pattern, the bigram beats the uniform guess.
  assert.ok(m.crossEntropy([0, 1, 0, 1, 0, 1]) < uniformLoss(3));
  assert.throws(
    () => new NGramModel({ order: 2, vocabSize: 3 }).fit([0, 5]),
    /token id 5 at position 1 is outside the vocabulary of 3/,
  );
  assert.throws(() => new NGramModel({ order: 2, vocabSize: 3, k: 0 }), /k must be > 0/);
});

test('uniform loss is ln |V|', () => {
  assert.equal(uniformLoss(65), Math.log(65));
});

test('ngramBaselines on Tiny Shakespeare: bigram < unigram < uniform, the unigram within its entropy bound', async () => {
  const { loadCorpus } = await import('../../src/data/corpus');
  const { splitTrainValidation } = await import('../../src/data/windows');
  const c = loadCorpus('tinyshakespeare', { maxChars: 200000 });
  const { train, validation } = splitTrainValidation(c.ids, 0.9);
  const b = ngramBaselines(train, validation, c.vocab.size);
  assert.ok(b.bigram < b.unigram && b.unigram < b.uniform, JSON.stringify(b));
  // The unigram's validation loss is the cross-entropy H(p_val, p_train) ≥ the validation text's own entropy.
  const counts = new Map<number, number>();
  for (const id of validation) counts.set(id, (counts.get(id) ?? 0) + 1);
  const entropy = -[...counts.values()].reduce(
    (s, n) => s + (n / validation.length) * Math.log(n / validation.length),
    0,
  );
  assert.ok(b.unigram >= entropy - 1e-12 && b.unigram < entropy + 0.05, `${b.unigram} vs entropy ${entropy}`);
});
