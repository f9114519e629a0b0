"""Which notebooks of ``cityreports run`` can keep their published outputs (a warm run).

A notebook is run again unless all of these are what they were when it last ran: its source,
its parameters (corpus, years, language, formats …) and the content of every file a parameter
names (a codebook of your own), the bytes of every corpus file, the
package's own code and data, the versions of the libraries that draw and compute, and the
folders it publishes to — and every file it published is still there with the bytes it wrote.
Then its figures, tables, values and executed notebook are kept as they are, so a warm run
draws and saves nothing it would draw and save identically (figures are the larger part of a
run's time). ``cityreports run --force`` runs every notebook.

The record of a notebook is a small JSON file ``<cache_dir>/runs/<notebook>.json`` (the key
and the SHA-256 of every file it wrote); a missing, corrupt or foreign record means "run it".
Nothing in it is executed.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from cityreports.ingest.files import DEFAULT_MAX_BYTES
from cityreports.ingest.manifest import read_corpus
from cityreports.report.output import write_atomic

__all__ = [
    "RUN_LIBRARIES",
    "RunCache",
    "changed_files",
    "corpus_digest",
    "folder_digests",
    "package_digest",
    "run_key",
]

#: Libraries whose version can change a table or a figure.
RUN_LIBRARIES = ("numpy", "pandas", "matplotlib", "seaborn", "statsmodels", "jieba", "scipy",
                 "tomotopy", "papermill", "nbformat", "nbconvert")
#: Files several notebooks write into (their entries carry the notebook's name instead).
SHARED_FILES = frozenset({"build/tables/values.json", "figures/MANIFEST.csv"})
_RECORD_VERSION = 1


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tree_digest(root: Path, *, skip_dirs: Iterable[str] = ()) -> str:
    """SHA-256 over every regular file below ``root``: relative path and content, in order."""
    skip = set(skip_dirs)
    h = hashlib.sha256()
    if root.is_file():
        h.update(_file_digest(root).encode())
        return h.hexdigest()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        for name in sorted(files):
            path = Path(folder) / name
            if not path.is_file():
                continue
            rel = path.relative_to(root).as_posix()
            h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
            h.update(_file_digest(path).encode() + b"\n")
    return h.hexdigest()


def package_digest() -> str:
    """SHA-256 of the installed package's code and data (edits to the library count)."""
    return _tree_digest(Path(__file__).resolve().parents[1], skip_dirs=("__pycache__",))


def corpus_digest(
    corpus: str | os.PathLike[str] | None,
    *,
    allow_outside: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """SHA-256 of a corpus folder or manifest (every file below it), or of the bundled corpus
    (part of the package, see :func:`package_digest`) for ``None``.

    With ``allow_outside`` the documents may come from files outside the folder (manifest
    paths, symlinks): the sha256 of every document read is part of the digest too, so an edit
    to such a file runs the notebooks again.
    """
    if corpus is None:
        return "bundled"
    path = Path(corpus)
    digest = _tree_digest(path.parent if path.is_file() else path)
    if not allow_outside:
        return digest
    raws, _ = read_corpus(path, strict=False, max_bytes=max_bytes, allow_outside=True)
    h = hashlib.sha256(digest.encode())
    for raw in sorted(raws, key=lambda r: r.doc_id):
        h.update(f"{raw.doc_id}\0{raw.sha256}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in RUN_LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def run_key(notebook: Path, parameters: Mapping[str, object], *, corpus: str,
            package: str, published: Mapping[str, str]) -> str:
    """The key of one notebook's run: what its outputs depend on.

    ``parameters`` are those the notebook is given, without the staging folders it writes
    into (they differ on every run); ``published`` names the folders its outputs go to.
    """
    staged = {"build_dir", "figures_dir"}
    not_content = staged | {"corpus", "cache_dir"}  # the corpus has its own digest
    files = {k: _tree_digest(Path(v)) for k, v in sorted(parameters.items())
             if k not in not_content and isinstance(v, str) and v and Path(v).exists()}
    payload = {
        "notebook": _file_digest(notebook),
        "parameters": {k: v for k, v in sorted(parameters.items()) if k not in staged},
        "files": files,  # a codebook or word list given as a path: its content counts
        "corpus": corpus,
        "package": package,
        "versions": _versions(),
        "published": dict(sorted(published.items())),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def folder_digests(folders: Mapping[str, Path]) -> dict[str, str]:
    """``{"<prefix>/<relative path>": sha256}`` of every file below each folder."""
    found: dict[str, str] = {}
    for prefix, root in folders.items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                found[f"{prefix}/{path.relative_to(root).as_posix()}"] = _file_digest(path)
    return found


def changed_files(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, str]:
    """Files new or changed between two :func:`folder_digests`, without the shared files."""
    return {rel: sha for rel, sha in sorted(after.items())
            if before.get(rel) != sha and rel not in SHARED_FILES}


class RunCache:
    """Records of the notebooks' last runs in ``<cache_dir>/runs``."""

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(cache_dir) / "runs"

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def is_current(self, name: str, key: str, *, published: Mapping[str, Path],
                   executed: Path) -> bool:
        """Whether notebook ``name`` last ran with ``key`` and everything it wrote is still
        published unchanged (and its executed copy exists)."""
        try:
            record = json.loads(self._path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(record, dict) or record.get("version") != _RECORD_VERSION:
            return False
        outputs = record.get("outputs")
        if record.get("key") != key or not isinstance(outputs, dict) or not executed.is_file():
            return False
        for rel, sha in outputs.items():
            prefix, _, tail = str(rel).partition("/")
            root = published.get(prefix)
            if root is None or not tail:
                return False
            path = root / tail
            if not path.is_file() or _file_digest(path) != sha:
                return False
        return True

    def save(self, name: str, key: str, outputs: Mapping[str, str]) -> None:
        """Record a successful run of ``name`` (written atomically)."""
        record = {"version": _RECORD_VERSION, "key": key, "outputs": dict(sorted(outputs.items()))}
        text = json.dumps(record, indent=1, sort_keys=True, ensure_ascii=True) + "\n"
        write_atomic(self._path(name), text.encode("ascii"))

    def forget(self, name: str) -> None:
        """Drop the record of ``name`` (its run failed, or it is running now)."""
        try:
            self._path(name).unlink()
        except FileNotFoundError:
            pass
