"""Versioned codebooks of themes and formulations (提法), and the term matcher they share.

A codebook is a YAML file with ``version``, ``date``, ``description`` and a list of entries.
Every entry has an ``id`` and simplified-Chinese ``terms``; ``exclude`` lists longer surfaces
that contain a term but must not count for the entry (e.g. 绿色通道 for the green theme).
Terms are matched on *normalised* text by substring, so segmentation cannot break them, with
one leftmost-longest matcher per codebook (:class:`TermMatcher`): where terms overlap, the
longest one starting leftmost wins and the text it covers is not matched again.

Files are read from the repository's ``data/codebooks/`` when it exists, otherwise from the
copy packaged in ``cityreports/resources/codebooks/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import InputError, ParameterError

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCE_DIR = PACKAGE_DIR / "resources" / "codebooks"
REPO_DIR = PACKAGE_DIR.parents[1] / "data" / "codebooks"

THEMES_FILE = "themes.yml"
FORMULATIONS_FILE = "formulations.yml"

_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


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
class Codebook:
    """A versioned list of themes, read from :attr:`path`."""

    version: str
    date: str
    description: str
    themes: tuple[Theme, ...]
    path: str = ""
    organisation_suffixes: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def get(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def entries(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """``{id: (terms, exclude)}`` for :func:`build_matcher`."""
        return {t.id: (t.terms, t.exclude) for t in self.themes}

    def matcher(self) -> TermMatcher:
        """The leftmost-longest matcher of this codebook."""
        return build_matcher(self.entries(), organisation_suffixes=self.organisation_suffixes)


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
class FormulationBook:
    """A versioned list of formulations, read from :attr:`path`."""

    version: str
    date: str
    description: str
    formulations: tuple[Formulation, ...]
    path: str = ""
    organisation_suffixes: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.formulations)

    def get(self, formulation_id: str) -> Formulation:
        for item in self.formulations:
            if item.id == formulation_id:
                return item
        raise KeyError(formulation_id)

    def entries(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """``{id: (terms, exclude)}`` for :func:`build_matcher`."""
        return {f.id: (f.terms, f.exclude) for f in self.formulations}

    def matcher(self) -> TermMatcher:
        """The leftmost-longest matcher of this codebook."""
        return build_matcher(self.entries(), organisation_suffixes=self.organisation_suffixes)


# --------------------------------------------------------------------------- loading


def default_codebook_path(name: str) -> Path:
    """``data/codebooks/<name>`` in the repository if present, else the packaged copy."""
    repo = REPO_DIR / name
    return repo if repo.is_file() else RESOURCE_DIR / name


def _read_yaml(path: Path) -> Mapping[str, Any]:
    import yaml

    if not path.is_file():
        raise InputError(str(path), "codebook file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"not valid UTF-8 YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, Mapping):
        raise InputError(str(path), "top level must be a mapping with version, date, entries")
    for key in ("version", "date", "description"):
        if not str(data.get(key) or "").strip():
            raise InputError(str(path), f"missing field {key!r}")
    return data


def _text(path: Path, where: str, entry: Mapping[str, Any], key: str, *, required: bool) -> str:
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(str(path), f"{where}: missing field {key!r}")
        return ""
    if not isinstance(value, str | int | float):
        raise InputError(str(path), f"{where}: field {key!r} must be text")
    text = str(value).strip()
    if "\n" in text:
        raise InputError(str(path), f"{where}: field {key!r} must be one line")
    return text


def _terms(path: Path, where: str, entry: Mapping[str, Any], key: str, *, required: bool):
    value = entry.get(key)
    if value is None:
        value = []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InputError(str(path), f"{where}: {key!r} must be a list of strings")
    terms: list[str] = []
    for item in value:
        if not isinstance(item, str | int) or not str(item).strip():
            raise InputError(str(path), f"{where}: empty or non-text entry in {key!r}")
        term = str(item).strip()
        if any(ch.isspace() for ch in term):
            raise InputError(str(path), f"{where}: term {term!r} contains whitespace")
        if term_key(term) in {term_key(t) for t in terms}:
            raise InputError(str(path), f"{where}: duplicate term {term!r} in {key!r}")
        terms.append(term)
    if required and not terms:
        raise InputError(str(path), f"{where}: {key!r} is empty")
    return tuple(terms)


def _entries(path: Path, data: Mapping[str, Any], key: str) -> list[tuple[str, Mapping]]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise InputError(str(path), f"{key!r} must be a non-empty list")
    seen: set[str] = set()
    out = []
    for i, entry in enumerate(items):
        if not isinstance(entry, Mapping):
            raise InputError(str(path), f"{key}[{i}]: must be a mapping")
        ident = str(entry.get("id") or "").strip()
        if not ident:
            raise InputError(str(path), f"{key}[{i}]: missing field 'id'")
        if not _ID.match(ident):
            raise InputError(str(path), f"{key}[{i}] {ident!r}: id must be snake_case ASCII")
        if ident in seen:
            raise InputError(str(path), f"{key}[{i}]: duplicate id {ident!r}")
        seen.add(ident)
        out.append((f"{key}[{i}] {ident!r}", entry))
    return out


def _suffixes(path: Path, data: Mapping[str, Any]) -> tuple[str, ...]:
    value = data.get("organisation_suffixes") or []
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) == 1 for v in value):
        raise InputError(str(path), "'organisation_suffixes' must be a list of single characters")
    return tuple(sorted(set(value)))


def _check_exclude(path: Path, where: str, terms: tuple[str, ...], exclude: tuple[str, ...]):
    for ex in exclude:
        if term_key(ex) in {term_key(t) for t in terms}:
            raise InputError(str(path), f"{where}: {ex!r} is both a term and an exclusion")
        if not any(term_key(t) in term_key(ex) for t in terms):
            raise InputError(str(path), f"{where}: exclusion {ex!r} contains none of the terms")


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a themes codebook (default: ``themes.yml``, see module docstring)."""
    file = Path(path) if path is not None else default_codebook_path(THEMES_FILE)
    data = _read_yaml(file)
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
        path=str(file),
        organisation_suffixes=_suffixes(file, data),
    )


def load_formulations(path: str | Path | None = None) -> FormulationBook:
    """Read and validate a formulations codebook (default: ``formulations.yml``)."""
    file = Path(path) if path is not None else default_codebook_path(FORMULATIONS_FILE)
    data = _read_yaml(file)
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
                str(file), f"formulation {item.id!r}: superseded_by {item.superseded_by!r} unknown"
            )
        if item.superseded_by == item.id:
            raise InputError(str(file), f"formulation {item.id!r}: superseded by itself")
    return FormulationBook(
        version=str(data["version"]).strip(),
        date=str(data["date"]).strip(),
        description=" ".join(str(data["description"]).split()),
        formulations=tuple(items),
        path=str(file),
        organisation_suffixes=_suffixes(file, data),
    )


# --------------------------------------------------------------------------- matching


def term_key(term: str) -> str:
    """Matching key of a surface: ASCII letters upper-cased, everything else unchanged."""
    return "".join(ch.upper() if "a" <= ch <= "z" else ch for ch in term)


@dataclass(frozen=True, eq=False)
class TermMatch:
    """One non-overlapping match: normalised span, the canonical term and the ids it counts for.

    ``owners`` is empty when the surface is only an exclusion (it blocks, counts for nothing).
    """

    norm_start: int
    norm_end: int
    term: str
    owners: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class TermMatcher:
    """Leftmost-longest, non-overlapping matcher for the terms of one codebook.

    Build with :func:`build_matcher`. ASCII terms (``AI``, ``5G``, ``CIM``) match
    case-insensitively and only at ASCII word boundaries, so ``AI`` does not match in ``CAICT``.
    """

    pattern: re.Pattern[str]
    owners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    canonical: Mapping[str, str] = field(default_factory=dict)
    organisation_suffixes: frozenset[str] = frozenset()

    def finditer(self, text: str, *, start: int = 0, end: int | None = None) -> Iterator[TermMatch]:
        """Matches inside ``text[start:end]``; offsets index ``text``.

        A match directly followed by an organisation suffix (国土空间规划局, 数字经济司) is part
        of an agency name: it is yielded with no owners, so it blocks but counts for nothing.
        """
        stop = len(text) if end is None else end
        suffixes = self.organisation_suffixes
        for m in self.pattern.finditer(text, start, stop):
            key = term_key(m.group())
            owners = self.owners[key]
            b = m.end()
            if suffixes and b < len(text) and text[b] in suffixes:
                owners = ()
            yield TermMatch(m.start(), b, self.canonical[key], owners)


class _Node:
    __slots__ = ("children", "terminal")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.terminal = False


def _char_re(ch: str) -> str:
    if "A" <= ch <= "Z":
        return f"[{ch}{ch.lower()}]"
    return re.escape(ch)


def _emit(node: _Node, last: str) -> str:
    """Regex for everything below ``node``: longer continuations first, then the end."""
    alts = [_char_re(ch) + _emit(child, ch) for ch, child in sorted(node.children.items())]
    if node.terminal:
        # End here, but an ASCII term may not stop inside an ASCII word (5G vs 5GHz).
        alts.append(r"(?![0-9A-Za-z])" if _ASCII_ALNUM.match(last) else "")
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _trie_pattern(keys: Sequence[str]) -> str:
    root = _Node()
    for key in keys:
        node = root
        for ch in key:
            node = node.children.setdefault(ch, _Node())
        node.terminal = True
    alts = []
    for ch, child in sorted(root.children.items()):
        # An ASCII term may not start inside an ASCII word: look at the char before it.
        guard = r"(?<![0-9A-Za-z].)" if _ASCII_ALNUM.match(ch) else ""
        alts.append(_char_re(ch) + guard + _emit(child, ch))
    return "|".join(alts)


def build_matcher(
    entries: Mapping[str, tuple[Sequence[str], Sequence[str]]],
    *,
    organisation_suffixes: Sequence[str] = (),
) -> TermMatcher:
    """One leftmost-longest matcher for ``{id: (terms, exclude)}``.

    A surface listed as a term by several ids counts for each of them; a surface that is only
    excluded blocks the text it covers and counts for none (an id's exclusions also block
    shorter terms of other ids inside them). Matches followed directly by one of the
    ``organisation_suffixes`` count for none either.
    """
    owners: dict[str, set[str]] = {}
    canonical: dict[str, str] = {}
    for ident, (terms, exclude) in sorted(entries.items()):
        for term in terms:
            if not term:
                raise ParameterError("entries", f"{ident!r} has an empty term")
            key = term_key(term)
            owners.setdefault(key, set()).add(ident)
            canonical.setdefault(key, term)
        for term in exclude:
            key = term_key(term)
            owners.setdefault(key, set())
            canonical.setdefault(key, term)
    if not owners:
        raise ParameterError("entries", "no terms to match")
    pattern = re.compile(_trie_pattern(sorted(owners)))
    return TermMatcher(
        pattern=pattern,
        owners=MappingProxyType({k: tuple(sorted(v)) for k, v in owners.items()}),
        canonical=MappingProxyType(canonical),
        organisation_suffixes=frozenset(organisation_suffixes),
    )
