"""Quotations in normalised text: which spans are inside quotation marks.

Both the rhetoric features (share of quoted text) and the speaker attribution (who said a
quoted passage) need the same answer, so it is computed here once.
"""

from __future__ import annotations

#: Opening and closing quotation marks of Chinese text (mainland curly quotes, corner brackets).
QUOTE_PAIRS = (("“", "”"), ("「", "」"), ("『", "』"), ("\u201c", "\u201d"))
_CLOSER = dict(QUOTE_PAIRS)


def quote_spans(text: str, *, min_chars: int = 10) -> list[tuple[int, int]]:
    """Content spans ``(start, end)`` of quotations with at least ``min_chars`` characters.

    Nested quotes are part of the outer one; an unclosed quote runs to the end of its line.
    Linear in ``len(text)``: the closing mark is looked for only up to the end of the line, and
    the end of the line is found once per line.
    """
    spans = []
    i, n = 0, len(text)
    eol = -1  # end of the line holding position i (cached: one search per line)
    while i < n:
        close = _CLOSER.get(text[i])
        if close is None:
            i += 1
            continue
        if eol < i:
            eol = text.find("\n", i + 1)
            if eol < 0:
                eol = n
        j = text.find(close, i + 1, eol)
        if j < 0:
            j = eol
        if j - (i + 1) >= min_chars:
            spans.append((i + 1, j))
        i = j + 1
    return spans
