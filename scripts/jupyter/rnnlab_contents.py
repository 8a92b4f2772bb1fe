"""Jupyter's file contents manager for rnnlab's notebooks (`npm start` configures it).

A notebook is written to its .ipynb WITHOUT outputs, in the stored form that git holds (no execution
counts, no language_info, Jupyter's layout), so running and saving the tutorial leaves `git status`
clean. Its outputs go to a copy under build/jupyter-outputs/ (ignored by git); opening the notebook
again puts them back into each code cell whose id and source are unchanged, so a reopened notebook
shows its figures.
"""
import copy
import json
import os

try:  # Jupyter Notebook 6
    from notebook.services.contents.filemanager import FileContentsManager
except ImportError:  # Jupyter Notebook 7 / JupyterLab (jupyter_server)
    from jupyter_server.services.contents.filemanager import FileContentsManager

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUTS = os.path.join(ROOT, "build", "jupyter-outputs")
# Cell metadata the front end writes while a learner works; never stored (as scripts/strip-notebooks.js).
VOLATILE_CELL_METADATA = ("collapsed", "scrolled", "execution", "ExecuteTime")


def stripped(content):
    """The notebook as git stores it: code cells without outputs and execution counts."""
    nb = copy.deepcopy(content)
    # The kernel's language_info (its version) is rewritten by the front end on every save.
    nb.get("metadata", {}).pop("language_info", None)
    for cell in nb.get("cells", []):
        for key in VOLATILE_CELL_METADATA:
            cell.get("metadata", {}).pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def outputs_path(path):
    return os.path.join(OUTPUTS, path.strip("/"))


class RnnlabContentsManager(FileContentsManager):
    """Saves notebooks stripped (outputs to build/jupyter-outputs/), reopens them with their outputs."""

    def save(self, model, path=""):
        if model.get("type") == "notebook" and model.get("content") is not None:
            side = outputs_path(path)
            os.makedirs(os.path.dirname(side), exist_ok=True)
            tmp = side + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(model["content"], f, ensure_ascii=False)
            os.replace(tmp, side)
            model = dict(model, content=stripped(model["content"]))
        return super().save(model, path)

    def get(self, path, content=True, type=None, format=None):
        model = super().get(path, content=content, type=type, format=format)
        if model.get("type") != "notebook" or not content or model.get("content") is None:
            return model
        side = outputs_path(path)
        if not os.path.exists(side):
            return model
        try:
            with open(side, encoding="utf-8") as f:
                saved = json.load(f)
        except (OSError, ValueError):
            return model
        source = lambda c: "".join(c["source"]) if isinstance(c.get("source"), list) else c.get("source", "")
        by_id = {c.get("id"): c for c in saved.get("cells", []) if c.get("cell_type") == "code"}
        for cell in model["content"].cells:
            old = by_id.get(cell.get("id"))
            if cell.cell_type != "code" or old is None or source(old) != source(cell):
                continue
            cell.outputs = [nbformat.from_dict(o) for o in old.get("outputs", [])]
            cell.execution_count = old.get("execution_count")
        return model
