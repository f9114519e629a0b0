"""Packaged data and the one way to read it: an explicit user path, else the packaged file.

Everything the package reads from disk by default ships inside it (``pip install`` gives the
same tables as a checkout):

* ``corpus/`` — the bundled corpus (``corpus.csv`` manifest and ``raw/`` reports),
* ``codebooks/themes.yml``, ``codebooks/formulations.yml`` — the codebooks researchers cite,
* ``lexicons/`` — rhetoric and speaker lexicons, surnames, speech verbs,
* ``patterns/<subpackage>/<module>.yml`` — the named regexes and word lists of a module
  (``patterns/metadata/dates.yml``: date forms, event verbs, date labels), read by
  :class:`cityreports.text.lexicon.Patterns` once per process: they are the package's own
  grammar, changed by editing the file in a checkout (``pip install -e .``), not per call,
* ``domain_dict.txt``, ``stopwords.txt`` — segmentation word lists,
* ``fonts/`` — the CJK font embedded in figures.

To edit a file, copy it (:func:`resource_path` says where it is) and pass the copy's path to
the function that takes it (``codebook=``, ``lexicon=``). Loaders key their caches on the file's
*content*, so an edit made while a kernel runs is picked up on the next call.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from importlib import resources as _importlib_resources
from pathlib import Path
from typing import Any

import yaml

from cityreports.errors import InputError

__all__ = ["bundled_corpus_path", "load_yaml", "read_resource", "read_tsv", "read_yaml",
           "resource_path"]

_PACKAGE = "cityreports.resources"


def resource_path(name: str) -> Path:
    """Filesystem path of packaged resource ``name`` (``"codebooks/themes.yml"``)."""
    ref = _importlib_resources.files(_PACKAGE).joinpath(name)
    path = Path(str(ref))
    if not path.exists():
        raise InputError(f"cityreports:{name}", "packaged resource not found")
    return path


def bundled_corpus_path() -> Path:
    """The bundled corpus folder (``corpus.csv`` + ``raw/``), wherever the package is installed."""
    return resource_path("corpus")


def read_resource(
    name: str, path: str | os.PathLike[str] | None = None
) -> tuple[str, str, str]:
    """``(text, source, sha256)`` of the user's file ``path`` if given, else of resource ``name``.

    ``source`` names the file in messages and provenance (``cityreports:codebooks/themes.yml``
    for a packaged file); ``sha256`` is of the bytes, for caches keyed on content.
    """
    if path is None:
        file, source = resource_path(name), f"cityreports:{name}"
    else:
        file, source = Path(path), str(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(source, "file not found") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text (byte {exc.start})") from exc
    return text, source, hashlib.sha256(data).hexdigest()


def read_tsv(
    text: str, source: str, *, header: Sequence[str]
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """``(header cells, [(line number, cells), ...])`` of a tab-separated data file whose header
    starts with ``header`` (an InputError naming ``source`` if not); blank lines and lines
    starting with ``#`` are comments. An empty file has no header and no rows."""
    rows = [
        (lineno, line.split("\t"))
        for lineno, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]
    if not rows:
        return [], []
    first = rows[0][1]
    if first[: len(header)] != list(header):
        raise InputError(source, f"header must start with {', '.join(header)}")
    return first, rows[1:]


#: libyaml's safe loader where PyYAML was built with it (the same documents, 10x faster),
#: else PyYAML's own; both build only plain data (no tags run).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The data of a YAML document, safely (``yaml.safe_load``, by libyaml when it is there)."""
    return yaml.load(text, Loader=_SAFE_LOADER)  # a safe loader: plain data only


def read_yaml(text: str, source: str, *, expected: str) -> dict[str, Any]:
    """The mapping a YAML data file holds (``yaml.safe_load``: no tags run); an InputError
    naming ``source`` on invalid YAML (its first line) or, with the message ``expected``, on a
    file whose top level is not a mapping."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise InputError(source, f"invalid YAML: {str(exc).splitlines()[0]}") from exc
    if not isinstance(data, dict):
        raise InputError(source, expected)
    return data
