import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheKey } from '../../book/cache';
import { Notebook } from '../../book/notebook';
import { closingBullets, headline } from '../../book/site';

const nb = (code: string, prose: string): Notebook => ({
  metadata: {},
  cells: [
    { cell_type: 'markdown', source: prose },
    { cell_type: 'code', source: [code], outputs: [] },
  ],
});

test('the cache key follows the code cells, the profile and the library, not the prose', () => {
  const base = cacheKey(nb('const a = 1;', '# One'), 'ci', 'lib1');
  assert.equal(cacheKey(nb('const a = 1;', '# One, reworded'), 'ci', 'lib1'), base);
  assert.notEqual(cacheKey(nb('const a = 2;', '# One'), 'ci', 'lib1'), base);
  assert.notEqual(cacheKey(nb('const a = 1;', '# One'), 'full', 'lib1'), base);
  assert.notEqual(cacheKey(nb('const a = 1;', '# One'), 'ci', 'lib2'), base);
});

test('the headline is a bullet of the last list output, chosen by the pattern or the first with a number', () => {
  const executed: Notebook = {
    metadata: {},
    cells: [
      {
        cell_type: 'code',
        source: '',
        outputs: [
          { output_type: 'display_data', data: { 'text/markdown': '- an early list 1' } },
          { output_type: 'display_data', data: { 'text/markdown': '| a table |' } },
          {
            output_type: 'display_data',
            data: { 'text/markdown': '- no number\n- accuracy **93.3%**\n  (continued)\n- Test BLEU 9' },
          },
        ],
      },
    ],
  };
  assert.deepEqual(closingBullets(executed), [
    'no number',
    'accuracy **93.3%**\n  (continued)',
    'Test BLEU 9',
  ]);
  assert.equal(headline('09_translation', executed), 'Test BLEU 9');
  assert.equal(headline('99_unknown', executed), 'accuracy **93.3%**\n  (continued)');
  assert.equal(headline('99_unknown', undefined), undefined);
});

test('without a list, the headline comes from the last "what | value" table output', () => {
  const executed: Notebook = {
    metadata: {},
    cells: [
      {
        cell_type: 'code',
        source: '',
        outputs: [
          {
            output_type: 'display_data',
            data: { 'text/markdown': '| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |' },
          },
          {
            output_type: 'display_data',
            data: {
              'text/markdown': '| what | value |\n|---|---|\n| profile | ci |\n| test accuracy | 0.14 |',
            },
          },
        ],
      },
    ],
  };
  assert.deepEqual(closingBullets(executed), ['profile: ci', 'test accuracy: 0.14']);
  assert.equal(headline('99_unknown', executed), 'test accuracy: 0.14');
});
