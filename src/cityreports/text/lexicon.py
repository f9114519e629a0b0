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
from functools import lru_cache

from cityreports.errors import InputError
from cityreports.resources import read_resource, read_tsv

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
