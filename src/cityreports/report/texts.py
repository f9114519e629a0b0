"""Write the texts that offsets index, one file per document, so anyone can check a surface.

``cityreports extract CORPUS --out DIR --texts TEXTS`` writes each document's ``raw_text`` (the
string that every ``start``/``end`` indexes, see ``docs/offsets.md``) to ``TEXTS/<name>.txt`` as
UTF-8 with nothing changed (no newline translation), and ``TEXTS/texts.csv`` mapping each
``doc_id`` to its file name: ``open(path, encoding="utf-8", newline="").read()[start:end]`` is the
surface. File names are the doc_id with every character other than letters, digits, Han
characters, ``.``, ``-`` and ``_`` replaced by ``_`` (``news#3`` -> ``news_3``, ``raw/a`` ->
``raw_a``); a name already taken (ignoring case) gets ``~2``, ``~3``... The folder is written
beside its final place and moved there in one rename (:class:`~cityreports.report.output.
StagedFolder`), so it is never half old, half new; it may replace only an empty folder or one
this writer wrote (:func:`is_texts_folder`), never a folder holding other files.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from cityreports.csvfiles import write_csv
from cityreports.records import RawDocument
from cityreports.report.output import StagedFolder

__all__ = ["TEXT_INDEX_COLUMNS", "INDEX_NAME", "is_texts_folder", "stage_texts",
           "text_file_names", "write_text_files", "write_texts"]

#: The index of a texts folder (doc_id -> file).
INDEX_NAME = "texts.csv"

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
        while f"{name}.txt".casefold() in taken or f"{name}.txt" == INDEX_NAME:
            n += 1
            name = f"{stem}~{n}"
        taken.add(f"{name}.txt".casefold())
        names[doc_id] = f"{name}.txt"
    return names


def is_texts_folder(folder: Path) -> bool:
    """Whether ``folder`` is empty or holds what :func:`write_text_files` writes (``texts.csv``
    and regular ``*.txt`` files, nothing else), so that new texts may replace it."""
    entries = list(folder.iterdir())
    if not entries:
        return True
    written = all(e.is_file() and not e.is_symlink() and (e.suffix == ".txt"
                                                         or e.name == INDEX_NAME)
                  for e in entries)
    return written and (folder / INDEX_NAME).is_file()


def stage_texts(folder: str | os.PathLike[str]) -> StagedFolder:
    """A staged folder for the texts (checked now: a file or a folder of other files raises
    ParameterError ``texts``); write with :func:`write_text_files`, then ``commit()``."""
    return StagedFolder(folder, name="texts", replaceable=is_texts_folder)


def write_text_files(raws: Iterable[RawDocument], folder: str | os.PathLike[str]
                     ) -> pd.DataFrame:
    """Write every document's raw text and ``texts.csv`` into the (empty) ``folder``, in
    doc_id order; return the index table."""
    folder = Path(folder)
    raws = sorted(raws, key=lambda r: r.doc_id)
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
    write_csv(index, folder / INDEX_NAME)
    return index


def write_texts(raws: Iterable[RawDocument], folder: str | os.PathLike[str]) -> pd.DataFrame:
    """Write every document's raw text to ``folder`` (replacing it in one rename); return the
    index table. ``folder`` may be new, empty or an earlier texts folder (see module doc)."""
    with stage_texts(folder) as staged:
        index = write_text_files(raws, staged.path)
        staged.commit()
    return index
