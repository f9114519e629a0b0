"""Where ``cityreports run`` writes, what it prints at the end, and the report it leaves.

A run on the bundled corpus writes the committed ``figures/`` and ``build/``; a run on any
other corpus writes ``runs/<corpus name>/`` (or ``--out DIR``) with ``figures/``, ``tables/``,
``notebooks/`` and ``report.html``, so the committed figures are never overwritten by it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cityreports.report.html import write_report
from cityreports.report.notebook_files import write_clean
from cityreports.resources import bundled_corpus_path

#: Parameters the runner sets from its own options (``--help`` names the option).
RUNNER_OPTIONS = {"corpus": "--corpus", "build_dir": "--out", "figures_dir": "--out",
                  "cache_dir": "--cache-dir"}


@dataclass(frozen=True)
class OutputFolders:
    """Where one run writes: tables and executed notebooks under ``build_dir``, figures."""

    build_dir: Path
    figures_dir: Path
    report: Path

    @property
    def tables(self) -> Path:
        return self.build_dir / "tables"

    @property
    def notebooks(self) -> Path:
        return self.build_dir / "notebooks"


def corpus_name(corpus: str | os.PathLike[str]) -> str:
    """A folder name for a corpus: its folder's name (a manifest: its folder's name too)."""
    path = Path(corpus).resolve()
    name = path.parent.name if path.is_file() else path.name
    cleaned = re.sub(r"[^\w.-]+", "_", name).strip("._")
    return cleaned or "corpus"


def is_bundled(corpus: str | os.PathLike[str] | None) -> bool:
    """True for no corpus or the packaged corpus itself."""
    if corpus is None:
        return True
    return Path(corpus).resolve() == Path(bundled_corpus_path()).resolve()


def output_folders(corpus: str | os.PathLike[str] | None, *,
                   out: str | os.PathLike[str] | None = None,
                   root: str | os.PathLike[str] | None = None) -> OutputFolders:
    """The folders of a run: ``out`` if given; for the bundled corpus ``build/`` and the
    committed ``figures/``; for any other corpus ``runs/<corpus name>/`` (all relative to
    ``root``, default the current folder)."""
    base = Path(root) if root is not None else Path.cwd()
    if out is not None:
        folder = base / Path(out)
        return OutputFolders(folder, folder / "figures", folder / "report.html")
    if is_bundled(corpus):
        return OutputFolders(base / "build", base / "figures", base / "build" / "report.html")
    folder = base / "runs" / corpus_name(corpus)
    return OutputFolders(folder, folder / "figures", folder / "report.html")


def parameter_listing(paths: Sequence[Path], *, folder: Path) -> str:
    """The notebooks and their parameters with defaults, for ``cityreports run --help``."""
    if not paths:
        return f"notebooks: none found in {folder} (give --notebooks-dir)\n"
    import papermill  # heavy: only when the help is printed

    lines = [f"notebooks (in {folder}, run in this order):"]
    lines += [f"  {p.stem}" for p in paths]
    declared: dict[str, dict] = {}
    for path in paths:
        for name, info in papermill.inspect_notebook(str(path)).items():
            declared.setdefault(name, {**info, "notebooks": []})["notebooks"].append(
                path.stem[:2])
    lines += ["", "parameters (-p NAME VALUE; default in the notebook):"]
    for name in sorted(declared):
        info = declared[name]
        owner = ("all notebooks" if len(info["notebooks"]) == len(paths)
                 else ", ".join(info["notebooks"]))
        set_by = f" [set with {RUNNER_OPTIONS[name]}]" if name in RUNNER_OPTIONS else ""
        lines.append(f"  {name} = {info.get('default')}  ({owner}){set_by}")
        if info.get("help"):
            lines.append(f"      {info['help']}")
    return "\n".join(lines) + "\n"


def finish_run(executed: Sequence[str | os.PathLike[str]], folders: OutputFolders, *,
               corpus_label: str, html: bool = True) -> Path | None:
    """Clean the executed notebooks (stable files) and write the HTML report of them.

    ``executed`` are the notebooks that ran to the end, in order. Returns the report's path,
    or None when no notebook ran or ``html`` is False.
    """
    import nbformat  # heavy: only after a run

    done = []
    for output in executed:
        path = Path(output)
        write_clean(nbformat.read(path, as_version=4), path)
        done.append((path.stem, nbformat.read(path, as_version=4)))
    if not html or not done:
        return None
    return write_report(done, folders.report, title=f"cityreports: {corpus_label}",
                        subtitle="Executed notebooks without code: figures, tables and "
                        "interpretations of one run.")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def summary_lines(folders: OutputFolders, *, report: Path | None) -> list[str]:
    """Where a run's outputs went, one line each (printed at the end of ``cityreports run``)."""
    lines = [f"figures   -> {_shown(folders.figures_dir)}/ (MANIFEST.csv lists them)",
             f"tables    -> {_shown(folders.tables)}/ (values.json: quotable numbers)",
             f"notebooks -> {_shown(folders.notebooks)}/"]
    if report is not None:
        lines.append(f"report    -> {_shown(report)}")
    return lines
