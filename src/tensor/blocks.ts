/** Gate blocks side by side: the [rows, k·u] layout tfjs and the engine use for k gates of u units. */
import { Tensor } from './tensor';

/** Concatenates gate blocks [rows, u] side by side into [rows, k·u]. */
export function concatCols(blocks: Tensor[]): Tensor {
  const rows = blocks[0]!.shape.length === 1 ? 1 : blocks[0]!.shape[0]!;
  const u = blocks[0]!.shape[blocks[0]!.shape.length - 1]!;
  const out = Tensor.zeros(
    blocks[0]!.shape.length === 1 ? [blocks.length * u] : [rows, blocks.length * u],
    blocks[0]!.dtype,
  );
  blocks.forEach((b, k) => {
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < u; j++) out.data[r * blocks.length * u + k * u + j] = b.data[r * u + j]!;
  });
  return out;
}

/** Splits [rows, k·u] (or [k·u]) into k blocks of u columns. */
export function splitCols(t: Tensor, k: number): Tensor[] {
  const rank1 = t.shape.length === 1;
  const rows = rank1 ? 1 : t.shape[0]!;
  const width = t.shape[t.shape.length - 1]!;
  if (width % k !== 0) throw new Error(`cannot split a last dimension of ${width} into ${k} gates`);
  const u = width / k;
  return Array.from({ length: k }, (_, g) => {
    const b = Tensor.zeros(rank1 ? [u] : [rows, u], t.dtype);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < u; j++) b.data[r * u + j] = t.data[r * width + g * u + j]!;
    return b;
  });
}
