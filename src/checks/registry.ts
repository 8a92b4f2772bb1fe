/**
 * The registry of math-formula checks. A check states an equation, the document section it comes
 * from, and a tolerance; running it computes the largest error between two independent computations
 * of the same quantity. `rnnlab checks` runs them all; other parts of the library (the engine,
 * attention) register their own.
 */

/** One math-formula check. */
export interface FormulaCheck {
  /** Unique, `area/what`, e.g. `lstm/forward-vs-tfjs`. */
  name: string;
  /** What is compared, as an equation or a sentence. */
  equation: string;
  /** The document section, e.g. `003 §3.2`. */
  section: string;
  /** The largest acceptable error. */
  tolerance: number;
  /** How the error is measured. @default 'max abs' */
  measure?: 'max abs' | 'relative';
  /** Computes the error (sync or async). */
  run(): number | Promise<number>;
}

/** One row of results. */
export interface CheckResult {
  name: string;
  equation: string;
  section: string;
  measure: string;
  maxError: number;
  tolerance: number;
  pass: boolean;
  error?: string;
}

const registry: FormulaCheck[] = [];

/** Adds checks to the registry; names must be unique. */
export function registerCheck(...checks: FormulaCheck[]): void {
  for (const c of checks) {
    if (registry.some((r) => r.name === c.name))
      throw new Error(`registerCheck: a check named '${c.name}' is already registered`);
    if (!(c.tolerance > 0))
      throw new Error(`registerCheck: '${c.name}' needs a positive tolerance, got ${c.tolerance}`);
    registry.push(c);
  }
}

/** The registered checks (optionally those whose name contains `filter`). */
export function listChecks(filter?: string): FormulaCheck[] {
  return registry.filter((c) => !filter || c.name.includes(filter));
}

/** Runs the checks; a check that throws fails with its message. */
export async function runChecks(
  filter?: string,
  onResult?: (r: CheckResult) => void,
): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  for (const c of listChecks(filter)) {
    const base = {
      name: c.name,
      equation: c.equation,
      section: c.section,
      measure: c.measure ?? 'max abs',
      tolerance: c.tolerance,
    };
    let r: CheckResult;
    try {
      const e = await c.run();
      r = { ...base, maxError: e, pass: Number.isFinite(e) && e <= c.tolerance };
    } catch (err) {
      r = { ...base, maxError: Number.POSITIVE_INFINITY, pass: false, error: (err as Error).message };
    }
    out.push(r);
    onResult?.(r);
  }
  return out;
}
