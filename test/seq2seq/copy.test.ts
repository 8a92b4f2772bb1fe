import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyRowLoss, decodeExtended, extendSource, makeCopyBatch, sigmoid } from '../../src/seq2seq/copy';
import { buildNmtVocab } from '../../src/data/translation';
import { engineVsReferenceErrors, referenceGradientErrors } from '../../src/seq2seq/checks';
import { createEngine } from '../../src/engine/engine';

test('copyRowLoss: P = g A + (1 − g) C and its derivatives against central differences', () => {
  const A = 0.2,
    C = 0.5,
    z = 0.3,
    g = sigmoid(z);
  const r = copyRowLoss(A, C, g);
  assert.ok(Math.abs(r.p - (g * 0.2 + (1 - g) * 0.5)) < 1e-15);
  assert.ok(Math.abs(r.loss + Math.log(r.p)) < 1e-15);
  const eps = 1e-6,
    L = (a: number, c: number, zz: number): number => copyRowLoss(a, c, sigmoid(zz)).loss;
  // ∂L/∂z, ∂L/∂C (= ∂L/∂α_j for a matching j), and ∂L/∂log A (the logit of y: ∂L/∂l_y = scale·(q_y − 1))
  assert.ok(Math.abs(r.dz - (L(A, C, z + eps) - L(A, C, z - eps)) / (2 * eps)) < 1e-8);
  assert.ok(Math.abs(r.dAlpha - (L(A, C + eps, z) - L(A, C - eps, z)) / (2 * eps)) < 1e-8);
  const dLogA = (L(A * Math.exp(eps), C, z) - L(A * Math.exp(-eps), C, z)) / (2 * eps);
  assert.ok(Math.abs(-r.logitScale - dLogA) < 1e-8, `${-r.logitScale} vs ${dLogA}`);
  assert.throws(() => copyRowLoss(0, 0, 0.5), /can be neither generated nor copied/);
});

test('extendSource and makeCopyBatch: OOV source words get V + k, copied labels follow them', () => {
  const tgtVocab = buildNmtVocab(
    [
      ['a', 'tool'],
      ['a', 'tool'],
    ],
    1,
  ); // <unk> <pad> <bos> <eos> a tool
  const srcVocab = buildNmtVocab([['foo', 'is', 'a', 'tool']], 1);
  const V = tgtVocab.size;
  assert.equal(V, 6);
  const e = extendSource(['foo', 'is', 'a', 'foo', 'tool'], tgtVocab);
  assert.deepEqual([...e.ext], [V, V + 1, tgtVocab.id('a'), V, tgtVocab.id('tool'), tgtVocab.id('<eos>')]);
  assert.deepEqual(e.oovs, ['foo', 'is']);
  const b = makeCopyBatch(
    [
      { src: ['foo', 'is', 'a', 'tool'], tgt: ['foo', 'tool', 'bar'] },
      { src: ['a'], tgt: ['a'] },
    ],
    srcVocab,
    tgtVocab,
  );
  assert.equal(b.numExtra, 2);
  // labels: foo → V (copied), tool → its id, bar → <unk> (neither), <eos>
  assert.deepEqual(
    [...b.labels.slice(0, 4)],
    [V, tgtVocab.id('tool'), tgtVocab.id('<unk>'), tgtVocab.id('<eos>')],
  );
  // decoder inputs stay in the vocabulary: <bos> <unk> tool <unk>
  assert.deepEqual(
    [...b.tgtIn.slice(0, 4)],
    [tgtVocab.id('<bos>'), tgtVocab.id('<unk>'), tgtVocab.id('tool'), tgtVocab.id('<unk>')],
  );
  assert.deepEqual(
    [...b.srcExt.slice(b.srcSteps, 2 * b.srcSteps)],
    [tgtVocab.id('a'), tgtVocab.id('<eos>'), -1, -1, -1],
  );
  assert.deepEqual(decodeExtended([V, tgtVocab.id('tool'), V + 1], tgtVocab, b.oovs[0]!), [
    'foo',
    'tool',
    'is',
  ]);
});

test('copy gradients: reference vs central differences, engine vs reference (incl. the gate weights)', async () => {
  const ref = referenceGradientErrors('gru', 'additive', true);
  for (const k of ['copy/w_c', 'copy/w_s', 'copy/w_x', 'copy/b', 'attention/w_v', 'decoder/embedding'])
    assert.ok(ref[k]! < 1e-6, `${k}: ${ref[k]}`);
  const engine = await createEngine({ threads: 1 });
  try {
    const e = engineVsReferenceErrors(engine, 'lstm', 'dot', true);
    for (const k of ['loss', 'copy/w_c', 'copy/w_s', 'copy/w_x', 'copy/b', 'decoder/embedding'])
      assert.ok(e[k]! < 1e-4, `${k}: ${e[k]}`);
  } finally {
    await engine.dispose();
  }
});
