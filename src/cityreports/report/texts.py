"""Write the texts that offsets index, one file per document, so anyone can check a surface.

``cityreports extract CORPUS --out DIR --texts TEXTS`` writes each document's ``raw_text`` (the
string that every ``start``/``end`` indexes, see ``docs/offsets.md``) to ``TEXTS/<name>.txt`` as
UTF-8 with nothing changed (no newline translation), and ``TEXTS/texts.csv`` mapping each
``doc_id`` to its file name: ``open(path, encoding="utf-8", newline="").read()[start:end]`` is the
surface. File names are the doc_id with every character other than letters, digits, Han
characters, ``.``, ``-`` and ``_`` replaced by ``_`` (``news#3`` -> ``news_3``, ``raw/a`` ->
``raw_a``); a name already taken (ignoring case) gets ``~2``, ``~3``... The folder is written
beside its final place and moved there in one rename, so it is never half old, half new.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from cityreports.errors import ParameterError
from cityreports.records import RawDocument
from cityreports.report.tables import write_csv

__all__ = ["TEXT_INDEX_COLUMNS", "text_file_names", "write_texts"]

TEXT_INDEX_COLUMNS = ["doc_id", "file", "format", "text_source", "n_chars", "sha256"]
_UNSAFE = re.compile(r"[^\w.\-]+")
_MAX_NAME = 120


def text_file_names(doc_ids: Iterable[str]) -> dict[str, str]:
    """A safe, unique ``<name>.txt`` for each doc_id (in the order given)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for doc_id in doc_ids:
        stem = _UNSAFE.sub("_", doc_id).strip("._")[:_MAX_NAME] or "document"
        name, n = stem, 1
        while f"{name}.txt".casefold() in taken or f"{name}.txt" == "texts.csv":
            n += 1
            name = f"{stem}~{n}"
        taken.add(f"{name}.txt".casefold())
        names[doc_id] = f"{name}.txt"
    return names


def _write_folder(raws: list[RawDocument], folder: Path) -> pd.DataFrame:
    names = text_file_names(raw.doc_id for raw in raws)
    rows = []
    for raw in raws:
        data = raw.raw_text.encode("utf-8", "surrogatepass")  # lone surrogates of JSON escapes
        (folder / names[raw.doc_id]).write_bytes(data)
        rows.append(
            {
                "doc_id": raw.doc_id,
                "file": names[raw.doc_id],
                "format": raw.format,
                "text_source": raw.metadata.get("text_source", ""),
                "n_chars": len(raw.raw_text),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    index = pd.DataFrame(rows, columns=TEXT_INDEX_COLUMNS)
    write_csv(index, folder / "texts.csv")
    return index


def write_texts(raws: Iterable[RawDocument], folder: str | os.PathLike[str]) -> pd.DataFrame:
    """Write every document's raw text to ``folder`` (replacing it); return the index table."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ParameterError("texts", f"{folder} exists and is not a folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}.tmp{os.getpid()}"
    old = folder.parent / f".{folder.name}.old{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        index = _write_folder(sorted(raws, key=lambda r: r.doc_id), staging)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not folder.exists():
            old.rename(folder)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return index
