/**
 * Typed operations on blocks of engine memory, so that model code names rows, columns and views
 * instead of computing byte offsets. A block is row-major float32 (or int32 for ids) at a byte
 * address; `ld` is its row length in elements as stored (a block of rows [s ; a] of width 2h has
 * ld = 2h, and its right half starts at column h). Views are live: valid until the memory grows,
 * so take them after the engine call that may allocate, and do not keep them.
 */
import type { Engine } from './engine';

/** Byte address of element (row, col) of a block at `ptr` with rows of `ld` elements. */
export function elementAt(ptr: number, row: number, ld: number, col = 0): number {
  return ptr + 4 * (row * ld + col);
}

/** A live float32 view of `n` elements at `ptr`. */
export function floatsAt(e: Engine, ptr: number, n: number): Float32Array {
  return new Float32Array(e.mem.memory.buffer, ptr, n);
}

/** A live int32 view of `n` elements at `ptr` (token ids, labels). */
export function intsAt(e: Engine, ptr: number, n: number): Int32Array {
  return new Int32Array(e.mem.memory.buffer, ptr, n);
}

/** A copy of `n` floats at `ptr`. */
export function readFloats(e: Engine, ptr: number, n: number): Float32Array {
  return floatsAt(e, ptr, n).slice();
}

/** `n` floats at `ptr` ← 0. */
export function zeroFloats(e: Engine, ptr: number, n: number): void {
  floatsAt(e, ptr, n).fill(0);
}

/** Row i of dst ← row from[i] of src (`width` elements each; i = 0 … from.length − 1). */
export function gatherRowsInto(
  e: Engine,
  dst: number,
  ldDst: number,
  src: number,
  ldSrc: number,
  from: ArrayLike<number>,
  width: number,
): void {
  const f = e.mem.f32(),
    d = dst >> 2,
    s = src >> 2;
  for (let i = 0; i < from.length; i++) {
    const r = s + from[i]! * ldSrc;
    f.copyWithin(d + i * ldDst, r, r + width);
  }
}

/** Row to[i] of dst ← row i of src (`width` elements each): the inverse of {@link gatherRowsInto}. */
export function scatterRowsInto(
  e: Engine,
  dst: number,
  ldDst: number,
  to: ArrayLike<number>,
  src: number,
  ldSrc: number,
  width: number,
): void {
  const f = e.mem.f32(),
    d = dst >> 2,
    s = src >> 2;
  for (let i = 0; i < to.length; i++) f.copyWithin(d + to[i]! * ldDst, s + i * ldSrc, s + i * ldSrc + width);
}

/** A copy of the rows from[i] of a block (`width` elements each, rows of `ld`), one after another. */
export function readRows(
  e: Engine,
  src: number,
  ld: number,
  from: ArrayLike<number>,
  width: number,
): Float32Array {
  const f = e.mem.f32(),
    s = src >> 2,
    out = new Float32Array(from.length * width);
  for (let i = 0; i < from.length; i++) {
    const r = s + from[i]! * ld;
    out.set(f.subarray(r, r + width), i * width);
  }
  return out;
}

/** Y ← tanh(Y), `n` elements in place. */
export function tanhInPlace(e: Engine, Y: number, n: number): void {
  const y = floatsAt(e, Y, n);
  for (let i = 0; i < n; i++) y[i] = Math.tanh(y[i]!);
}

/** dY ← dY ⊙ (1 − Y²): the gradient through Y = tanh(·), given Y, `n` elements in place. */
export function tanhBackwardInPlace(e: Engine, dY: number, Y: number, n: number): void {
  const d = floatsAt(e, dY, n),
    y = floatsAt(e, Y, n);
  for (let i = 0; i < n; i++) {
    const s = y[i]!;
    d[i]! *= 1 - s * s;
  }
}
