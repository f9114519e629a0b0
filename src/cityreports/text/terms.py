"""Leftmost-longest matching of codebook terms on normalised text.

Terms are matched by substring, so segmentation cannot break them, with one leftmost-longest
matcher per codebook (:class:`TermMatcher`): where terms overlap, the longest one starting
leftmost wins and the text it covers is not matched again.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from cityreports.errors import ParameterError
from cityreports.records import ParsedDocument, role_chars

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
    aliases: Mapping[str, str] | None = None,
) -> TermMatcher:
    """One leftmost-longest matcher for ``{id: (terms, exclude)}``.

    ``aliases`` maps a surface to the term it is reported as (a Taiwan or Hong Kong form such
    as 人工智慧 is matched as itself and reported as 人工智能).

    A surface listed as a term by several ids counts for each of them; a surface that is only
    excluded blocks the text it covers and counts for none (an id's exclusions also block
    shorter terms of other ids inside them). Matches followed directly by one of the
    ``organisation_suffixes`` count for none either.
    """
    owners: dict[str, set[str]] = {}
    canonical: dict[str, str] = {}
    alias = dict(aliases or {})
    for ident, (terms, exclude) in sorted(entries.items()):
        for term in terms:
            if not term:
                raise ParameterError("entries", f"{ident!r} has an empty term")
            key = term_key(term)
            owners.setdefault(key, set()).add(ident)
            canonical.setdefault(key, alias.get(term, term))
        for term in exclude:
            key = term_key(term)
            owners.setdefault(key, set())
            canonical.setdefault(key, alias.get(term, term))
    if not owners:
        raise ParameterError("entries", "no terms to match")
    pattern = re.compile(_trie_pattern(sorted(owners)))
    return TermMatcher(
        pattern=pattern,
        owners=MappingProxyType({k: tuple(sorted(v)) for k, v in owners.items()}),
        canonical=MappingProxyType(canonical),
        organisation_suffixes=frozenset(organisation_suffixes),
    )


# --------------------------------------------------------------------------- hits in documents


@dataclass(frozen=True)
class Hit:
    """One counted occurrence of a codebook entry in a document."""

    entry: str
    term: str
    norm_start: int
    norm_end: int
    block_id: int
    sentence_index: int  # index into the role-filtered sentences, -1 if in none


def _role_sentences(doc: ParsedDocument, roles: Sequence[str]):
    sents = sorted(
        (s for s in doc.sentences if s.role in roles), key=lambda s: (s.norm_start, s.norm_end)
    )
    return sents, [s.norm_start for s in sents]


def document_hits(
    doc: ParsedDocument, matcher: TermMatcher, *, roles: Sequence[str]
) -> tuple[list[Hit], list]:
    """Hits of ``matcher`` in ``doc``'s blocks with ``roles``, and those blocks' sentences."""
    sents, starts = _role_sentences(doc, roles)
    text = doc.norm.text
    hits: list[Hit] = []
    for block in doc.blocks:
        if block.role not in roles:
            continue
        for m in matcher.finditer(text, start=block.norm_start, end=block.norm_end):
            i = bisect.bisect_right(starts, m.norm_start) - 1
            if i < 0 or m.norm_start >= sents[i].norm_end:
                i = -1
            for owner in m.owners:
                hits.append(Hit(owner, m.term, m.norm_start, m.norm_end, block.block_id, i))
    return hits, sents


@dataclass(frozen=True, eq=False)
class DocProfile:
    """Counts of one document for a codebook: per-entry and per-sentence."""

    doc_id: str
    year: int | None
    group: str
    n_chars: int
    hits: np.ndarray  # (n_entries,) all hits, also those outside sentences
    sentence_chars: np.ndarray  # (n_sentences,)
    sentence_hits: np.ndarray  # (n_sentences, n_entries)

    @property
    def n_sentences(self) -> int:
        return len(self.sentence_chars)

    @property
    def sentences_with(self) -> np.ndarray:
        return (self.sentence_hits > 0).sum(axis=0)


def document_profiles(
    docs: Iterable[ParsedDocument],
    matcher: TermMatcher,
    ids: Sequence[str],
    *,
    roles: Sequence[str],
    groups: Mapping[str, str],
) -> list[DocProfile]:
    """One :class:`DocProfile` per document (entries in the order of ``ids``)."""
    index = {ident: i for i, ident in enumerate(ids)}
    out = []
    for doc in docs:
        hits, sents = document_hits(doc, matcher, roles=roles)
        total = np.zeros(len(ids), dtype=np.int64)
        per_sent = np.zeros((len(sents), len(ids)), dtype=np.int64)
        for h in hits:
            j = index[h.entry]
            total[j] += 1
            if h.sentence_index >= 0:
                per_sent[h.sentence_index, j] += 1
        chars = np.array([s.norm_end - s.norm_start for s in sents], dtype=np.int64)
        out.append(
            DocProfile(
                doc_id=doc.doc_id,
                year=doc.meta.year,
                group=groups.get(doc.doc_id, doc.doc_id),
                n_chars=role_chars(doc, roles=roles),
                hits=total,
                sentence_chars=chars,
                sentence_hits=per_sent,
            )
        )
    return out
