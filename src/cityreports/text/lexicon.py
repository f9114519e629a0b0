"""The shared patterns and word lists of Chinese report text, defined once.

Every character class, regular expression or word list that more than one module needs lives
here (in the manner of textacy's ``constants.py``): named, documented and compiled once at
import. Word lists researchers may want to edit are data files under ``resources/``: one that
several modules share is read here, on first use (:func:`organisation_suffixes`); only the small
closed classes of the language are code.

Use the class strings inside a character class: ``re.compile(f"[{HAN_BASIC}]{{2,4}}")``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_tsv, read_yaml

#: Every Han ideograph: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
#: supplementary planes (Extensions B–G). Use it to *recognise* Chinese text.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: The basic block of CJK Unified Ideographs (U+4E00–U+9FFF), which holds every character of
#: names, places and organisations in modern reports; the patterns that match names use it.
HAN_BASIC = "\u4e00-\u9fff"
#: Han ideographs of the Basic Multilingual Plane (no supplementary planes).
HAN_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

#: Chinese digits as years and dates write them, with both zero glyphs (二〇二〇, 二○二○).
CN_DIGIT = "〇○零一二三四五六七八九"
#: The characters of a month or day in Chinese numerals (十二月, 二十三日).
CN_MONTH_DAY = "一二三四五六七八九十"
#: A year of this era in Arabic or Chinese digits (2020, 一九九八, 二〇二〇), as an alternation:
#: group it, ``f"(?:{YEAR})年"``.
YEAR = rf"(?:19|20)\d{{2}}|[一二][{CN_DIGIT}]{{3}}"

HAN_RE = re.compile(f"[{HAN}]")
HAN_BASIC_RE = re.compile(f"[{HAN_BASIC}]")
#: Invisible characters the normaliser deletes (their raw offsets stay in the map): zero-width
#: space, non-joiner and joiner, word joiner, BOM / zero-width no-break space, soft hyphen, the
#: left-to-right and right-to-left marks and the invisible math operators (U+2061-U+2064).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u2061\u2062\u2063\u2064"


#: The shared table of organisation-name endings and where each counts (see the file's header).
ORGANISATION_SUFFIXES_FILE = "lexicons/organisation_suffixes.tsv"
ORGANISATION_SUFFIX_USES = ("issuer", "line", "term")


def _parse_organisation_suffixes(text: str, source: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """``(suffix, uses)`` rows of an organisation-suffix table, in file order."""
    rows: list[tuple[str, frozenset[str]]] = []
    for lineno, cells in read_tsv(text, source, header=("suffix", "uses"))[1]:
        uses = frozenset(cells[1].split()) if len(cells) > 1 else frozenset()
        unknown = sorted(uses - set(ORGANISATION_SUFFIX_USES))
        if unknown:
            raise InputError(f"{source}:{lineno}", f"unknown use {unknown[0]!r}")
        if not cells[0] or not uses:
            raise InputError(f"{source}:{lineno}", "a row needs a suffix and its uses")
        rows.append((cells[0], uses))
    return tuple(rows)


@lru_cache(maxsize=1)
def _organisation_table() -> tuple[tuple[str, frozenset[str]], ...]:
    text, source, _ = read_resource(ORGANISATION_SUFFIXES_FILE)
    return _parse_organisation_suffixes(text, source)


def organisation_suffixes(use: str) -> tuple[str, ...]:
    """The organisation-name endings that count for ``use`` (``issuer``, ``line`` or ``term``),
    in the order of ``resources/lexicons/organisation_suffixes.tsv``."""
    return tuple(suffix for suffix, uses in _organisation_table() if use in uses)


def organisation_suffix_pattern(use: str) -> str:
    """The endings of ``use`` as one regex group, ``(?:办公厅|办公室|…)``."""
    return "(?:" + "|".join(map(re.escape, organisation_suffixes(use))) + ")"


# --------------------------------------------------------------------------- pattern files

#: The packaged folder of pattern files (``resources/patterns/<subpackage>/<module>.yml``).
PATTERNS_DIR = "patterns"
_PLACEHOLDER_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")
_FLAG_NAMES = ("ASCII", "IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE")


def _constants() -> dict[str, str]:
    """The lexicon's class strings a pattern file may name as ``${NAME}``."""
    return {"HAN": HAN, "HAN_BASIC": HAN_BASIC, "HAN_BMP": HAN_BMP, "CN_DIGIT": CN_DIGIT,
            "CN_MONTH_DAY": CN_MONTH_DAY, "YEAR": YEAR, "INVISIBLE": INVISIBLE}


def _entry_source(name: str, entry: Any, source: str) -> tuple[str, int, bool]:
    """``(regex source with placeholders, flags, is_fragment)`` of one entry of a pattern file."""
    if isinstance(entry, str):
        return entry, 0, False
    if not isinstance(entry, dict) or "regex" not in entry:
        raise InputError(f"{source}:{name}", "an entry is a regex string or a mapping with regex")
    parts = entry["regex"]
    regex = "".join(parts) if isinstance(parts, list) else parts
    words = entry.get("words")
    if words is not None:
        regex = regex.replace("${words}", "|".join(str(word) for word in words))
    flags = 0
    for flag in entry.get("flags", ()):
        if flag not in _FLAG_NAMES:
            raise InputError(f"{source}:{name}", f"unknown flag {flag!r}")
        flags |= getattr(re, flag)
    if not isinstance(regex, str):
        raise InputError(f"{source}:{name}", "regex must be a string or a list of strings")
    return regex, flags, bool(entry.get("fragment", False))


def _expand(name: str, sources: dict[str, str], values: dict[str, str], source: str,
            seen: tuple[str, ...] = ()) -> str:
    """The regex source of entry ``name`` with every ``${...}`` placeholder filled in."""
    if name in seen:
        raise InputError(f"{source}:{name}", "placeholders refer to each other in a cycle")

    def fill(match: re.Match[str]) -> str:
        key, use = match.group(1), match.group(2)
        if key == "org" and use:
            return organisation_suffix_pattern(use)
        if key in values:
            return values[key]
        if key in sources:
            return _expand(key, sources, values, source, (*seen, name))
        raise InputError(f"{source}:{name}", f"unknown placeholder ${{{key}}}")

    return _PLACEHOLDER_RE.sub(fill, sources[name])


@lru_cache(maxsize=64)
def _compiled_patterns(text: str, source: str, values: tuple[tuple[str, str], ...]
                       ) -> dict[str, re.Pattern[str] | str]:
    data = read_yaml(text, source, expected="a pattern file is a mapping of names to regexes")
    sources: dict[str, str] = {}
    flags: dict[str, int] = {}
    fragments: set[str] = set()
    for name, entry in data.items():
        sources[name], flags[name], fragment = _entry_source(str(name), entry, source)
        if fragment:
            fragments.add(name)
    known = {**_constants(), **dict(values)}
    compiled: dict[str, re.Pattern[str] | str] = {}
    for name in sources:
        expanded = _expand(name, sources, known, source)
        if name in fragments:
            compiled[name] = expanded
            continue
        try:
            compiled[name] = re.compile(expanded, flags[name])
        except re.error as exc:
            raise InputError(f"{source}:{name}", f"invalid regex: {exc}") from exc
    return compiled


class Patterns:
    """The named regexes of one pattern file, compiled on first use, as attributes.

    ``_P = Patterns("metadata/dates")`` at module level reads nothing; the first attribute
    read loads ``resources/patterns/metadata/dates.yml``, fills its placeholders and compiles
    every entry, which then are plain attributes (``_P.event_verb.search(text)``).

    A pattern file maps names to a regex string, or to a mapping with ``regex`` (a string, or
    a list of strings joined without separator), optional ``words`` (a list, joined with ``|``
    where the regex says ``${words}``), ``flags`` (``IGNORECASE``, ``MULTILINE``, ``DOTALL``,
    ``VERBOSE``, ``ASCII``), ``fragment: true`` (a piece other entries use: kept as a string,
    not compiled) and ``doc``. Placeholders: ``${HAN_BASIC}`` and the other class strings of
    this module, ``${org:issuer}`` (the organisation endings of a use), ``${name}`` (another
    entry of the file) and the ``values`` the module passes (strings it computes, or callables
    giving them on first use).
    """

    def __init__(self, name: str, **values: str | Callable[[], str]) -> None:
        self._name = name
        self._values = tuple(sorted(values.items()))

    def values(self) -> tuple[tuple[str, str], ...]:
        """The module's values, a callable one called (``lambda: other_patterns.piece``: a
        piece of another pattern file, read when this one is)."""
        return tuple((key, value() if callable(value) else value) for key, value in self._values)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_"):
            raise AttributeError(attr)
        text, source, _ = read_resource(f"{PATTERNS_DIR}/{self._name}.yml")
        compiled = _compiled_patterns(text, source, self.values())
        for key, value in compiled.items():
            object.__setattr__(self, key, value)
        if attr not in compiled:
            raise AttributeError(f"{source} has no pattern {attr!r}")
        return compiled[attr]

    def __repr__(self) -> str:
        return f"Patterns({self._name!r})"
