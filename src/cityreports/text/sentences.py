"""Sentences of the blocks of a normalised report.

A sentence ends after 。！？ (or …… ), closing quotes and brackets kept with it; a terminator
inside a short quotation does not split (see :func:`split_sentences`).
"""

from __future__ import annotations

import re

from cityreports.errors import ParameterError
from cityreports.records import Block, NormalizedText, Sentence

__all__ = ["TERMINATORS", "split_sentences", "strip_range"]

#: A sentence terminator with the closing quotes and brackets that go with it.
TERMINATORS = re.compile(r"(?:[。！？!?]+|…+)(?: *[”’」』）)】》])*")
_OPEN_CLOSE = {"“": "”", "「": "」", "『": "』"}
_QUOTE_CHARS = re.compile("[“”「」『』]")


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


def _sentence_ends(text: str, *, max_quote: int) -> list[int]:
    """End offsets of sentences in ``text`` (a block)."""
    pairs = _quote_closers(text)
    spans = sorted(pairs.items())
    ends: list[int] = []
    for m in TERMINATORS.finditer(text):
        e = m.end()
        if m.group()[0] in "?!" and 0 < m.start() and e < len(text):
            if re.match(r"[\u4e00-\u9fff]", text[m.start() - 1]) and re.match(
                r"[\u4e00-\u9fff]", text[e]
            ):
                continue  # a lost character, not a sentence end
        inside = [(o, c) for o, c in spans if o < m.start() and c >= e]
        if inside and all(c - e <= max_quote for _o, c in inside):
            continue  # keep a short quotation together
        ends.append(e)
    if not ends or ends[-1] != len(text):
        ends.append(len(text))
    return ends


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
    out: list[Sentence] = []
    for block in blocks:
        text = norm.text[block.norm_start : block.norm_end]
        a = 0
        for e in _sentence_ends(text, max_quote=max_quote):
            s, t = strip_range(text, a, e)
            a = e
            if s == t:
                continue
            ns, ne = block.norm_start + s, block.norm_start + t
            start, end = norm.raw_span(ns, ne)
            out.append(
                Sentence(len(out), block.block_id, block.role, start, end, ns, ne, text[s:t])
            )
    return tuple(out)
