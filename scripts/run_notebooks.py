#!/usr/bin/env python3
"""Executes rnnlab's notebooks headless with the TypeScript kernel (tslab) and reports one line each.

    run_notebooks.py [--only 01_mlp,02_rnn_bptt] [--out build/executed] [--timeout 900] [NOTEBOOK ...]

Every code cell must run without error, and nothing may fail asynchronously: a promise rejected with
no handler (`Promise.reject(…)` not awaited) or an exception thrown after a cell returned (`setTimeout(()
=> { throw … })`) fails the notebook too — tslab would only print those and carry on. On a failure it
prints the notebook, the cell number (1-based, counting code cells as Jupyter shows them) and the start
of its source, then the error, and the exit code is 1. A cell that runs longer than --timeout seconds
fails with "timed out after N s". Executed copies (with outputs) are written to --out for the end-to-end checks; the files in
notebooks/ are never modified. JUPYTER_PATH must point at the project's kernel (scripts/setup.js).
"""
import argparse
import glob
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_cell_number(nb, index):
    return sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")


def error_text(cell):
    """What the failing cell printed: tslab reports an error as a stderr stream (plus the reply's
    status), other kernels as an `error` output."""
    parts = []
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            parts.append(f"{o.get('ename')}: {o.get('evalue')}")
        elif o.get("output_type") == "stream" and o.get("name") == "stderr":
            parts.append(o.get("text", ""))
    return "\n".join(parts).strip()


# Run before the notebook's first cell, in the kernel: records every unhandled rejection and uncaught
# exception (tslab's own handlers only print them, so the cell "passes") with the cell that was the last
# to start then, and for an exception thrown by a timer's callback, the cell that set the timer. The
# kernel counts cells itself — tslab assigns a new process.stdout.write for every execution — so the
# attribution does not depend on timing. (Timers are wrapped rather than tracked with async_hooks,
# which slows every await ~20-fold.)
COLLECT = """{
  const asyncErrors: { kind: string; message: string; cell: number; timerCell: number | null }[] = [];
  Object.defineProperty(globalThis, '__rnnlabAsyncErrors', { value: asyncErrors });
  let cell = 0;
  let write = process.stdout.write;
  Object.defineProperty(process.stdout, 'write', {
    configurable: true,
    get: () => write,
    set: (w: typeof write) => { write = w; cell++; },
  });
  const timerCellOf = new WeakMap<object, number>();
  for (const name of ['setTimeout', 'setInterval', 'setImmediate']) {
    const original: Function = Reflect.get(globalThis, name);
    const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      if (typeof callback !== 'function') return original.call(this, callback, ...rest);
      const setIn = cell;
      const run = function (this: unknown, ...args: unknown[]): unknown {
        try {
          return (callback as Function).apply(this, args);
        } catch (err) {
          if (typeof err === 'object' && err !== null) timerCellOf.set(err, setIn);
          throw err;
        }
      };
      return original.call(this, run, ...rest);
    };
    for (const key of Reflect.ownKeys(original)) {
      if (key !== 'length' && key !== 'name' && key !== 'prototype') Reflect.set(wrapped, key, Reflect.get(original, key));
    }
    Reflect.set(globalThis, name, wrapped);
  }
  const text = (e: unknown): string => (e instanceof Error ? e.stack ?? String(e) : String(e));
  process.on('unhandledRejection', (reason) => {
    asyncErrors.push({ kind: 'unhandled promise rejection', message: text(reason), cell, timerCell: null });
  });
  process.on('uncaughtException', (err) => {
    const timerCell = typeof err === 'object' && err !== null ? timerCellOf.get(err) ?? null : null;
    asyncErrors.push({ kind: 'uncaught exception', message: text(err), cell, timerCell });
  });
}"""

# Seconds the kernel waits after the last cell for late timers and rejections before reporting.
SETTLE_SECONDS = 0.5
MARK = "RNNLAB_ASYNC_ERRORS "
REPORT = f"""await new Promise((resolve) => setTimeout(resolve, {int(SETTLE_SECONDS * 1000)}));
console.log('{MARK}' + JSON.stringify(Reflect.get(globalThis, '__rnnlabAsyncErrors')));"""


class AsyncError(Exception):
    """An error raised outside any cell's own execution: `index` is the cell running or last run then."""

    def __init__(self, index, message):
        super().__init__(message)
        self.index = index


def async_failure(nb, report_cell):
    """The first asynchronous error the kernel recorded, attributed to the cell that set the timer behind
    it, else to the last cell started when it was raised; None when there was none."""
    text = "".join(o.get("text", "") for o in report_cell.get("outputs", []) if o.get("output_type") == "stream")
    line = next((l for l in text.splitlines() if l.startswith(MARK)), None)
    if line is None:
        return AsyncError(None, "the runner's closing check printed nothing (the kernel did not run it):\n" + text)
    errors = json.loads(line[len(MARK):])
    if not errors:
        return None
    first = errors[0]
    # The kernel's cell numbers count executions after the collector: 1 = the notebook's first cell.
    number = first["timerCell"] if first["timerCell"] is not None else first["cell"]
    if first["timerCell"] is not None:
        what = f"{first['kind']} in a timer this cell set"
    else:
        what = f"{first['kind']}, raised when this cell was the last to start"
    more = f"\n({len(errors) - 1} more asynchronous error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    # nbclient sends only code cells with some source to the kernel.
    executed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    if not 1 <= number <= len(executed):
        return AsyncError(None, f"{first['kind']} after the last cell:\n{first['message']}{more}")
    return AsyncError(executed[number - 1], f"{what}:\n{first['message']}{more}")


def run_one(path, out_dir, timeout):
    nb = nbformat.read(path, as_version=4)
    cells = nb.cells
    # The notebook's cells between the collector and the closing report; indices below are the notebook's.
    nb.cells = [nbformat.v4.new_code_cell(COLLECT)] + cells + [nbformat.v4.new_code_cell(REPORT)]
    started = []

    def on_start(cell, cell_index):
        if 1 <= cell_index <= len(cells):
            started.append(cell_index - 1)

    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab", resources={"metadata": {"path": os.path.dirname(path)}},
                            on_cell_start=on_start)
    t0 = time.time()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = exc
    secs = time.time() - t0
    report = nb.cells[-1]
    nb.cells = cells
    index = started[-1] if error is not None and started else None
    if error is None:
        error = async_failure(nb, report)
        index = error.index if error is not None else None
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    return nb, error, secs, index


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("notebooks", nargs="*")
    ap.add_argument("--only", help="comma-separated notebook names (without .ipynb)")
    ap.add_argument("--out", help="folder for the executed copies")
    ap.add_argument("--summary", help="write {passed, failed} as JSON to this file")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("RNNLAB_CELL_TIMEOUT", "1800")), help="seconds per cell")
    args = ap.parse_args()
    # Executed copies are exported to HTML (tests, the book): the first figure carries plotly.js.
    os.environ.setdefault("RNNLAB_PLOTLY", "embed")

    paths = args.notebooks or sorted(glob.glob(os.path.join(ROOT, "notebooks", "*.ipynb")))
    if args.only:
        wanted = [w.strip().removesuffix(".ipynb") for w in args.only.split(",") if w.strip()]
        missing = [w for w in wanted if not any(os.path.basename(p) == w + ".ipynb" for p in paths)]
        if missing:
            print("no such notebook: " + ", ".join(missing), file=sys.stderr)
            return 2
        paths = [p for p in paths if os.path.basename(p)[: -len(".ipynb")] in wanted]
    if not paths:
        print("no notebooks to run", file=sys.stderr)
        return 1

    failed = 0
    total = time.time()
    for path in paths:
        name = os.path.relpath(path, ROOT)
        nb, error, secs, index = run_one(path, args.out, args.timeout)
        if error is None:
            print(f"ok    {name}  {secs:6.1f} s  ({sum(1 for c in nb.cells if c.cell_type == 'code')} code cells)", flush=True)
            continue
        failed += 1
        if index is not None:
            cell = nb.cells[index]
            source = "\n".join("      | " + line for line in cell.source.splitlines()[:8])
            where = f"code cell {code_cell_number(nb, index)} (cell {index + 1} of {len(nb.cells)})"
            if isinstance(error, CellTimeoutError):
                printed = error_text(cell)
                message = f"timed out after {args.timeout} s (--timeout, RNNLAB_CELL_TIMEOUT)" + (f"; it printed:\n{printed}" if printed else "")
            elif isinstance(error, AsyncError):
                message = str(error)
            else:
                message = error_text(cell) or str(error)
        else:
            source, where, message = "", "the kernel", str(error)
        # nbclient's CellExecutionError repeats the cell's source between two rules of dashes before the
        # error itself; the source is already shown above, so keep what follows it (the error, whole).
        parts = message.split("------------------")
        if len(parts) >= 3:
            message = parts[-1]
        if message.strip() in ("", "<Error>:", "None: None"):
            message = ("the kernel reported an error but sent no text for it (tslab loses it when the cell "
                       "had already sent over 512 outputs without the event loop turning: src/plot/show.ts)")
        lines = message.strip().splitlines()
        if len(lines) > 40:
            lines = lines[:10] + [f"… ({len(lines) - 30} lines) …"] + lines[-20:]
        tail = "\n".join("      " + line for line in lines)
        print(f"FAIL  {name}  {secs:6.1f} s  — error in {where}:\n{source}\n{tail}", flush=True)
    print(f"{len(paths) - failed} passed, {failed} failed  (notebooks, {time.time() - total:.1f} s)")
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump({"passed": len(paths) - failed, "failed": failed}, f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
