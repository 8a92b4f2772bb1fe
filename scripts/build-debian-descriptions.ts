/**
 * Builds data/debian-descriptions/pairs.tsv.gz from Debian's English package descriptions:
 *
 *   apt-get update -o Acquire::Languages=en
 *   lz4 -dc /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_i18n_Translation-en.lz4 > Translation-en
 *   npx tsx scripts/build-debian-descriptions.ts Translation-en
 *
 * The pairs, deduplication and group split are src/data/debian.ts's buildDebianPairs; this script
 * reads the file, writes the gzip (fixed mtime, so the bytes depend only on the input) and prints the
 * figures data/debian-descriptions/README.md quotes.
 */
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { buildDebianPairs, formatPairs, parseTranslationFile } from '../src/data/debian';
import { dataPath } from '../src/paths';

const input = process.argv[2];
if (!input) {
  console.error('usage: npx tsx scripts/build-debian-descriptions.ts <uncompressed Translation-en file>');
  process.exit(2);
}
const raw = fs.readFileSync(input);
const { split, stats } = buildDebianPairs(parseTranslationFile(raw.toString('utf8')));
const gz = gzipSync(Buffer.from(formatPairs(split), 'utf8'), { level: 9 });
gz[4] = gz[5] = gz[6] = gz[7] = 0; // gzip's MTIME field: 0 = none, so rebuilding gives the same bytes
const out = dataPath('debian-descriptions', 'pairs.tsv.gz');
fs.writeFileSync(out, gz);
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const tokens = (part: keyof typeof split, side: 'src' | 'tgt'): string => {
  const n = split[part].map((p) => p[side].length).sort((a, b) => a - b);
  return `median ${n[n.length >> 1]}, mean ${(n.reduce((a, b) => a + b, 0) / n.length).toFixed(1)}`;
};
console.log(
  JSON.stringify(
    {
      input: { file: input, bytes: raw.length, sha256: sha(raw) },
      ...stats,
      train: split.train.length,
      validation: split.validation.length,
      test: split.test.length,
      inputTokens: tokens('train', 'src'),
      targetTokens: tokens('train', 'tgt'),
      output: { file: out, bytes: gz.length, sha256: sha(gz) },
    },
    null,
    2,
  ),
);
