import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMath, renderMarkdown, slug } from '../../book/markdown';

test('extractMath finds inline and display TeX, and leaves code and prices alone', () => {
  const { text, math } = extractMath(
    'Let $x_1$ be\n$$\\sum_i a_i$$\nnot `$y$` nor $5 and $6.\n```\n$z$\n```\n',
  );
  assert.deepEqual(math, [
    { tex: 'x_1', display: false },
    { tex: '\\sum_i a_i', display: true },
  ]);
  assert.ok(text.includes('`$y$`') && text.includes('$5 and $6') && text.includes('```\n$z$\n```'));
  // Inline TeX may wrap onto the next line of its paragraph, never across paragraphs.
  assert.deepEqual(extractMath('as $a \\cdot\nb$ here').math, [{ tex: 'a \\cdot\nb', display: false }]);
  assert.deepEqual(extractMath('a $b\n\nc$ d').math, []);
});

test('renderMarkdown typesets TeX with KaTeX and keeps underscores out of marked', () => {
  const r = renderMarkdown('The gate $I_t = \\sigma(X_t W_{xi})$ and *emphasis*.');
  assert.deepEqual(r.mathErrors, []);
  assert.match(r.html, /class="katex"/);
  assert.match(r.html, /<em>emphasis<\/em>/);
  // What is left outside the KaTeX markup has no dollar and no stray emphasis from the subscripts.
  const outside = r.html.replace(/<span class="katex">[\s\S]*<\/span>/, '');
  assert.doesNotMatch(outside, /\$/);
  assert.equal((r.html.match(/<em>/g) ?? []).length, 1);
});

test('renderMarkdown reports an equation KaTeX cannot parse, naming its source', () => {
  const r = renderMarkdown('bad: $\\frac{a$ here');
  assert.equal(r.mathErrors.length, 1);
  assert.equal(r.mathErrors[0]!.tex, '\\frac{a');
  assert.match(r.html, /class="math-error"/);
});

test('links are rewritten or unlinked; headings get GitHub anchors', () => {
  const r = renderMarkdown('## The LSTM, again\n[six](06_lm.ipynb) and [code](../src/x.ts)', (h) =>
    h.endsWith('.ipynb') ? h.replace(/\.ipynb$/, '.html') : undefined,
  );
  assert.match(r.html, /<h2 id="the-lstm-again">/);
  assert.match(r.html, /<a href="06_lm.html">six<\/a>/);
  assert.match(r.html, /<span class="repo-path" title="..\/src\/x.ts">code<\/span>/);
  assert.equal(slug('4 · Long short-term memory'), '4--long-short-term-memory');
});
