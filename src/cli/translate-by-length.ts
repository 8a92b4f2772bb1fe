/**
 * `rnnlab translate-by-length`: test BLEU of a saved translator by source-sentence length, and, with
 * `--versus`, of a second one on the same sentences, with the difference per bucket and its
 * paired-bootstrap interval — 003 §6's question whether attention helps more on long sentences
 * (docs/translation.md). The checkpoints come from `rnnlab translate --steps N --save FILE`.
 *
 *   rnnlab translate-by-length --checkpoint A.ckpt [--versus B.ckpt] [--data fra.txt] [--buckets 4,5,6,7,10] [--beam K] [--bootstrap N] [--threads N] [--json]
 */
import {
  Command,
  checkpointOption,
  choiceOption,
  integerOption,
  noPositionals,
  parseNumber,
  printJson,
  stringOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, Engine, trainingThreads } from '../engine';
import { PAIR_NAMES, TRANSLATOR_PROTOCOL, languagePair, loadTranslator, translate } from '../seq2seq';
import type { LanguagePair } from '../seq2seq';
import { bleuByLength, tokenizeZh } from '../metrics';

const P = TRANSLATOR_PROTOCOL;

/** `--buckets 4,5,6,7,10`: increasing whole numbers ≥ 1, the buckets' inclusive upper ends. */
export function parseBuckets(raw: string): number[] {
  const ends = raw
    .split(',')
    .map((x) => parseNumber('--buckets', x.trim(), { min: 1, max: 1000, integer: true }));
  ends.forEach((u, k) => {
    if (k > 0 && u <= ends[k - 1]!)
      throw new UsageError(`--buckets must be increasing upper ends such as 4,5,6,7,10; got '${raw}'`);
  });
  return ends;
}

export const command: Command = {
  name: 'translate-by-length',
  summary:
    'test BLEU of a saved translator (and, with --versus, a second one) by source length, with the difference per length bucket and its bootstrap interval',
  usage:
    '--checkpoint A.ckpt [--versus B.ckpt] [--data fra.txt] [--buckets 4,5,6,7,10] [--beam K] [--bootstrap N] [--threads N] [--json]',
  options: {
    checkpoint: { type: 'string', description: 'the translator to score (from rnnlab translate --save)' },
    versus: {
      type: 'string',
      description: 'a second translator of the same language pair; the difference is checkpoint − versus',
    },
    data: {
      type: 'string',
      description: 'the pairs file the checkpoints were trained on (its fixed test split is scored)',
      defaultText: `${P.data} / cmn-simplified.txt`,
    },
    buckets: {
      type: 'string',
      description: 'inclusive upper ends of the source-length buckets, in tokens',
      defaultText: P.lengthBuckets.join(','),
    },
    beam: {
      type: 'string',
      description: 'beam width; 1 = greedy search',
      defaultText: String(P.beamWidth),
    },
    'max-len': {
      type: 'string',
      description: 'most tokens generated per sentence, <eos> included',
      defaultText: String(P.maxLen),
    },
    bootstrap: {
      type: 'string',
      description: 'paired-bootstrap resamples of each bucket (with --versus); 0 = none',
      defaultText: '1000',
    },
    threads: {
      type: 'string',
      description: 'engine threads for decoding',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    json: { type: 'boolean', description: 'print { buckets, all, checkpoints, … } as JSON' },
  },
  async run(args) {
    noPositionals(args);
    const first = checkpointOption(args);
    if (first === undefined) throw new UsageError('--checkpoint FILE is required: the translator to score');
    const versus = checkpointOption(args, 'versus');
    const allFiles = PAIR_NAMES.flatMap((n) => languagePair(n).files);
    const dataRaw = stringOption(args, 'data');
    if (dataRaw !== undefined && !allFiles.includes(dataRaw))
      throw new UsageError(`--data must be one of ${allFiles.join(', ')}; got '${dataRaw}'`);
    const ends = parseBuckets(stringOption(args, 'buckets') ?? P.lengthBuckets.join(','));
    const beamWidth = integerOption(args, 'beam', P.beamWidth, 1, 64);
    const maxLen = integerOption(args, 'max-len', P.maxLen, 1, 200);
    const samples = integerOption(args, 'bootstrap', 1000, 0, 1e6);
    const threads = threadsOption(args, trainingThreads);
    const json = args.values.json === true;
    const files = versus === undefined ? [first] : [first, versus];

    const engine: Engine = await createEngine({ threads });
    try {
      const loaded = files.map((f) => ({ file: f, ...loadTranslator(f, engine) }));
      const pairOf = (meta: Record<string, unknown>): string =>
        typeof meta.pair === 'string' ? meta.pair : 'eng-fra';
      const names = [...new Set(loaded.map((l) => pairOf(l.meta)))];
      if (names.length > 1)
        throw new UsageError(`the checkpoints translate different pairs: ${names.join(' and ')}`);
      const pair: LanguagePair = languagePair(names[0]!);
      const file = choiceOption(args, 'data', pair.files, pair.name === 'eng-fra' ? P.data : pair.files[0]!);
      const data = pair.load({ file });
      for (const l of loaded) {
        if (l.srcVocab.size !== data.srcVocab.size || l.tgtVocab.size !== data.tgtVocab.size)
          throw new UsageError(
            `${l.file}: vocabularies of ${l.srcVocab.size} and ${l.tgtVocab.size} tokens, but ${file} gives ` +
              `${data.srcVocab.size} and ${data.tgtVocab.size}: trained on another --data file?`,
          );
      }
      const test = data.test;
      const longest = Math.max(...test.map((p) => p.src.length));
      if (longest > ends[ends.length - 1]!)
        throw new UsageError(
          `--buckets ${ends.join(',')} ends at ${ends[ends.length - 1]} tokens; ${file}'s test sources reach ${longest}`,
        );
      // BLEU on the pair's own tokens: French as written, Chinese per character (sacrebleu's zh).
      const bleuTokens = (tokens: readonly string[]): string[] =>
        pair.bleuTokenize === 'zh' ? tokenizeZh(pair.detokenize(tokens)) : [...tokens];
      const systems = loaded.map((l) => {
        process.stderr.write(
          `translate-by-length: ${l.file} (attention ${l.model.config.attention}), ${test.length} test sentences…\n`,
        );
        const out = translate(
          l.model,
          l.srcVocab,
          l.tgtVocab,
          test.map((p) => p.src),
          { beamWidth, maxLen, lengthPenalty: P.lengthPenalty },
        );
        return out.map((t) => bleuTokens(t.tokens));
      });
      const refs = test.map((p) => bleuTokens(p.tgt));
      const lengths = test.map((p) => p.src.length);
      const bootstrap = samples > 0 ? { samples, seed: 0 } : (false as const);
      const rows = bleuByLength(systems, refs, lengths, ends, { bootstrap });
      const [all] = bleuByLength(systems, refs, lengths, [ends[ends.length - 1]!], { bootstrap });
      const row = (r: (typeof rows)[number]) => ({
        lengths: r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`,
        min: r.min,
        max: r.max,
        n: r.n,
        bleu: r.bleu.map((b) => (b === null ? null : b.score)),
        ...(r.difference !== undefined ? { difference: r.difference } : {}),
      });
      const result = {
        pair: pair.name,
        data: file,
        sentences: test.length,
        checkpoints: loaded.map((l) => ({
          file: l.file,
          attention: l.model.config.attention,
          cell: l.model.config.cell,
          meta: l.meta,
        })),
        decoding: { beamWidth, maxLen, lengthPenalty: P.lengthPenalty },
        bootstrap: bootstrap === false ? null : { ...bootstrap, level: 0.95 },
        buckets: rows.map(row),
        all: row(all!),
        threads: engine.threads,
      };
      for (const l of loaded) l.model.dispose();
      if (json) printJson(result);
      else {
        const f = (x: number | null) => (x === null ? '—' : x.toFixed(2));
        for (const r of [...result.buckets, { ...result.all, lengths: 'all' }]) {
          const d = r.difference;
          const diff =
            d === undefined || d === null
              ? ''
              : `  difference ${d.difference.toFixed(2)} [${d.low.toFixed(2)}, ${d.high.toFixed(2)}]`;
          console.log(
            `source length ${r.lengths.padEnd(5)} n = ${String(r.n).padStart(4)}  BLEU ${r.bleu.map(f).join(' / ')}${diff}`,
          );
        }
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
