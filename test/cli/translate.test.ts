import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(__dirname, '..', '..');
const rnnlab = (...a: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), ...a], { cwd: root, encoding: 'utf8', env: { ...process.env, RNNLAB_THREADS: '1' } });

test('rnnlab translate names the bad value and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [['translate', '--attention', 'cosine'], /--attention must be one of none, additive, dot, scaled-dot; got 'cosine'/],
    [['translate', '--beam', '2.5'], /--beam must be a whole number; got '2.5'/],
    [['translate', '--threads', '1.5'], /--threads must be a whole number; got '1.5'/],
    [['translate', '--batch', '0'], /--batch must be a number in \[1, 4096\]; got '0'/],
    [['translate', '--data', 'deu.txt'], /--data must be one of fra.txt, fra-small.txt; got 'deu.txt'/],
    [['translate', '--pair', 'eng-deu'], /--pair must be one of eng-fra, eng-cmn; got 'eng-deu'/],
    [['translate', '--pair', 'eng-cmn', '--data', 'fra.txt'], /--data must be one of cmn-simplified.txt, cmn.txt; got 'fra.txt'/],
    [['translate', 'i am cold .'], /sentences to translate need --checkpoint FILE; got 'i am cold \.'/],
    [['translate', '--checkpoint', 'x.ckpt'], /--checkpoint needs one or more sentences to translate/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('rnnlab translate --save then --checkpoint: JSON fields, BLEU on 0–100, the same translation as training reported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-translate-'));
  try {
    const file = path.join(dir, 'fr.ckpt');
    const r = rnnlab('translate', '--data', 'fra-small.txt', '--steps', '2', '--seconds', '600', '--batch', '16', '--save', file, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { bleu: number; steps: number; threads: number; examples: { source: string; translation: string }[]; data: { test: number } };
    assert.equal(out.steps, 2);
    assert.equal(out.threads, 1, 'RNNLAB_THREADS=1 in this test');
    assert.ok(out.bleu >= 0 && out.bleu <= 100, `bleu ${out.bleu}`);
    assert.equal(out.data.test, 1000);
    assert.equal(out.examples[0]!.source, 'go .');
    assert.ok(fs.existsSync(file));
    // The checkpoint translates d2l's first sentence exactly as the model did right after training.
    const t = rnnlab('translate', '--checkpoint', file, 'Go.', 'i am cold .', '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as { translations: { source: string; tokens: string; translation: string }[] };
    assert.equal(tr.translations.length, 2);
    assert.equal(tr.translations[0]!.tokens, 'go .', 'raw text is preprocessed as the training data');
    assert.equal(tr.translations[0]!.translation, out.examples[0]!.translation);
    // --threads reaches the engine that decodes with the checkpoint (RNNLAB_THREADS=1 in this test).
    const t2 = rnnlab('translate', '--checkpoint', file, 'Go.', '--threads', '2', '--json');
    assert.equal(t2.status, 0, t2.stderr);
    const tr2 = JSON.parse(t2.stdout) as { threads: number; translations: { translation: string }[] };
    assert.equal(tr2.threads, 2);
    assert.equal(tr2.translations[0]!.translation, out.examples[0]!.translation);
    assert.equal((JSON.parse(t.stdout) as { threads: number }).threads, 1, 'RNNLAB_THREADS=1 without --threads');
    fs.writeFileSync(path.join(dir, 'junk.ckpt'), 'not a checkpoint');
    const junk = rnnlab('translate', '--checkpoint', path.join(dir, 'junk.ckpt'), 'go .');
    assert.equal(junk.status, 1);
    assert.match(junk.stderr, /junk\.ckpt is not an rnnlab checkpoint/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab translate --pair eng-cmn: BLEU (zh) and chrF on 0–100, Chinese without spaces, the checkpoint remembers its pair', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-translate-cmn-'));
  try {
    const file = path.join(dir, 'zh.ckpt');
    const r = rnnlab('translate', '--pair', 'eng-cmn', '--steps', '2', '--seconds', '600', '--batch', '16', '--save', file, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { pair: string; bleu: number; chrf: number; bleuTokenize: string; steps: number; examples: { source: string; translation: string }[]; data: { test: number; testSourcesSeenInTraining: number } };
    assert.equal(out.pair, 'eng-cmn');
    assert.equal(out.bleuTokenize, 'zh');
    assert.equal(out.steps, 2);
    assert.ok(out.bleu >= 0 && out.bleu <= 100, `bleu ${out.bleu}`);
    assert.ok(out.chrf >= 0 && out.chrf <= 100, `chrF ${out.chrf}`);
    assert.equal(out.data.testSourcesSeenInTraining, 0);
    assert.equal(out.examples[0]!.source, 'i am cold .');
    const t = rnnlab('translate', '--checkpoint', file, 'I am cold.', '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as { pair: string; translations: { tokens: string; translation: string }[] };
    assert.equal(tr.pair, 'eng-cmn');
    assert.equal(tr.translations[0]!.tokens, 'i am cold .');
    assert.equal(tr.translations[0]!.translation, out.examples[0]!.translation);
    assert.doesNotMatch(tr.translations[0]!.translation, /[\u4e00-\u9fff] [\u4e00-\u9fff]/, 'no space between characters');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
