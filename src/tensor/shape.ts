/**
 * A shape checker whose errors name the expected and the actual shapes. Expected dimensions may be
 * numbers or names (`['batchSize', 'numHiddens']`); a name binds to the first size it meets, and
 * must match that size wherever it appears again.
 */
export type Dim = number | string;

/** A shape mismatch, with both shapes in the message. */
export class ShapeError extends Error {
  constructor(
    readonly what: string,
    readonly expected: readonly Dim[],
    readonly actual: readonly number[],
    detail: string,
  ) {
    super(
      `${what}: expected shape [${expected.join(', ')}], got [${actual.join(', ')}]${detail ? ` — ${detail}` : ''}`,
    );
    this.name = 'ShapeError';
  }
}

/** Checks `actual` against `expected`, binding named dimensions in `bindings`; returns the bindings. */
export function checkShape(
  what: string,
  actual: readonly number[],
  expected: readonly Dim[],
  bindings: Record<string, number> = {},
): Record<string, number> {
  if (actual.length !== expected.length)
    throw new ShapeError(what, expected, actual, `rank ${actual.length}, expected rank ${expected.length}`);
  expected.forEach((e, i) => {
    const a = actual[i]!;
    if (typeof e === 'number') {
      if (a !== e) throw new ShapeError(what, expected, actual, `dimension ${i} is ${a}, expected ${e}`);
    } else if (e in bindings) {
      if (bindings[e] !== a)
        throw new ShapeError(
          what,
          expected,
          actual,
          `dimension ${i} (${e}) is ${a}, but ${e} = ${bindings[e]} elsewhere`,
        );
    } else {
      bindings[e] = a;
    }
  });
  return bindings;
}

/** The shape of C = A·B for 2-D A and B, or a ShapeError naming both operands when the inner dimensions differ. */
export function matmulShape(what: string, a: readonly number[], b: readonly number[]): [number, number] {
  if (a.length !== 2 || b.length !== 2)
    throw new ShapeError(what, ['m', 'k'], a.length !== 2 ? a : b, 'matmul needs 2-D operands');
  if (a[1] !== b[0]) {
    throw new ShapeError(
      what,
      [a[0]!, b[0]!],
      a,
      `cannot multiply [${a.join(', ')}] by [${b.join(', ')}]: inner dimensions ${a[1]} and ${b[0]} differ`,
    );
  }
  return [a[0]!, b[1]!];
}
