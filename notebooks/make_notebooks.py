"""Refresh the committed notebooks' outputs and keep the notebook files clean.

The ``NN_*.ipynb`` files here are the source: edit them in JupyterLab (``make lab``) and save.
This tool is the filter that keeps them clean, and the way to refresh their outputs:

    python notebooks/make_notebooks.py --execute   # run every notebook on the bundled corpus
                                                   # (cityreports run) and write the outputs
                                                   # back, cleaned; `make notebooks` does this
    python notebooks/make_notebooks.py --clean     # clean the notebooks in place
    python notebooks/make_notebooks.py --check     # exit 1 if a notebook holds run state
    python notebooks/make_notebooks.py --filter    # stdin -> stdout: the git clean filter

Clean means (``cityreports.report.notebook_files.clean_notebook``): no execution counts, no
timings or papermill metadata, no injected parameters, no stderr, the plain ``python3``
kernelspec; outputs (figures, tables, sentences) are kept, so readers see results and
``pytest --nbval-lax notebooks/`` compares the cells marked ``# NBVAL_CHECK_OUTPUT``.
``make lab`` registers ``--filter`` as the git filter ``cityreports-notebook`` named in
``.gitattributes``, so a notebook saved after running cells is committed clean.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat

from cityreports.report.notebook_files import clean_text, run_state, write_clean
from cityreports.report.runner import discover_notebooks, run_notebooks, select_notebooks

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def execute(names: list[str] | None) -> int:
    """Run the notebooks on the bundled corpus; write their cleaned outputs back here.

    Figures go to the committed ``figures/``, tables to ``build/tables``. Each notebook's
    source cells are kept as they are; only outputs change.
    """
    paths = select_notebooks(discover_notebooks(HERE), only=names)
    with tempfile.TemporaryDirectory() as tmp:
        build_dir = Path(tmp) / "build"
        report = run_notebooks(notebooks_dir=HERE, only=[p.stem for p in paths],
                               build_dir=build_dir, figures_dir=REPO / "figures",
                               cache_dir=REPO / "build" / "cache", progress=False)
        for result in report.results:
            print(result.describe(), file=sys.stderr)
        if not report.ok:
            return 1
        for path in paths:
            write_clean(nbformat.read(build_dir / "notebooks" / path.name, as_version=4), path)
        tables = REPO / "build" / "tables"
        tables.mkdir(parents=True, exist_ok=True)
        for table in sorted((build_dir / "tables").iterdir()):
            shutil.copyfile(table, tables / table.name)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--execute", action="store_true", help="run and keep cleaned outputs")
    mode.add_argument("--clean", action="store_true", help="clean the notebooks in place")
    mode.add_argument("--check", action="store_true", help="fail if one holds run state")
    mode.add_argument("--filter", action="store_true", help="clean stdin to stdout (git)")
    parser.add_argument("--only", action="append", help="notebook name, e.g. 01_corpus")
    args = parser.parse_args(argv)
    if args.filter:
        sys.stdout.write(clean_text(sys.stdin.read()))
        return 0
    if args.execute:
        return execute(args.only)
    paths = select_notebooks(discover_notebooks(HERE), only=args.only)
    failed = False
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if args.clean:
            write_clean(nb, path)
        for problem in run_state(nb) if args.check else []:
            print(f"{path.name}: {problem}", file=sys.stderr)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
