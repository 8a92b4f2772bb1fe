import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentErrata } from '../../src/checks/errata';

const SEEDS = '/work/shared/seeds'; // the source documents, where this checkout has them

test('every erratum names its document, section, kind, the correction and a reference', () => {
  for (const e of documentErrata) {
    assert.match(e.where, /^00[0-4]_[0-9a-f]{16}\.txt §\S+ \S/, e.where);
    assert.equal(e.where.slice(0, 3), e.section.slice(0, 3), `${e.where}: section ${e.section}`);
    assert.match(e.section, /^00[0-4] §/);
    assert.ok(['equation', 'code', 'history', 'citation', 'explanation'].includes(e.kind));
    for (const field of [e.says, e.correct, e.reference])
      assert.ok(field.length > 10, `${e.where}: empty field`);
  }
});

test('the corrections the chapters rely on are listed, with the right years and authors', () => {
  const find = (section: string, word: RegExp): string => {
    const e = documentErrata.find((x) => x.section === section && word.test(x.says));
    assert.ok(e, `no erratum for ${section} ${word}`);
    return e.correct;
  };
  assert.match(find('000 §3.5.1', /δ_j/), /∂E\/∂W\^\(l\) = a\^\(l−1\)ᵀ δ\^\(l\)/);
  assert.match(find('000 §3.5.2', /W = W \+ αΔW/), /W ← W − α ∂J\/∂W/);
  assert.match(find('000 §6.1', /dynamic programming/), /backpropagation through time/);
  assert.match(find('001 §1.1', /Dropout/), /2012.*2014/);
  assert.match(find('001 §1.2', /GRU/), /Cho et al\. in 2014/);
  assert.match(find('001 §1.2', /Transformer/), /2017/);
  assert.match(find('003 §1', /LSTM/), /Hochreiter & Schmidhuber in 1997/);
  assert.match(find('003 §1', /Jordan/), /Elman.*1990/);
  assert.match(find('001 §3.3', /W_hh \(r_t/), /W_xh x_t \+ W_hh \(r_t ⊙ h_\{t−1\}\)/);
  assert.match(find('003 §1', /Bahdanau/), /Bahdanau, Cho & Bengio.*2014.*ICLR 2015/);
  assert.match(find('003 §3.3', /e_ij = α/), /over the keys of query i only/);
  assert.match(find('004 §4.2', /lstm_out\[:, -1, :\]/), /single token/);
  assert.match(find('002 §1.4', /English-to-Chinese/), /never reads a source sentence/);
  assert.match(find('004 §5.3', /stock-price/), /random walk.*no edge.*efficient-market/);
});

test(
  'each erratum points at a heading that exists in its document',
  { skip: !fs.existsSync(SEEDS) && 'source documents not in this checkout' },
  () => {
    for (const e of documentErrata) {
      const file = e.where.split(' ')[0]!;
      const text = fs.readFileSync(path.join(SEEDS, file), 'utf8');
      const heading = e.where.replace(/^\S+ §\S+ /, '').split(/ \(|, §/)[0]!;
      assert.ok(text.includes(heading), `${file} has no heading '${heading}'`);
    }
  },
);
