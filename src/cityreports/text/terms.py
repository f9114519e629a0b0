"""Leftmost-longest matching of codebook terms on normalised text.

Terms are matched by substring, so segmentation cannot break them, with one leftmost-longest
matcher per codebook (:class:`TermMatcher`): where terms overlap, the longest one starting
leftmost wins and the text it covers is not matched again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from cityreports.errors import ParameterError

_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")


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
