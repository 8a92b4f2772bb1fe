/**
 * Which line of a chapter's closing summary ("What this chapter showed", printed by its last cell
 * with computed values) the index shows as the chapter's headline figure. Only the choice is written
 * here; the words and numbers come from the executed output. A chapter not listed shows the first
 * bullet of its summary that has a number in it.
 */
export const HEADLINES: Readonly<Record<string, RegExp>> = {
  '00_getting_started': /live curve/,
  '01_mlp': /test accuracy/,
  '02_rnn_bptt': /nats\/char/,
  '03_gradients': /shrank/,
  '04_lstm': /held-out accuracy/,
  '05_gru': /Remembering/,
  '06_language_model': /Headline protocol/,
  '07_text_classification': /Test accuracy/,
  '08_attention': /Unscaled dot product/,
  '09_translation': /Test BLEU/,
  '10_summarization': /Models/,
  '12_speech': /dataset split: test accuracy/,
  '13_generalization': /Best:/,
  '13b_optimizers': /reached the lowest/,
  '14_transformer': /Transformer: steps/,
};
