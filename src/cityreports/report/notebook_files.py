"""Notebook files kept clean: the filter the committed ``.ipynb`` files go through.

The ``.ipynb`` files in ``notebooks/`` are the source a researcher edits in JupyterLab; they
keep their outputs (figures shown inline, tables, sentences) so a reader sees results without
running anything and ``pytest --nbval-lax`` can compare them. :func:`clean_notebook` takes out
what changes from run to run or from machine to machine and nothing else: the session's
execution counts, timings and other run metadata, papermill's injected parameters, stderr
streams (warnings name local files), the kernel's version details. Running the filter twice
changes nothing.

Execution counts are *canonical*: 1, 2, 3, … over the non-empty code cells in order (what
"Restart Kernel and Run All Cells" gives), never the counts of a session. They cannot be left
out: nbval fails a cell that has outputs but no count ("Unrun reference cell has outputs").
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from cityreports.report.output import write_if_changed

#: The kernelspec every committed notebook names (nbval and papermill run the current one).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: Cell metadata that is kept (everything else is editor or run state).
KEPT_CELL_METADATA = ("tags",)
CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def clean_notebook(nb, *, drop_injected: bool = True):
    """A cleaned copy of ``nb`` (an ``nbformat`` notebook node); the input is not changed."""
    import nbformat

    nb = copy.deepcopy(nb)
    nb.nbformat, nb.nbformat_minor = 4, max(5, int(nb.get("nbformat_minor", 5)))
    nb.metadata = nbformat.from_dict({"kernelspec": dict(KERNELSPEC),
                                      "language_info": {"name": "python"}})
    cells, seen_ids, count = [], set(), 0
    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if drop_injected and "injected-parameters" in tags:
            continue
        kept = {k: v for k, v in cell.get("metadata", {}).items()
                if k in KEPT_CELL_METADATA and v}
        cell.metadata = nbformat.from_dict(kept)
        cell_id = str(cell.get("id") or "")
        if not CELL_ID.match(cell_id) or cell_id in seen_ids:
            cell_id = f"cell-{index:02d}"
        seen_ids.add(cell_id)
        cell.id = cell_id
        if cell.cell_type == "code":
            number = None
            if cell.source.strip():
                count += 1
                number = count
            cell.execution_count = number
            outputs = []
            for output in cell.get("outputs", []) if number is not None else []:
                if output.output_type == "stream" and output.get("name") == "stderr":
                    continue
                if output.output_type == "execute_result":
                    output.execution_count = number
                outputs.append(output)
            cell.outputs = outputs
        else:
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        cells.append(cell)
    nb.cells = cells
    return nb


def notebook_text(nb) -> str:
    """The JSON text nbformat writes for ``nb`` (as JupyterLab's server saves it), ending in a
    newline."""
    import nbformat

    text = nbformat.writes(nb, version=4)
    return text if text.endswith("\n") else text + "\n"


def clean_text(text: str) -> str:
    """The cleaned JSON text of a notebook given as JSON text (the git filter's job)."""
    import nbformat

    return notebook_text(clean_notebook(nbformat.reads(text, as_version=4)))


def write_clean(nb, path: str | os.PathLike[str]) -> Path:
    """Write a cleaned copy of ``nb`` to ``path`` (only when the bytes change)."""
    return write_if_changed(path, notebook_text(clean_notebook(nb)).encode("utf-8"))


def run_state(nb) -> list[str]:
    """What in ``nb`` is run state a committed notebook must not hold (empty when clean).

    Looser than "equal to :func:`clean_notebook`": a notebook saved by JupyterLab after an
    edit (no cell run) passes, since JupyterLab only rewrites the kernel's version details;
    one with cells run in a session fails (its counts are not canonical) until it is cleaned
    (the git filter, ``make notebooks`` or ``make_notebooks.py --clean``).
    """
    problems, count = [], 0
    if "papermill" in nb.metadata:
        problems.append("papermill metadata")
    for index, cell in enumerate(nb.cells):
        where = f"cell {index}"
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            problems.append(f"{where}: injected parameters")
        for key in ("execution", "papermill"):
            if key in cell.get("metadata", {}):
                problems.append(f"{where}: {key} metadata")
        if cell.cell_type != "code":
            continue
        canonical = None
        if cell.source.strip():
            count += 1
            canonical = count
        if cell.get("execution_count") != canonical:
            problems.append(f"{where}: execution count {cell.get('execution_count')} "
                            f"(canonical: {canonical})")
        for output in cell.get("outputs", []):
            if output.output_type == "execute_result" and output.get(
                    "execution_count") != canonical:
                problems.append(f"{where}: output execution count")
            if output.output_type == "stream" and output.get("name") == "stderr":
                problems.append(f"{where}: stderr output")
            if output.output_type == "error":
                problems.append(f"{where}: error output")
    return problems
