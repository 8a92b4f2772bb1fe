#!/usr/bin/env node
// The build step of data/cmn-eng (see its README): Tatoeba's Chinese side mixes traditional and simplified
// characters (我沒事 / 我没事); opencc-js (OpenCC's dictionaries, traditional → mainland simplified; not the
// Taiwan preset 'tw', which also turns the simplified 么 into 幺)
// converts every Chinese sentence of cmn.txt to simplified characters and writes
// cmn-simplified.txt: line i is `English<TAB>simplified Chinese` of cmn.txt's line i (the attribution
// column stays in cmn.txt). Prints how many pairs the conversion changed.
//
//     node scripts/simplify-cmn.mjs [--check]     (--check: compare with the committed file, write nothing)
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as OpenCC from 'opencc-js';

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'data', 'cmn-eng');
const lines = fs.readFileSync(path.join(dir, 'cmn.txt'), 'utf8').split('\n');
while (lines.at(-1) === '') lines.pop(); // cmn.txt ends in an empty line: '\n\n'
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
let changed = 0;
const out = lines.map((line, i) => {
  const [en, zh] = line.split('\t');
  if (en === undefined || zh === undefined) throw new Error(`cmn.txt line ${i + 1} has no tab: ${JSON.stringify(line)}`);
  const zhs = toSimplified(zh);
  if (zhs !== zh) changed++;
  return `${en}\t${zhs}\n`;
}).join('');
const target = path.join(dir, 'cmn-simplified.txt');
if (process.argv.includes('--check')) {
  const same = fs.readFileSync(target, 'utf8') === out;
  console.log(`${changed} of ${lines.length} pairs changed; cmn-simplified.txt ${same ? 'matches' : 'DIFFERS'}`);
  process.exit(same ? 0 : 1);
}
fs.writeFileSync(target, out);
console.log(`${changed} of ${lines.length} pairs changed by the conversion; wrote ${target}`);
