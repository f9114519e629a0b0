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

import csv
import hashlib
import io
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_yaml
from cityreports.text.lexicon import organisation_suffixes
from cityreports.text.terms import TermMatcher, build_matcher, term_key

THEMES_FILE = "codebooks/themes.yml"
FORMULATIONS_FILE = "codebooks/formulations.yml"

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class _EntryBook:
    """What both kinds of codebook say about themselves (version, date, description, the file
    they were read from, the endings that make a term part of an organisation's name), and
    lookup and matching of their entries (in :attr:`_ENTRIES`)."""

    _ENTRIES: ClassVar[str]

    version: str
    date: str
    description: str
    path: str = ""
    organisation_suffixes: tuple[str, ...] = ()

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
        """``{id: (terms, exclude)}`` for :func:`build_matcher`; the regional ``variants`` of
        an entry's terms are matched as terms, those of its exclusions as exclusions."""
        out = {}
        for item in self._items():
            variants = dict(item.variants)
            out[item.id] = (
                item.terms + tuple(v for v, t in variants.items() if t in item.terms),
                item.exclude + tuple(v for v, t in variants.items() if t in item.exclude),
            )
        return out

    def aliases(self) -> dict[str, str]:
        """``{variant: term}``: each regional variant is reported as the term it stands for."""
        return {v: t for item in self._items() for v, t in item.variants}

    def matcher(self) -> TermMatcher:
        """The leftmost-longest matcher of this codebook."""
        return build_matcher(self.entries(), organisation_suffixes=self.organisation_suffixes,
                             aliases=self.aliases())


@dataclass(frozen=True)
class Theme:
    """One theme of the themes codebook."""

    id: str
    label_en: str
    label_zh: str
    definition: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    #: ``(variant, term)`` pairs: Taiwan/Hong Kong forms as they read in normalised text.
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Codebook(_EntryBook):
    """A versioned list of themes, read from :attr:`path`."""

    _ENTRIES: ClassVar[str] = "themes"

    themes: tuple[Theme, ...] = ()


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
    variants: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FormulationBook(_EntryBook):
    """A versioned list of formulations, read from :attr:`path`."""

    _ENTRIES: ClassVar[str] = "formulations"

    formulations: tuple[Formulation, ...] = ()

# --------------------------------------------------------------------------- loading


def _read_yaml(text: str, source: str) -> Mapping[str, Any]:
    expected = "top level must be a mapping with version, date, entries"
    data = read_yaml(text, source, expected=expected)
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
    """The codebook's own ``organisation_suffixes``, else the ``term`` endings of the shared
    lexicon (``resources/lexicons/organisation_suffixes.tsv``)."""
    if "organisation_suffixes" not in data:
        return tuple(sorted(set(organisation_suffixes("term"))))
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


def _variants(path: str, where: str, entry: Mapping[str, Any], surfaces: tuple[str, ...]):
    """``variants: {variant: term}`` of one entry, each standing for one of its surfaces."""
    value = entry.get("variants") or {}
    if not isinstance(value, Mapping):
        raise InputError(path, f"{where}: 'variants' must be a mapping of variant: term")
    out = []
    for variant, term in value.items():
        variant, term = str(variant).strip(), str(term).strip()
        if not variant or any(ch.isspace() for ch in variant):
            raise InputError(path, f"{where}: variant {variant!r} is empty or has whitespace")
        if term not in surfaces:
            raise InputError(path, f"{where}: variant {variant!r} stands for {term!r}, "
                             "which is not one of its terms or exclusions")
        out.append((variant, term))
    return tuple(out)


def _check_variants(path: str, items) -> None:
    """A variant may not be a term of any entry (it would be matched twice over)."""
    surfaces = {term_key(s) for item in items for s in item.terms + item.exclude}
    for item in items:
        for variant, _ in item.variants:
            if term_key(variant) in surfaces:
                raise InputError(path, f"entry {item.id!r}: variant {variant!r} is also a term")


def load_codebook(path: str | os.PathLike[str] | None = None) -> Codebook:
    """Read and validate a themes codebook (default: the packaged ``themes.yml``).

    The file's extension says its format: ``.yml``/``.yaml`` (this package's schema), or a
    dictionary of ``(theme, term)`` pairs in ``.csv``, ``.tsv``, ``.xlsx`` or LIWC-style
    ``.dic`` (see :func:`read_dictionary`).
    """
    if path is not None and Path(path).suffix.lower() in DICTIONARY_FORMATS:
        return read_dictionary(path)
    text, source, _ = read_resource(THEMES_FILE, path)
    return _parse_codebook(text, source)


def _book_entries(file: str, data: Mapping[str, Any], key: str, make, texts: dict[str, bool]):
    """The entries of ``data[key]``, each ``make(id=, terms=, exclude=, variants=, **texts)``
    with the text fields ``texts`` (name -> required), validated in that order."""
    items = []
    for where, entry in _entries(file, data, key):
        terms = _terms(file, where, entry, "terms", required=True)
        exclude = _terms(file, where, entry, "exclude", required=False)
        _check_exclude(file, where, terms, exclude)
        variants = _variants(file, where, entry, terms + exclude)
        fields = {
            name: _text(file, where, entry, name, required=required)
            for name, required in texts.items()
        }
        ident = str(entry["id"]).strip()
        items.append(make(id=ident, terms=terms, exclude=exclude, variants=variants, **fields))
    _check_variants(file, items)
    return items


def _book_header(file: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """What both kinds of codebook say about themselves: version, date, description, path and
    organisation suffixes."""
    return {
        "version": str(data["version"]).strip(),
        "date": str(data["date"]).strip(),
        "description": " ".join(str(data["description"]).split()),
        "path": file,
        "organisation_suffixes": _suffixes(file, data),
    }


@lru_cache(maxsize=16)
def _parse_codebook(text: str, file: str) -> Codebook:
    data = _read_yaml(text, file)
    texts = {"label_en": True, "label_zh": True, "definition": True}
    themes = _book_entries(file, data, "themes", Theme, texts)
    return Codebook(themes=tuple(themes), **_book_header(file, data))


def load_formulations(path: str | os.PathLike[str] | None = None) -> FormulationBook:
    """Read and validate a formulations codebook (default: the packaged ``formulations.yml``)."""
    text, source, _ = read_resource(FORMULATIONS_FILE, path)
    return _parse_formulations(text, source)


@lru_cache(maxsize=16)
def _parse_formulations(text: str, file: str) -> FormulationBook:
    data = _read_yaml(text, file)
    texts = {"label": True, "label_en": True, "family": False, "superseded_by": False,
             "note": False}  # fmt: skip
    items = _book_entries(file, data, "formulations", Formulation, texts)
    ids = {f.id for f in items}
    for item in items:
        if item.superseded_by and item.superseded_by not in ids:
            raise InputError(
                file, f"formulation {item.id!r}: superseded_by {item.superseded_by!r} unknown"
            )
        if item.superseded_by == item.id:
            raise InputError(file, f"formulation {item.id!r}: superseded by itself")
    return FormulationBook(formulations=tuple(items), **_book_header(file, data))


# --------------------------------------------------------------------------- dictionaries
# Dictionaries as research groups keep them: one (theme, term) pair per row of a CSV, TSV or
# Excel sheet, or a LIWC-style .dic file. They become a Codebook, so every function that takes
# a codebook takes them.

#: Extensions :func:`load_codebook` reads as dictionaries, and their format.
DICTIONARY_FORMATS = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".dic": "dic"}
#: Accepted column names (case-insensitive) of the long (theme, term) form.
THEME_COLUMNS = ("theme", "category", "dictionary", "id", "主题", "类别")
TERM_COLUMNS = ("term", "word", "terms", "words", "词", "词语", "关键词")
_TRUE = {"1", "true", "yes", "y", "x", "exclude", "是"}


def read_dictionary(path: str | os.PathLike[str]) -> Codebook:
    """A themes :class:`Codebook` from a dictionary file (format from the extension).

    * CSV/TSV/XLSX (first sheet), with a header row: the long form has a ``theme`` and a
      ``term`` column (aliases :data:`THEME_COLUMNS`, :data:`TERM_COLUMNS`), one pair per row,
      and optionally ``exclude`` (1/true/yes marks the row's term as an exclusion),
      ``label_en``, ``label_zh``, ``definition``; without those columns every column is a
      theme named by its header, its cells the terms (the wide form).
    * ``.dic`` (LIWC): a block of ``number<TAB>category`` lines between two ``%`` lines, then
      ``term<TAB>number [number ...]`` lines. A trailing ``*`` (prefix wildcard) is dropped:
      terms match as substrings anyway.

    Validated like the YAML codebook: a duplicate term within a theme, a theme without
    terms, an exclusion that is also a term or contains none, and whitespace in a term are
    one-line errors naming the file and row. Theme names may be any text. The version is the
    sha256 of the file's bytes (first 12 hex digits), so results can cite the exact file.
    """
    source = str(path)
    kind = DICTIONARY_FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        formats = sorted(DICTIONARY_FORMATS)
        raise InputError(source, f"unknown dictionary format; use one of {formats}")
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(source, "file not found") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from exc
    return _parse_dictionary(data, source, kind)


@lru_cache(maxsize=16)
def _parse_dictionary(data: bytes, source: str, kind: str) -> Codebook:
    if kind == "xlsx":
        rows = _xlsx_rows(data, source)
    else:
        text = _decode(data, source)
        if kind == "dic":
            rows = _dic_rows(text, source)
        else:
            rows = _table_rows(list(csv.reader(io.StringIO(text),
                                               delimiter="," if kind == "csv" else "\t")), source)
    themes = _themes_from_rows(rows, source)
    return Codebook(
        version=hashlib.sha256(data).hexdigest()[:12],
        date="",
        description=f"{kind} dictionary {Path(source).name}: {len(themes)} themes",
        themes=themes,
        path=source,
    )


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not UTF-8 text (byte {exc.start})") from exc


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(data: bytes, source: str) -> list[dict]:
    import openpyxl  # only for .xlsx dictionaries: the import costs every run 0.1 s

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise InputError(source, f"not a readable .xlsx workbook ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        table = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table_rows(table, source)


def _table_rows(table: list[list[str]], source: str) -> list[dict]:
    """Rows ``{where, theme, term, exclude, label_en, label_zh, definition}`` of a sheet."""
    table = [[c.strip() for c in row] for row in table]
    while table and not any(table[0]):
        table.pop(0)
    if not table:
        raise InputError(source, "empty dictionary: no header row")
    header = [h.lower() for h in table[0]]
    theme_col = next((header.index(c) for c in THEME_COLUMNS if c in header), None)
    term_col = next((header.index(c) for c in TERM_COLUMNS if c in header), None)
    rows = []
    if theme_col is None or term_col is None:  # wide form: one column per theme
        names = table[0]
        if not all(names):
            raise InputError(source, "header row: a column without a name (expected theme "
                             "and term columns, or one named column per theme)")
        for r, row in enumerate(table[1:], start=2):
            for c, value in enumerate(row[: len(names)]):
                if value:
                    rows.append({"where": f"row {r}", "theme": names[c], "term": value})
        return rows
    optional = {k: header.index(k) for k in ("exclude", "label_en", "label_zh", "definition")
                if k in header}
    for r, row in enumerate(table[1:], start=2):
        row = row + [""] * (len(header) - len(row))
        if not any(row):
            continue
        item = {"where": f"row {r}", "theme": row[theme_col], "term": row[term_col]}
        for key, c in optional.items():
            item[key] = row[c]
        rows.append(item)
    return rows


def _dic_rows(text: str, source: str) -> list[dict]:
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise InputError(source, "not a LIWC .dic file: expected categories between two '%' lines")
    categories: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            raise InputError(source, f"line {i + 1}: expected 'number<TAB>category'")
        categories[parts[0]] = parts[1]
    rows = [{"where": f"line {i + 1}", "theme": name, "term": None}
            for i, name in enumerate(categories.values())]  # keeps the category order
    for i in range(marks[1] + 1, len(lines)):
        parts = lines[i].split("\t") if "\t" in lines[i] else lines[i].split()
        parts = [p.strip() for p in parts if p.strip()]
        if not parts:
            continue
        term = parts[0].rstrip("*")
        if len(parts) < 2:
            raise InputError(source, f"line {i + 1}: term {parts[0]!r} has no category")
        for number in parts[1:]:
            if number not in categories:
                raise InputError(source, f"line {i + 1}: unknown category {number!r}")
            rows.append({"where": f"line {i + 1}", "theme": categories[number], "term": term})
    return rows


def _themes_from_rows(rows: list[dict], source: str) -> tuple[Theme, ...]:
    """Themes in order of first appearance, validated like the YAML codebook's."""
    order: dict[str, dict] = {}
    for row in rows:
        name = row["theme"]
        if not name:
            raise InputError(source, f"{row['where']}: empty theme name")
        if "\n" in name:
            raise InputError(source, f"{row['where']}: theme name must be one line")
        entry = order.setdefault(name, {"terms": [], "exclude": [], "labels": {}})
        for key in ("label_en", "label_zh", "definition"):
            if row.get(key) and key not in entry["labels"]:
                entry["labels"][key] = row[key]
        term = row["term"]
        if term is None:
            continue
        if not term:
            raise InputError(source, f"{row['where']}: theme {name!r} has an empty term")
        if any(ch.isspace() for ch in term):
            raise InputError(source, f"{row['where']}: term {term!r} contains whitespace")
        if term_key(term) in {term_key(t) for t in entry["terms"] + entry["exclude"]}:
            raise InputError(source, f"{row['where']}: duplicate term {term!r} in theme {name!r}")
        is_exclude = str(row.get("exclude") or "").strip().lower() in _TRUE
        entry["exclude" if is_exclude else "terms"].append(term)
    if not order:
        raise InputError(source, "empty dictionary: no themes")
    themes = []
    for name, entry in order.items():
        terms, exclude = tuple(entry["terms"]), tuple(entry["exclude"])
        if not terms:
            raise InputError(source, f"theme {name!r} has no terms")
        _check_exclude(source, f"theme {name!r}", terms, exclude)
        labels = entry["labels"]
        themes.append(Theme(id=name, label_en=labels.get("label_en", name),
                            label_zh=labels.get("label_zh", name),
                            definition=labels.get("definition", ""), terms=terms,
                            exclude=exclude))
    return tuple(themes)


ISSUE_COLUMNS = ["issue", "entry", "term", "other_entry", "other_term", "detail"]


def codebook_issues(book: Codebook | FormulationBook) -> pd.DataFrame:
    """Terms that interact under leftmost-longest matching, for review (nothing is wrong):

    * ``shared_term``: one surface listed by two entries counts for both;
    * ``nested_term``: a term contains another entry's term, so where the longer one occurs
      the shorter is not counted (新型智慧城市 hides 智慧城市).
    """
    terms = [(item.id, t) for item in book._items() for t in item.terms]
    rows = []
    for i, (entry, term) in enumerate(terms):
        key = term_key(term)
        for other_entry, other in terms[i + 1:]:
            if other_entry != entry and term_key(other) == key:
                rows.append(("shared_term", entry, term, other_entry, other,
                             "counted for both entries"))
        for other_entry, other in terms:
            other_key = term_key(other)
            if other_entry != entry and other_key != key and other_key in key:
                rows.append(("nested_term", entry, term, other_entry, other,
                             f"{other!r} is not counted inside {term!r}"))
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS).sort_values(
        ["issue", "entry", "term", "other_entry"], ignore_index=True, kind="mergesort")
