/** What the page and its training worker say to each other (structured-cloned by postMessage). */

/** Page → worker. */
export type ToWorker =
  /** Build the engine and the model: `threads` kernels threads (1 unless the page is cross-origin isolated). */
  | { type: 'init'; text: string; threads: number }
  | { type: 'start' }
  | { type: 'stop' }
  | { type: 'sample'; temperature: number };

/** Worker → page. */
export type FromWorker =
  | {
      type: 'ready';
      /** The engine's one-line description (kernels, threads, memory). */
      engine: string;
      threads: number;
      numParams: number;
      vocabSize: number;
      /** Characters of the text, and of its training part. */
      characters: number;
      trainCharacters: number;
      /** The counting baselines' validation losses (nats per character): uniform, unigram, bigram. */
      baselines: { uniform: number; unigram: number; bigram: number };
    }
  /** One slice of training: every step's loss (before its update), and the totals so far. */
  | { type: 'progress'; losses: number[]; steps: number; seconds: number }
  /** The validation loss after `steps` steps. */
  | { type: 'validation'; steps: number; loss: number }
  | { type: 'sample'; text: string; temperature: number; steps: number }
  | { type: 'stopped'; steps: number }
  | { type: 'error'; message: string };
