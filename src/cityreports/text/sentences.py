"""Sentences of the blocks of a normalised report.

A sentence ends after 。！？ (or …… ), closing quotes and brackets kept with it; a terminator
inside a short quotation does not split (see :func:`split_sentences`). A run of more than
:data:`MAX_SENTENCE` characters without a terminator (a table or a list flattened into one line,
text that lost its full stops) is cut after its last ；，、 or space before the limit: every
claim quotes its sentence, so an unbounded sentence makes the claims table grow with the square
of the text (one 180,000-character line with 6,000 numbers gave a 3 GB claims.csv).
"""

from __future__ import annotations

import re

import numpy as np

from cityreports.errors import ParameterError
from cityreports.records import Block, NormalizedText, Sentence

__all__ = ["MAX_SENTENCE", "TERMINATORS", "split_sentences", "strip_range"]

#: The most characters a sentence may have (the longest in the dev corpus has 1,515).
MAX_SENTENCE = 2000
#: Where an over-long sentence is cut: after a clause mark or a space.
_CLAUSE_MARKS = "；;，,、 "

#: A sentence terminator with the closing quotes and brackets that go with it.
TERMINATORS = re.compile(r"(?:[。！？!?]+|…+)(?: *[”’」』）)】》])*")
_OPEN_CLOSE = {"“": "”", "「": "」", "『": "』"}
_QUOTE_CHARS = re.compile("[“”「」『』]")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def strip_range(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    return a, b


def _quote_closers(text: str) -> dict[int, int]:
    """Map each opening quote position to its matching closing position (balanced only)."""
    stack: list[tuple[int, str]] = []
    pairs: dict[int, int] = {}
    closers = {v: k for k, v in _OPEN_CLOSE.items()}
    for m in _QUOTE_CHARS.finditer(text):
        i, c = m.start(), m.group()
        if c in _OPEN_CLOSE:
            stack.append((i, c))
        elif c in closers:
            if stack and stack[-1][1] == closers[c]:
                pairs[stack.pop()[0]] = i
            else:
                stack.clear()
    return pairs


def _sentence_ends(text: str, *, max_quote: int, max_chars: int = MAX_SENTENCE) -> list[int]:
    """End offsets of sentences in ``text`` (a block): after every terminator but a ?/!
    between Han characters (a lost character) and one inside a short quotation; a sentence
    longer than ``max_chars`` is cut (:func:`_cut_long`)."""
    ends = _terminator_ends(text, max_quote=max_quote)
    if len(text) <= max_chars:
        return ends
    cut: list[int] = []
    a = 0
    for e in ends:
        cut.extend(_cut_long(text, a, e, max_chars))
        a = e
    return cut


def _cut_long(text: str, a: int, e: int, max_chars: int) -> list[int]:
    """The ends of ``text[a:e]`` cut into pieces of at most ``max_chars`` characters, each
    after the last clause mark or space in its second half (else at the limit), ``e`` last."""
    ends: list[int] = []
    while e - a > max_chars:
        limit = a + max_chars
        mark = max(text.rfind(c, a + max_chars // 2, limit) for c in _CLAUSE_MARKS)
        a = mark + 1 if mark >= 0 else limit
        ends.append(a)
    ends.append(e)
    return ends


def _terminator_ends(text: str, *, max_quote: int) -> list[int]:
    """End offsets after the terminators of ``text`` (see :func:`_sentence_ends`), its
    length last."""
    spans = sorted(_quote_closers(text).items()) if _QUOTE_CHARS.search(text) else []
    if not spans and "?" not in text and "!" not in text:
        ends = [m.end() for m in TERMINATORS.finditer(text)]  # every terminator ends one
    else:
        ends = []
        for m in TERMINATORS.finditer(text):
            b, e = m.span()
            if text[b] in "?!" and 0 < b and e < len(text):
                if _HAN_CHAR.match(text[b - 1]) and _HAN_CHAR.match(text[e]):
                    continue  # a lost character, not a sentence end
            if not _in_short_quote(spans, b, e, max_quote):
                ends.append(e)
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


def _in_short_quote(spans: list[tuple[int, int]], b: int, e: int, max_quote: int) -> bool:
    """Whether ``[b, e)`` lies inside a quote pair of ``spans`` (sorted by opening) and every
    pair around it closes within ``max_quote`` characters: the quotation is kept together."""
    inside = False
    for o, c in spans:
        if o >= b:
            break  # the pairs from here on open after it
        if c >= e:
            if c - e > max_quote:
                return False
            inside = True
    return inside


def split_sentences(
    norm: NormalizedText, blocks: tuple[Block, ...] | list[Block], *, max_quote: int = 200
) -> tuple[Sentence, ...]:
    """Sentences of every block: split on 。！？ and ……, closing quotes/brackets kept.

    A terminator inside a quotation “…。…” does not split when the closing quote follows
    within ``max_quote`` characters, so no sentence starts with a closing quote.
    """
    if not isinstance(norm, NormalizedText):
        raise ParameterError("norm", f"expected NormalizedText, got {type(norm).__name__}")
    if max_quote < 0:
        raise ParameterError("max_quote", f"must be >= 0, got {max_quote}")
    found: list[tuple[Block, int, int, str]] = []  # block, normalised span, text
    for block in blocks:
        text = norm.text[block.norm_start : block.norm_end]
        a = 0
        for e in _sentence_ends(text, max_quote=max_quote):
            s, t = strip_range(text, a, e)
            a = e
            if s < t:
                found.append((block, block.norm_start + s, block.norm_start + t, text[s:t]))
    starts, ends = _raw_spans(norm, [f[1] for f in found], [f[2] for f in found])
    spans = zip(found, starts, ends, strict=True)
    return tuple(
        Sentence(block.block_id, block.role, start, end, ns, ne, text, sentence_id=i)
        for i, ((block, ns, ne, text), start, end) in enumerate(spans)
    )


def _raw_spans(norm: NormalizedText, norm_starts: list[int], norm_ends: list[int]
               ) -> tuple[list[int], list[int]]:
    """:meth:`NormalizedText.raw_span` of each non-empty span ``[norm_starts[i], norm_ends[i])``
    in one vectorised lookup (a span outside the text raises as ``raw_span`` does)."""
    if not norm_starts:
        return [], []
    first = np.asarray(norm_starts, dtype=np.int64)
    last = np.asarray(norm_ends, dtype=np.int64) - 1
    outside = np.flatnonzero((first < 0) | (last >= len(norm.text)))
    if len(outside):
        norm.raw_span(norm_starts[outside[0]], norm_ends[outside[0]])  # raises
    return norm.raw_start[first].tolist(), norm.raw_end[last].tolist()
