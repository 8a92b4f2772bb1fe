/**
 * Summarisation pairs from Debian's package descriptions (data/debian-descriptions). Every Debian
 * package has a one-line synopsis written by a person and a long description; the synopsis is a
 * human summary of the long description. Debian publishes both, in English, in the archive's
 * `main/i18n/Translation-en` file:
 *
 *   Package: 0ad
 *   Description-md5: d943033bedada21853d2ae54a2578a7b
 *   Description-en: Real-time strategy game of ancient warfare        ← the synopsis (target)
 *    0 A.D. (pronounced "zero ey-dee") is a free, open-source, …      ← the long description (input),
 *    .                                                                    one space-indented line each;
 *    This package contains the main data files required by 0 A.D.       " ." separates paragraphs
 *
 * scripts/build-debian-descriptions.ts turns that file into pairs with {@link buildDebianPairs}:
 *
 * 1. input = the long description with the paragraph separators ` .` removed, lower-cased and
 *    tokenized by {@link tokenizeSummaryText}, truncated at `maxInputTokens` (100) tokens; target = the
 *    synopsis, tokenized the same way;
 * 2. identical inputs are kept once (the first package in the file's order, which is by name);
 * 3. the leakage trap: `libfoo1`, `libfoo-dev` and `libfoo-doc` share most of a long description and
 *    their synopses differ by a few words. A random split puts one in training and its twin in test,
 *    and a model that memorises scores well without summarising anything. So pairs are joined into
 *    groups — same normalised long description, or same package-name stem ({@link packageStem}) — and
 *    whole groups go to train, validation or test ({@link groupSplit}).
 *
 * {@link loadDebianPairs} reads the shipped file through readDataFile (hash-checked).
 */
import { gunzipSync } from 'node:zlib';
import { Rng } from '../tensor/index';
import { readDataFile } from './verified';

/**
 * Lower-cased tokens of a text: words (letters and digits, with inner `. _ + - '` kept, so `libfoo-dev`,
 * `2.0` and `don't` stay one token) and single punctuation marks. "Real-time RTS game (3D)." →
 * ["real-time", "rts", "game", "(", "3d", ")", "."].
 */
export function tokenizeSummaryText(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:[._+\-'][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** One package's entry of Translation-en. */
export interface DebianDescription {
  package: string;
  synopsis: string;
  /** The long description's lines, indentation removed, paragraph separators (`.`) dropped. */
  long: string;
}

/** Parses a Translation-en file (RFC 822-style stanzas separated by blank lines). */
export function parseTranslationFile(text: string): DebianDescription[] {
  const out: DebianDescription[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const pkg = /^Package: (.+)$/m.exec(stanza);
    const start = stanza.indexOf('\nDescription-en: ');
    if (!pkg || start < 0) continue;
    const lines = stanza.slice(start + 17).split('\n');
    const synopsis = lines[0]!.trim();
    const body: string[] = [];
    for (const line of lines.slice(1)) {
      if (!line.startsWith(' ')) break; // a following field
      const l = line.slice(1);
      if (l.trim() === '.') continue; //   the paragraph separator " ."
      body.push(l.trim());
    }
    out.push({ package: pkg[1]!.trim(), synopsis, long: body.join(' ') });
  }
  return out;
}

/** Name prefixes that say what kind of package it is, not what it is. */
const PREFIXES = [
  'golang-github-',
  'golang-',
  'python3-',
  'python-',
  'node-',
  'ruby-',
  'r-cran-',
  'r-bioc-',
  'libghc-',
  'librust-',
  'gir1.2-',
  'php-',
  'lua-',
  'elpa-',
  'ocaml-',
  'fonts-',
  'texlive-',
  'libjs-',
  'liblua',
  'lib',
];

/**
 * The stem of a package name: known prefixes (`lib`, `python3-`, `golang-github-`, …) removed, the
 * part before the first `-` kept, a trailing version (digits and dots) removed: libfoo1.2-dev → foo,
 * python3-numpy → numpy, 0ad-data-common → 0ad. Kept whole when stripping would leave nothing.
 */
export function packageStem(name: string): string {
  let s = name.toLowerCase();
  for (const p of PREFIXES)
    if (s.startsWith(p) && s.length > p.length) {
      s = s.slice(p.length);
      break;
    }
  const head = s.split('-')[0]!.replace(/[\d.]+$/, '');
  return head.length > 0 ? head : s;
}

/** One summarisation pair. */
export interface SummaryPair {
  /** The package it came from (the first, when several had this input). */
  package: string;
  /** Input tokens (lower case, at most `maxInputTokens`). */
  src: string[];
  /** Target tokens: the synopsis. */
  tgt: string[];
}

/** A split's part. */
export type SplitPart = 'train' | 'validation' | 'test';

/** Pairs with their split. */
export interface SplitPairs {
  train: SummaryPair[];
  validation: SummaryPair[];
  test: SummaryPair[];
}

/** Options of {@link buildDebianPairs}. */
export interface DebianPairOptions {
  /** Input tokens kept. @default 100 */
  maxInputTokens?: number;
  /** Pairs in test, and in validation (whole groups, so a little over). @default 2000 */
  numTest?: number;
  numValidation?: number;
  /** Seed of the group order. @default 0 */
  seed?: number;
}

/** What {@link buildDebianPairs} reports next to the pairs. */
export interface DebianPairStats {
  entries: number;
  withLongDescription: number;
  afterDedup: number;
  groups: number;
  largestGroup: number;
}

/** A union–find forest over n items. */
function unionFind(n: number): { find(i: number): number; union(a: number, b: number): void } {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  return {
    find,
    union: (a, b) => {
      const ra = find(a),
        rb = find(b);
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
    },
  };
}

/**
 * Splits items into groups (items sharing any key are in one group, transitively) and deals whole
 * groups, in a seeded random order, to test until it holds ≥ numTest items, then validation, then train.
 */
export function groupSplit<T>(
  items: readonly T[],
  keys: (item: T) => string[],
  numTest: number,
  numValidation: number,
  seed: number,
): { parts: Record<SplitPart, T[]>; groups: number; largestGroup: number } {
  const uf = unionFind(items.length),
    firstWith = new Map<string, number>();
  items.forEach((it, i) => {
    for (const k of keys(it)) {
      const j = firstWith.get(k);
      if (j === undefined) firstWith.set(k, i);
      else uf.union(i, j);
    }
  });
  const members = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = uf.find(i);
    const m = members.get(r);
    if (m) m.push(i);
    else members.set(r, [i]);
  });
  const groups = [...members.values()];
  const order = new Rng(seed).permutation(groups.length);
  const parts: Record<SplitPart, T[]> = { train: [], validation: [], test: [] };
  for (const g of order) {
    const part: SplitPart =
      parts.test.length < numTest ? 'test' : parts.validation.length < numValidation ? 'validation' : 'train';
    for (const i of groups[g]!) parts[part].push(items[i]!);
  }
  return { parts, groups: groups.length, largestGroup: Math.max(...groups.map((g) => g.length)) };
}

/** Pairs from parsed descriptions, deduplicated and split by group; see the file comment. */
export function buildDebianPairs(
  entries: readonly DebianDescription[],
  o: DebianPairOptions = {},
): { split: SplitPairs; stats: DebianPairStats } {
  const maxIn = o.maxInputTokens ?? 100;
  const withLong = entries.filter((e) => e.long.length > 0 && e.synopsis.length > 0);
  const seen = new Set<string>(),
    pairs: (SummaryPair & { norm: string })[] = [];
  for (const e of withLong) {
    const src = tokenizeSummaryText(e.long).slice(0, maxIn),
      tgt = tokenizeSummaryText(e.synopsis);
    const key = src.join(' ');
    if (src.length === 0 || tgt.length === 0 || seen.has(key)) continue;
    seen.add(key);
    // The normalised full long description (alphanumeric words only), so that two texts differing in
    // punctuation, case or what follows token 100 still meet.
    const norm = e.long
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
    pairs.push({ package: e.package, src, tgt, norm });
  }
  const { parts, groups, largestGroup } = groupSplit(
    pairs,
    (p) => [`d:${p.norm}`, `s:${packageStem(p.package)}`],
    o.numTest ?? 2000,
    o.numValidation ?? 2000,
    o.seed ?? 0,
  );
  const strip = (ps: typeof pairs): SummaryPair[] =>
    ps.map(({ package: pkg, src, tgt }) => ({ package: pkg, src, tgt }));
  return {
    split: { train: strip(parts.train), validation: strip(parts.validation), test: strip(parts.test) },
    stats: {
      entries: entries.length,
      withLongDescription: withLong.length,
      afterDedup: pairs.length,
      groups,
      largestGroup,
    },
  };
}

/** The shipped file: one pair per line, `part<TAB>package<TAB>input tokens<TAB>target tokens`, gzip. */
export const DEBIAN_PAIRS_FILE = 'pairs.tsv.gz';
export const DEBIAN_DATA_SET = 'debian-descriptions';

/** The lines of the shipped file (before gzip). */
export function formatPairs(split: SplitPairs): string {
  const lines: string[] = [];
  for (const part of ['train', 'validation', 'test'] as const) {
    for (const p of split[part]) lines.push([part, p.package, p.src.join(' '), p.tgt.join(' ')].join('\t'));
  }
  return lines.join('\n') + '\n';
}

/** Parses {@link formatPairs}' text back into the split. */
export function parsePairsFile(text: string): SplitPairs {
  const out: SplitPairs = { train: [], validation: [], test: [] };
  text.split('\n').forEach((line, i) => {
    if (line === '') return;
    const f = line.split('\t');
    if (f.length !== 4 || !(f[0]! in out))
      throw new Error(
        `${DEBIAN_PAIRS_FILE} line ${i + 1}: expected part, package, input, target separated by tabs`,
      );
    out[f[0] as SplitPart].push({ package: f[1]!, src: f[2]!.split(' '), tgt: f[3]!.split(' ') });
  });
  return out;
}

/** Reads data/debian-descriptions/pairs.tsv.gz (hash-checked): train, validation and test pairs. */
export function loadDebianPairs(): SplitPairs {
  return parsePairsFile(gunzipSync(readDataFile(DEBIAN_DATA_SET, DEBIAN_PAIRS_FILE)).toString('utf8'));
}
