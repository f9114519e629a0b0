"""Execute the analysis notebooks headlessly with papermill: ``cityreports run``.

Every ``notebooks/NN_*.ipynb`` runs in order in a kernel of the *current* interpreter (a
kernelspec ``cityreports`` written to a temporary folder put first on ``JUPYTER_PATH``, so no
user kernelspec is needed and none is touched). Parameters are checked against each
notebook's ``parameters`` cell and for their values before any kernel starts.

Where a run writes (:func:`output_folders`): on the bundled corpus, executed copies go to
``build/notebooks/``, tables and ``values.json`` to ``build/tables/``, figures to the committed
``figures/`` and the HTML report to ``build/report.html``; on any other corpus everything goes
to ``runs/<corpus name>/`` (``figures/``, ``tables/``, ``notebooks/``, ``report.html``), or to
``--out DIR``, so a run on your own corpus never overwrites the committed figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cityreports.errors import ParameterError
from cityreports.ingest.files import DEFAULT_MAX_BYTES
from cityreports.report.notebook_files import clean_notebook
from cityreports.report.output import publish_files, remove_stale, write_atomic
from cityreports.report.run_cache import (
    RunCache,
    changed_files,
    corpus_digest,
    folder_digests,
    package_digest,
    run_key,
)
from cityreports.report.run_outputs import (
    OutputFolders,
    finish_run,
    is_bundled,
    output_folders,
    parameter_listing,
    summary_lines,
)
from cityreports.report.run_parameters import (
    check_cache_dir,
    check_parameters,
    parse_parameter_values,
    with_read_options,
)
from cityreports.report.saving import manifest_text, read_manifest

NOTEBOOK_NAME = re.compile(r"^(\d\d)_([A-Za-z0-9_]+)\.ipynb$")
KERNEL_NAME = "cityreports"
#: Parameters the runner sets itself from its own options (absolute paths).
RUNNER_PARAMETERS = ("corpus", "build_dir", "figures_dir", "cache_dir")


def default_notebooks_dir() -> Path:
    """``notebooks/`` in the current folder: the project's notebooks (``--notebooks`` to change)."""
    return Path.cwd() / "notebooks"


@dataclass(frozen=True)
class NotebookResult:
    """What happened to one notebook."""

    name: str
    output: str
    ok: bool
    seconds: float = 0.0
    cell: int | None = None
    error: str = ""
    #: Not run: nothing it depends on changed, its published outputs were kept.
    reused: bool = False

    def describe(self) -> str:
        """One line: ``01_corpus: ok`` or ``02_themes: cell 5 failed: KeyError: 'x'``.

        Cells are counted from 0 in the source notebook (the injected parameters cell of the
        executed copy is not counted).
        """
        if self.reused:
            return f"{self.name}: unchanged, outputs kept ({self.seconds:.1f} s)"
        if self.ok:
            return f"{self.name}: ok ({self.seconds:.1f} s)"
        where = f"cell {self.cell} failed" if self.cell is not None else "failed"
        return f"{self.name}: {where}: {self.error}"


@dataclass(frozen=True)
class RunReport:
    """Results of one run, in notebook order."""

    results: tuple[NotebookResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def returncode(self) -> int:
        return 0 if self.ok else 1


# --- discovery and parameters --------------------------------------------------------------


def discover_notebooks(notebooks_dir: str | os.PathLike[str]) -> list[Path]:
    """``NN_*.ipynb`` files of ``notebooks_dir``, in order."""
    folder = Path(notebooks_dir)
    if not folder.is_dir():
        raise ParameterError("notebooks_dir", f"not a folder: {folder}")
    return sorted(p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name))


def select_notebooks(paths: Sequence[Path], *, only: str | Sequence[str] | None) -> list[Path]:
    """The notebooks named by ``only`` (``01_corpus``, ``corpus``, ``01`` or the file name)."""
    if only is None:
        return list(paths)
    wanted = [only] if isinstance(only, str) else list(only)
    chosen = []
    for name in wanted:
        stem = str(name).removesuffix(".ipynb")
        hits = [p for p in paths if stem in {p.stem, *NOTEBOOK_NAME.match(p.name).groups()}]
        if not hits:
            known = ", ".join(p.stem for p in paths) or "none"
            raise ParameterError("only", f"no notebook {name!r}; known: {known}")
        chosen.extend(h for h in hits if h not in chosen)
    return [p for p in paths if p in chosen]


def notebook_parameters(path: str | os.PathLike[str]) -> dict[str, object]:
    """Names and default values (as source text) of a notebook's ``parameters`` cell."""
    import papermill

    declared = papermill.inspect_notebook(str(path))
    return {name: info.get("default") for name, info in declared.items()}


# --- kernel ---------------------------------------------------------------------------------


def kernelspec(*, executable: str = sys.executable) -> dict[str, object]:
    """Kernelspec for a kernel of ``executable`` with a fixed hash seed and the Agg backend."""
    return {
        # the kernel's own log says only that it was interrupted on shutdown ("KeyboardInterrupt
        # caught in kernel"); cell errors reach the run through the notebook, not this log
        "argv": [executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.log_level=CRITICAL"],
        "display_name": "cityreports (current interpreter)",
        "language": "python",
        "env": {"PYTHONHASHSEED": "0", "MPLBACKEND": "Agg"},
        # the kernel manager provisions CurveZMQ keys when a kernel declares support, so the
        # kernel does not warn that it runs over TCP without encryption
        "metadata": {"supported_encryption": ["curve"]},
    }


def encrypted_kernel_manager():
    """A kernel manager class that encrypts the kernel's transport when it can.

    jupyter_client >= 8.10 provisions CurveZMQ keys for kernels whose kernelspec declares
    ``supported_encryption`` (see :func:`kernelspec`); older versions ignore the setting.
    """
    from jupyter_client.manager import AsyncKernelManager  # heavy: only when a run starts

    if "transport_encryption" not in AsyncKernelManager.class_trait_names():
        return AsyncKernelManager
    trait = AsyncKernelManager.class_traits()["transport_encryption"]
    auto = type(trait)(list(trait.values), default_value="auto", config=True)
    return type("EncryptedKernelManager", (AsyncKernelManager,), {"transport_encryption": auto})


@contextlib.contextmanager
def current_interpreter_kernel() -> Iterator[str]:
    """Make kernel ``cityreports`` (this interpreter) findable for the ``with`` block."""
    with tempfile.TemporaryDirectory(prefix="cityreports-kernel-") as tmp:
        folder = Path(tmp) / "kernels" / KERNEL_NAME
        folder.mkdir(parents=True)
        (folder / "kernel.json").write_text(json.dumps(kernelspec(), indent=1), encoding="utf-8")
        old = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join([tmp, *([old] if old else [])])
        try:
            yield KERNEL_NAME
        finally:
            if old is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = old


# --- running --------------------------------------------------------------------------------


def plan_run(
    *,
    corpus: str | os.PathLike[str] | None,
    only: str | Sequence[str] | None,
    parameters: Mapping[str, object],
    notebooks_dir: str | os.PathLike[str],
    build_dir: str | os.PathLike[str],
    figures_dir: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str] | None = None,
) -> list[tuple[Path, dict[str, object]]]:
    """Each selected notebook with the checked parameters it declares (no kernel started)."""
    paths = select_notebooks(discover_notebooks(notebooks_dir), only=only)
    if not paths:
        raise ParameterError("notebooks_dir", f"no NN_*.ipynb notebooks in {notebooks_dir}")
    declared = {p: notebook_parameters(p) for p in paths}
    allowed = sorted({n for d in declared.values() for n in d} - set(RUNNER_PARAMETERS))
    given = dict(parameters)
    clash = sorted(set(given) & {"build_dir", "figures_dir", "cache_dir"})
    if clash:
        raise ParameterError(clash[0], "set it with the runner's own option, not -p")
    if corpus is not None:
        if given.get("corpus") not in (None, corpus):
            raise ParameterError("corpus", "given both as --corpus and as a parameter")
        given["corpus"] = corpus
    checked = check_parameters(given, allowed=[*allowed, "corpus"])
    common = {
        **checked,
        "build_dir": str(Path(build_dir).resolve()),
        "figures_dir": str(Path(figures_dir).resolve()),
        "cache_dir": check_cache_dir(cache_dir if cache_dir is not None
                                   else Path(build_dir) / "cache"),
    }
    return [(p, {k: v for k, v in common.items() if k in declared[p]}) for p in paths]


def _source_index(executed: Path, cell_index: int) -> int:
    """Index in the source notebook of executed cell ``cell_index`` (minus the injected cell)."""
    try:
        nb = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return cell_index
    injected = [i for i, c in enumerate(nb.get("cells", []))
                if "injected-parameters" in c.get("metadata", {}).get("tags", [])]
    return cell_index - sum(1 for i in injected if i < cell_index)


def _failure(exc: BaseException, *, executed: Path) -> tuple[int | None, str]:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        evalue = str(exc.evalue).strip().splitlines()
        cell = _source_index(executed, exc.cell_index)
        return cell, f"{exc.ename}: {evalue[0] if evalue else ''}".strip()
    lines = str(exc).strip().splitlines()
    return None, f"{type(exc).__name__}: {lines[0] if lines else ''}"


#: Prefix of the folder in ``build_dir`` where a run writes before it is published.
STAGING_PREFIX = ".run-"
#: Files published last, so that no reader sees them list what is not in place yet.
VALUES_FILE = "tables/values.json"
MANIFEST_FILE = "MANIFEST.csv"


def _seed_staging(build: Path, figs: Path, *, build_dir: Path, figures_dir: Path,
                  sources: Sequence[str]) -> None:
    """Start the staged values.json and MANIFEST.csv from the published ones, without the
    entries of the notebooks about to run (they write theirs again)."""
    try:
        values = json.loads((build_dir / VALUES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        values = {}
    if isinstance(values, dict):
        kept = {k: v for k, v in values.items()
                if not (isinstance(v, dict) and v.get("source") in sources)}
        if kept:
            text = json.dumps(kept, ensure_ascii=False, indent=2, sort_keys=True)
            write_atomic(build / VALUES_FILE, (text + "\n").encode("utf-8"))
    rows = [r for r in read_manifest(figures_dir / MANIFEST_FILE) if r.get("source") not in sources]
    if rows:
        write_atomic(figs / MANIFEST_FILE, manifest_text(rows).encode("utf-8"))


@contextlib.contextmanager
def staged_outputs(
    build_dir: Path, figures_dir: Path, *, sources: Sequence[str]
) -> Iterator[tuple[Path, Path]]:
    """Folders for a run's tables (``build_dir``) and figures, published when the ``with``
    block ends normally.

    The notebooks write into a folder ``build_dir/.run-<pid>-*``; at the end every file is
    put in place (only files that changed, figures before MANIFEST.csv and tables before
    values.json). An interrupted run publishes nothing, so values.json and MANIFEST.csv
    never mix two runs; entries of notebooks that were not run are kept. A staging folder
    left by a killed run is removed by the next run.
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    remove_stale(build_dir, STAGING_PREFIX)
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=build_dir))
    try:
        build, figs = stage / "build", stage / "figures"
        build.mkdir()
        figs.mkdir()
        _seed_staging(build, figs, build_dir=build_dir, figures_dir=figures_dir,
                      sources=sources)
        yield build, figs
        publish_files(figs, figures_dir, last=(MANIFEST_FILE,))
        publish_files(build, build_dir, last=(VALUES_FILE,))
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def run_notebooks(
    *,
    corpus: str | os.PathLike[str] | None = None,
    only: str | Sequence[str] | None = None,
    parameters: Mapping[str, object] | None = None,
    notebooks_dir: str | os.PathLike[str] | None = None,
    build_dir: str | os.PathLike[str] = "build",
    figures_dir: str | os.PathLike[str] = "figures",
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = True,
    stop_on_error: bool = False,
    force: bool = False,
) -> RunReport:
    """Execute the notebooks in order; a failed notebook is reported and the next one runs.

    Every parameter is checked before a kernel starts. Tables and figures are published when
    every notebook has run (see :func:`staged_outputs`); an interrupted run publishes none.
    A notebook whose inputs, code and published outputs are unchanged since its last run is
    not run again (see :mod:`cityreports.report.run_cache`) unless ``force``.
    """
    import papermill

    notebooks_dir = Path(notebooks_dir) if notebooks_dir is not None else default_notebooks_dir()
    plan = plan_run(corpus=corpus, only=only, parameters=parameters or {},
                    notebooks_dir=notebooks_dir, build_dir=build_dir, figures_dir=figures_dir,
                    cache_dir=cache_dir)
    out_dir = Path(build_dir) / "notebooks"
    out_dir.mkdir(parents=True, exist_ok=True)
    results: list[NotebookResult] = []
    published = {"build": Path(build_dir).resolve(), "figures": Path(figures_dir).resolve()}
    record = RunCache(check_cache_dir(cache_dir if cache_dir is not None
                                    else Path(build_dir) / "cache"))
    given = parameters or {}
    corpus_id = corpus_digest(corpus if corpus is not None else given.get("corpus"),
                              allow_outside=bool(given.get("allow_outside", False)),
                              max_bytes=int(given.get("max_bytes", DEFAULT_MAX_BYTES)))
    package_id = package_digest()
    keys = {path: run_key(path, declared, corpus=corpus_id, package=package_id,
                          published={k: str(v) for k, v in published.items()})
            for path, declared in plan}
    kept = set() if force else {
        path for path, _ in plan
        if record.is_current(path.stem, keys[path], published=published,
                             executed=out_dir / path.name)}
    sources = [path.stem for path, _ in plan if path not in kept]
    wrote: dict[Path, dict[str, str]] = {}
    with staged_outputs(Path(build_dir), Path(figures_dir), sources=sources) as (build, figs), \
            current_interpreter_kernel() as kernel:
        for path, declared in plan:
            if path in kept:
                results.append(NotebookResult(path.stem, str(out_dir / path.name), True,
                                              reused=True))
                continue
            record.forget(path.stem)
            before = folder_digests({"build": build, "figures": figs})
            staged = {"build_dir": str(build), "figures_dir": str(figs)}
            params = {k: staged.get(k, v) for k, v in declared.items()}
            output = out_dir / path.name
            start = time.perf_counter()
            try:
                papermill.execute_notebook(
                    str(path), str(output), parameters=params, kernel_name=kernel,
                    cwd=str(path.parent), progress_bar={"desc": path.stem} if progress else False,
                    log_output=False, request_save_on_cell_execute=False,
                    kernel_manager_class=encrypted_kernel_manager(),
                )
            except Exception as exc:  # noqa: BLE001 - every failure is reported, not raised
                cell, error = _failure(exc, executed=output)
                results.append(NotebookResult(path.stem, str(output), False,
                                              time.perf_counter() - start, cell, error))
                if stop_on_error:
                    break
                continue
            results.append(NotebookResult(path.stem, str(output), True,
                                          time.perf_counter() - start))
            wrote[path] = changed_files(before, folder_digests({"build": build, "figures": figs}))
    for path, outputs in wrote.items():  # published now: record what each notebook wrote
        record.save(path.stem, keys[path], outputs)
    return RunReport(tuple(results))


# --- command line ---------------------------------------------------------------------------


class _RunHelpFormatter(argparse.HelpFormatter):
    """Help that ends with the notebooks and their parameters (read when help is shown)."""

    notebooks_dir: Path | None = None

    def format_help(self) -> str:
        folder = self.notebooks_dir or default_notebooks_dir()
        try:
            paths = discover_notebooks(folder)
        except ParameterError:
            paths = []
        return super().format_help() + "\n" + parameter_listing(paths, folder=folder)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``cityreports run``; ``--help`` also lists the notebooks and parameters."""
    parser.formatter_class = _RunHelpFormatter
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only this notebook (01_corpus, corpus or 01); repeatable")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("KEY", "VALUE"),
                        help="notebook parameter, value read as YAML (-p lang zh, "
                        "-p year_min 2016, -p formats [pdf,png]); repeatable")
    parser.add_argument("--corpus", default=None, help="corpus folder or manifest (default: "
                        "the bundled corpus)")
    parser.add_argument("--out", default=None, metavar="DIR",
                        help="folder for figures/, tables/, notebooks/ and report.html "
                        "(default: runs/<corpus name>/; for the bundled corpus build/ and "
                        "the committed figures/)")
    parser.add_argument("--notebooks-dir", default=None,
                        help="folder of NN_*.ipynb notebooks (default: ./notebooks)")
    parser.add_argument("--cache-dir", default=None,
                        help="cache of the parsed corpus (default: <out>/cache)")
    parser.add_argument("--max-bytes", type=int, default=None, metavar="BYTES",
                        help="skip a corpus file larger than this (default "
                        f"{DEFAULT_MAX_BYTES}; the same as -p max_bytes BYTES)")
    parser.add_argument("--allow-outside", action="store_true",
                        help="read manifest paths and symlinks that lead outside the corpus "
                        "folder (refused by default; the same as -p allow_outside true)")
    parser.add_argument("--force", action="store_true",
                        help="run every notebook, also those whose inputs, code and outputs "
                        "are unchanged since their last run (kept otherwise)")
    parser.add_argument("--no-report", action="store_true", help="no HTML report")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")


def run_command(args: argparse.Namespace) -> int:
    """``cityreports run``: 0 when every notebook ran, 1 when one failed."""
    folders = output_folders(args.corpus, out=args.out)
    report = run_notebooks(
        corpus=args.corpus,
        only=args.only,
        parameters=with_read_options(parse_parameter_values(args.parameter), args),
        notebooks_dir=args.notebooks_dir,
        build_dir=folders.build_dir,
        figures_dir=folders.figures_dir,
        cache_dir=args.cache_dir,
        progress=not args.no_progress,
        force=args.force,
    )
    label = "bundled corpus" if is_bundled(args.corpus) else str(args.corpus)
    outputs = [r.output for r in report.results if r.ok]
    html = finish_run(outputs, folders, corpus_label=label, html=not args.no_report)
    for result in report.results:
        print(f"cityreports: {result.describe()}", file=sys.stderr)
    for line in summary_lines(folders, report=html):
        print(f"cityreports: {line}", file=sys.stderr)
    return report.returncode


__all__ = [
    "NotebookResult",
    "OutputFolders",
    "RunReport",
    "add_run_arguments",
    "check_parameters",
    "clean_notebook",
    "finish_run",
    "output_folders",
    "run_command",
    "run_notebooks",
]
