// Re-exports of src/classify/: the classification task — the protocol, 001 §4's text classifiers
// through tfjs layers, their training with early stopping, the experiment with its bag-of-words
// baseline, and the small from-the-equations sequence classifier of chapters 04 and 05.
export * from './protocol';
export * from './text-classifier';
export * from './fit-text';
export * from './experiment';
export * from './sequence-classifier';
export * from './digits-lstm';
