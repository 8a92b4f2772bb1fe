/**
 * The loss of a tfjs model on one batch and the norm of its gradient with respect to every trainable
 * weight — computed directly with `tf.variableGrads`, without `fit`'s target checks, to see whether a
 * loss can teach the model anything at all (‖∂L/∂θ‖ = 0 means it cannot).
 */
import * as tf from '@tensorflow/tfjs';

/** A loss in Keras's form: per-sample values from targets and predictions. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** The mean loss, the global gradient norm ‖∂L/∂θ‖₂ and the norm per weight (by name). */
export interface LossGradient {
  loss: number;
  gradNorm: number;
  perWeight: { name: string; norm: number }[];
}

/** L = mean(loss(y, model(x))) in training mode, and the norms of ∂L/∂W for each trainable weight W. */
export function lossAndGradient(
  model: tf.LayersModel,
  loss: LossFn,
  x: tf.Tensor,
  y: tf.Tensor,
): LossGradient {
  const names = new Set(model.trainableWeights.map((w) => w.name));
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => tf.mean(loss(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
    );
    const perWeight = Object.entries(grads)
      .filter(([name]) => names.has(name))
      .map(([name, g]) => ({ name, norm: Math.sqrt(tf.sum(tf.square(g)).dataSync()[0]!) }));
    if (perWeight.length !== names.size)
      throw new Error(
        `lossAndGradient: got gradients for ${perWeight.length} of ${names.size} trainable weights`,
      );
    const gradNorm = Math.sqrt(perWeight.reduce((a, w) => a + w.norm * w.norm, 0));
    return { loss: value.dataSync()[0]!, gradNorm, perWeight };
  });
}
