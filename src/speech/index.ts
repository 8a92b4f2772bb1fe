/**
 * Speech recognition from the equations (chapter 12): WAV files → MFCC features → recurrent networks
 * on the engine, for isolated spoken digits (softmax over 10 digits) and connected digit strings (a
 * bidirectional GRU trained with CTC, decoded by best path or prefix beam search).
 *
 * - wav.ts: RIFF/PCM reading with errors naming the file; encodeWav
 * - fft.ts, frames.ts, mel.ts, dct.ts, mfcc.ts: the features, each equation above its code
 * - fsdd.ts: the Free Spoken Digit Dataset (data/fsdd), its split, cached MFCCs
 * - connected.ts: connected-digit utterances made from one speaker's recordings
 * - ctc.ts: the CTC loss and gradient (log-space forward–backward) and a brute-force reference
 * - decode.ts: best-path and prefix beam decoding, edit distance, error rates
 * - batch.ts, model.ts, train.ts: batches, the models on the engine, training and evaluation
 * - protocol.ts: SPEECH_PROTOCOL, the chapter's settings; persist.ts: checkpoints
 * - checks.ts: the checks `rnnlab checks` runs (listed in src/catalog)
 */
export * from './wav';
export * from './fft';
export * from './frames';
export * from './mel';
export * from './dct';
export * from './mfcc';
export * from './fsdd';
export * from './connected';
export * from './ctc';
export * from './decode';
export * from './batch';
export * from './model';
export * from './protocol';
export * from './train';
export * from './checks';
export * from './persist';
export * from './experiment';
