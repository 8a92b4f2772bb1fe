// Re-exports of src/tfjs/: the models of src/nn through @tensorflow/tfjs layers, weight mapping, backend choice.
export * from './backend';
export * from './weights';
export * from './models';
export * from './segment-sum';
export * from './text-backend';
export * from './grad-norm';
export * from './engine-recurrent';
export * from './engine-dense';
export * from './engine-layers';
export * from './keras-lstm';
