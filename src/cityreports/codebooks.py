"""Versioned codebooks of themes and formulations (提法), and the term matcher they share.

A codebook is a YAML file with ``version``, ``date``, ``description`` and a list of entries.
Every entry has an ``id`` and simplified-Chinese ``terms``; ``exclude`` lists longer surfaces
that contain a term but must not count for the entry (e.g. 绿色通道 for the green theme).
Terms are matched on *normalised* text by substring, so segmentation cannot break them, with
one leftmost-longest matcher per codebook (:class:`TermMatcher`): where terms overlap, the
longest one starting leftmost wins and the text it covers is not matched again.

The defaults are the files packaged in ``cityreports/resources/codebooks/``; pass ``path`` to
read your own copy. Loading is cached on the file's content, so an edited file is re-read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar

import yaml

from cityreports.errors import InputError
from cityreports.resources import read_resource
from cityreports.text.terms import TermMatcher, build_matcher, term_key

THEMES_FILE = "codebooks/themes.yml"
FORMULATIONS_FILE = "codebooks/formulations.yml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _EntryBook:
    """Lookup and matching shared by both kinds of codebook (entries in :attr:`_ENTRIES`)."""

    _ENTRIES: ClassVar[str]
    organisation_suffixes: tuple[str, ...]

    def _items(self) -> tuple:
        return getattr(self, self._ENTRIES)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self._items())

    def get(self, entry_id: str):
        """The entry with id ``entry_id`` (KeyError if there is none)."""
        for item in self._items():
            if item.id == entry_id:
                return item
        raise KeyError(entry_id)

    def entries(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """``{id: (terms, exclude)}`` for :func:`build_matcher`."""
        return {item.id: (item.terms, item.exclude) for item in self._items()}

    def matcher(self) -> TermMatcher:
        """The leftmost-longest matcher of this codebook."""
        return build_matcher(self.entries(), organisation_suffixes=self.organisation_suffixes)


@dataclass(frozen=True)
class Theme:
    """One theme of the themes codebook."""

    id: str
    label_en: str
    label_zh: str
    definition: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook(_EntryBook):
    """A versioned list of themes, read from :attr:`path`."""

    _ENTRIES: ClassVar[str] = "themes"

    version: str
    date: str
    description: str
    themes: tuple[Theme, ...]
    path: str = ""
    organisation_suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formulation:
    """One curated formulation (提法): its surfaces and where it sits in a lineage."""

    id: str
    label: str
    label_en: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    family: str = ""
    superseded_by: str = ""
    note: str = ""


@dataclass(frozen=True)
class FormulationBook(_EntryBook):
    """A versioned list of formulations, read from :attr:`path`."""

    _ENTRIES: ClassVar[str] = "formulations"

    version: str
    date: str
    description: str
    formulations: tuple[Formulation, ...]
    path: str = ""
    organisation_suffixes: tuple[str, ...] = ()

# --------------------------------------------------------------------------- loading


def _read_yaml(text: str, source: str) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(source, f"not valid UTF-8 YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, Mapping):
        raise InputError(source, "top level must be a mapping with version, date, entries")
    for key in ("version", "date", "description"):
        if not str(data.get(key) or "").strip():
            raise InputError(source, f"missing field {key!r}")
    return data


def _text(path: str, where: str, entry: Mapping[str, Any], key: str, *, required: bool) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(path, f"{where}: missing field {key!r}")
        return ""
    if not isinstance(value, str | int | float):
        raise InputError(path, f"{where}: field {key!r} must be text")
    text = str(value).strip()
    if "\n" in text:
        raise InputError(path, f"{where}: field {key!r} must be one line")
    return text


def _terms(path: str, where: str, entry: Mapping[str, Any], key: str, *, required: bool):
    value = entry.get(key)
    if value is None:
        value = []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InputError(path, f"{where}: {key!r} must be a list of strings")
    terms: list[str] = []
    for item in value:
        if not isinstance(item, str | int) or not str(item).strip():
            raise InputError(path, f"{where}: empty or non-text entry in {key!r}")
        term = str(item).strip()
        if any(ch.isspace() for ch in term):
            raise InputError(path, f"{where}: term {term!r} contains whitespace")
        if term_key(term) in {term_key(t) for t in terms}:
            raise InputError(path, f"{where}: duplicate term {term!r} in {key!r}")
        terms.append(term)
    if required and not terms:
        raise InputError(path, f"{where}: {key!r} is empty")
    return tuple(terms)


def _entries(path: str, data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping]]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise InputError(path, f"{key!r} must be a non-empty list")
    seen: set[str] = set()
    out = []
    for i, entry in enumerate(items):
        if not isinstance(entry, Mapping):
            raise InputError(path, f"{key}[{i}]: must be a mapping")
        ident = str(entry.get("id") or "").strip()
        if not ident:
            raise InputError(path, f"{key}[{i}]: missing field 'id'")
        if not _ID.match(ident):
            raise InputError(path, f"{key}[{i}] {ident!r}: id must be snake_case ASCII")
        if ident in seen:
            raise InputError(path, f"{key}[{i}]: duplicate id {ident!r}")
        seen.add(ident)
        out.append((f"{key}[{i}] {ident!r}", entry))
    return out


def _suffixes(path: str, data: Mapping[str, Any]) -> tuple[str, ...]:
    value = data.get("organisation_suffixes") or []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) == 1 for v in value):
        raise InputError(path, "'organisation_suffixes' must be a list of single characters")
    return tuple(sorted(set(value)))


def _check_exclude(path: str, where: str, terms: tuple[str, ...], exclude: tuple[str, ...]):
    for ex in exclude:
        if term_key(ex) in {term_key(t) for t in terms}:
            raise InputError(path, f"{where}: {ex!r} is both a term and an exclusion")
        if not any(term_key(t) in term_key(ex) for t in terms):
            raise InputError(path, f"{where}: exclusion {ex!r} contains none of the terms")


def load_codebook(path: str | os.PathLike[str] | None = None) -> Codebook:
    """Read and validate a themes codebook (default: the packaged ``themes.yml``)."""
    text, source, _ = read_resource(THEMES_FILE, path)
    return _parse_codebook(text, source)


@lru_cache(maxsize=16)
def _parse_codebook(text: str, file: str) -> Codebook:
    data = _read_yaml(text, file)
    themes = []
    for where, entry in _entries(file, data, "themes"):
        terms = _terms(file, where, entry, "terms", required=True)
        exclude = _terms(file, where, entry, "exclude", required=False)
        _check_exclude(file, where, terms, exclude)
        themes.append(
            Theme(
                id=str(entry["id"]).strip(),
                label_en=_text(file, where, entry, "label_en", required=True),
                label_zh=_text(file, where, entry, "label_zh", required=True),
                definition=_text(file, where, entry, "definition", required=True),
                terms=terms,
                exclude=exclude,
            )
        )
    return Codebook(
        version=str(data["version"]).strip(),
        date=str(data["date"]).strip(),
        description=" ".join(str(data["description"]).split()),
        themes=tuple(themes),
        path=file,
        organisation_suffixes=_suffixes(file, data),
    )


def load_formulations(path: str | os.PathLike[str] | None = None) -> FormulationBook:
    """Read and validate a formulations codebook (default: the packaged ``formulations.yml``)."""
    text, source, _ = read_resource(FORMULATIONS_FILE, path)
    return _parse_formulations(text, source)


@lru_cache(maxsize=16)
def _parse_formulations(text: str, file: str) -> FormulationBook:
    data = _read_yaml(text, file)
    items = []
    for where, entry in _entries(file, data, "formulations"):
        terms = _terms(file, where, entry, "terms", required=True)
        exclude = _terms(file, where, entry, "exclude", required=False)
        _check_exclude(file, where, terms, exclude)
        items.append(
            Formulation(
                id=str(entry["id"]).strip(),
                label=_text(file, where, entry, "label", required=True),
                label_en=_text(file, where, entry, "label_en", required=True),
                terms=terms,
                exclude=exclude,
                family=_text(file, where, entry, "family", required=False),
                superseded_by=_text(file, where, entry, "superseded_by", required=False),
                note=_text(file, where, entry, "note", required=False),
            )
        )
    ids = {f.id for f in items}
    for item in items:
        if item.superseded_by and item.superseded_by not in ids:
            raise InputError(
                file, f"formulation {item.id!r}: superseded_by {item.superseded_by!r} unknown"
            )
        if item.superseded_by == item.id:
            raise InputError(file, f"formulation {item.id!r}: superseded by itself")
    return FormulationBook(
        version=str(data["version"]).strip(),
        date=str(data["date"]).strip(),
        description=" ".join(str(data["description"]).split()),
        formulations=tuple(items),
        path=file,
        organisation_suffixes=_suffixes(file, data),
    )
