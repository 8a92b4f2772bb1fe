#!/usr/bin/env python3
"""Executes rnnlab's notebooks headless with the TypeScript kernel (tslab) and reports one line each.

    run_notebooks.py [--only 01_mlp,02_rnn_bptt] [--out build/executed] [--timeout 900] [NOTEBOOK ...]

Every code cell must run without error. On a failure it prints the notebook, the cell number (1-based,
counting code cells as Jupyter shows them) and the start of its source, then the error, and the exit
code is 1. Executed copies (with outputs) are written to --out for the end-to-end checks; the files in
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


def run_one(path, out_dir, timeout):
    nb = nbformat.read(path, as_version=4)
    started = []
    client = NotebookClient(nb, timeout=timeout, kernel_name="tslab", resources={"metadata": {"path": os.path.dirname(path)}},
                            on_cell_start=lambda cell, cell_index: started.append(cell_index))
    t0 = time.time()
    error = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        error = exc
    secs = time.time() - t0
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(out_dir, os.path.basename(path)))
    return nb, error, secs, (started[-1] if error is not None and started else None)


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
            message = error_text(cell) or str(error)
        else:
            source, where, message = "", "the kernel", str(error)
        tail = "\n".join("      " + line for line in message.strip().splitlines()[:14])
        print(f"FAIL  {name}  {secs:6.1f} s  — error in {where}:\n{source}\n{tail}", flush=True)
    print(f"{len(paths) - failed} passed, {failed} failed  (notebooks, {time.time() - total:.1f} s)")
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump({"passed": len(paths) - failed, "failed": failed}, f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
