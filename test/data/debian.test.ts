import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildDebianPairs,
  formatPairs,
  groupSplit,
  loadDebianPairs,
  packageStem,
  parsePairsFile,
  parseTranslationFile,
  tokenizeSummaryText,
} from '../../src/data/debian';

const STANZAS = `Package: libfoo-dev
Description-md5: 0
Description-en: Foo library - development files
 Foo does things.
 .
 This package has the headers.

Package: libfoo1
Description-md5: 1
Description-en: Foo library
 Foo does things.

Package: bar
Description-md5: 2
Description-en: Bar tool
 Bar, version 2.0, isn't foo.
`;

test('tokenizeSummaryText keeps inner punctuation in words and splits the rest', () => {
  assert.deepEqual(tokenizeSummaryText("Real-time RTS game (3D), libfoo-dev 2.0 isn't."), [
    'real-time',
    'rts',
    'game',
    '(',
    '3d',
    ')',
    ',',
    'libfoo-dev',
    '2.0',
    "isn't",
    '.',
  ]);
});

test('parseTranslationFile: synopsis, long description without the " ." separators', () => {
  const d = parseTranslationFile(STANZAS);
  assert.equal(d.length, 3);
  assert.deepEqual(d[0], {
    package: 'libfoo-dev',
    synopsis: 'Foo library - development files',
    long: 'Foo does things. This package has the headers.',
  });
  assert.equal(d[2]!.long, "Bar, version 2.0, isn't foo.");
});

test('packageStem strips kind prefixes, suffixes after "-" and trailing versions', () => {
  assert.equal(packageStem('libfoo1.2-dev'), 'foo');
  assert.equal(packageStem('python3-numpy'), 'numpy');
  assert.equal(packageStem('0ad-data-common'), '0ad');
  assert.equal(packageStem('lib'), 'lib');
});

test('groupSplit: items sharing a key (transitively) land in one part', () => {
  const items = ['a1', 'a2', 'b1', 'c1', 'c2', 'd1', 'e1', 'f1'];
  // a1–a2 by letter, a2–b1 by an extra key: {a1, a2, b1}, {c1, c2}, {d1}, {e1}, {f1}
  const keys = (s: string): string[] => (s === 'a2' || s === 'b1' ? [s[0]!, 'link'] : [s[0]!]);
  for (let seed = 0; seed < 20; seed++) {
    const { parts, groups, largestGroup } = groupSplit(items, keys, 2, 2, seed);
    assert.equal(groups, 5);
    assert.equal(largestGroup, 3);
    const partOf = new Map<string, string>();
    for (const [name, xs] of Object.entries(parts)) for (const x of xs) partOf.set(x, name);
    assert.equal(partOf.size, items.length);
    assert.equal(partOf.get('a1'), partOf.get('b1'));
    assert.equal(partOf.get('c1'), partOf.get('c2'));
    assert.ok(parts.test.length >= 2 && parts.validation.length >= 2);
  }
});

test('buildDebianPairs deduplicates identical inputs and truncates at maxInputTokens', () => {
  const extra = STANZAS + '\nPackage: foo-doc\nDescription-en: Foo docs\n Foo does things.\n';
  const { split, stats } = buildDebianPairs(parseTranslationFile(extra), {
    maxInputTokens: 3,
    numTest: 1,
    numValidation: 1,
  });
  // inputs: "foo does things" (×3 after truncation to 3 tokens: libfoo-dev, libfoo1, foo-doc), "bar , version"
  assert.equal(stats.afterDedup, 2);
  const all = [...split.train, ...split.validation, ...split.test];
  assert.deepEqual(
    all.map((p) => p.src.length),
    all.map(() => 3),
  );
  assert.deepEqual(parsePairsFile(formatPairs(split)), split);
});

test('the shipped pairs: sizes, no input and no package stem in two parts', () => {
  const d = loadDebianPairs();
  assert.deepEqual([d.train.length, d.validation.length, d.test.length], [54367, 2004, 2000]);
  const parts = [d.train, d.validation, d.test];
  for (let a = 0; a < 3; a++) {
    const inputs = new Set(parts[a]!.map((p) => p.src.join(' '))),
      stems = new Set(parts[a]!.map((p) => packageStem(p.package)));
    for (let b = a + 1; b < 3; b++) {
      assert.equal(parts[b]!.filter((p) => inputs.has(p.src.join(' '))).length, 0);
      assert.equal(parts[b]!.filter((p) => stems.has(packageStem(p.package))).length, 0);
    }
  }
  assert.ok(d.train.every((p) => p.src.length <= 100 && p.tgt.length > 0));
});
