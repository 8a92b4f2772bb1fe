import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { loadCmnEngData, parseCmnPairs } from '../../src/data/cmn-eng';
import { prepareTranslationData } from '../../src/data/translation';

test('parseCmnPairs: English as chapter 9, Chinese per character, the attribution column ignored', () => {
  const pairs = parseCmnPairs("I'm OK.\t我没事。\tCC-BY 2.0 (France) Attribution: tatoeba.org #433763 (CK) & #819304 (Martha)\n\n");
  assert.deepEqual(pairs, [{ src: ["i'm", 'ok', '.'], tgt: ['我', '没', '事', '。'], line: 1 }]);
  assert.throws(() => parseCmnPairs('no tab\n'), /line 1 has no tab/);
});

test('disjointSources: every translation of a source sentence lands in the same part', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `s${i % 13} .\t中${i}。`).join('\n');
  const d = prepareTranslationData(parseCmnPairs(lines), { numTest: 6, numValidation: 6, seed: 1, disjointSources: true });
  const where = new Map<string, string>();
  for (const [name, part] of [['train', d.train], ['validation', d.validation], ['test', d.test]] as const) {
    for (const p of part) {
      const key = p.src.join(' ');
      assert.ok(!where.has(key) || where.get(key) === name, `'${key}' is in ${where.get(key)} and ${name}`);
      where.set(key, name);
    }
  }
  assert.equal(d.train.length + d.validation.length + d.test.length, 40);
  assert.ok(d.test.length >= 6 && d.validation.length >= 6);
});

test('data/cmn-eng: 29,155 pairs read, no test source sentence in training, target ≤ 14 characters', () => {
  const d = loadCmnEngData();
  assert.equal(d.counts.read, 29155);
  const train = new Set(d.train.map((p) => p.src.join(' ')));
  assert.equal(d.test.filter((p) => train.has(p.src.join(' '))).length, 0);
  assert.equal(d.validation.filter((p) => train.has(p.src.join(' '))).length, 0);
  assert.ok([...d.train, ...d.test].every((p) => p.tgt.length <= 14 && p.src.length <= 10));
});

test('cmn-simplified.txt is what scripts/simplify-cmn.mjs makes from cmn.txt (opencc-js)', () => {
  const out = execFileSync(process.execPath, ['scripts/simplify-cmn.mjs', '--check'], { encoding: 'utf8' });
  assert.match(out, /matches/);
});
