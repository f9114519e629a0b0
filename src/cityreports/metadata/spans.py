"""Helpers on blocks shared by the metadata rules: the head of a document, raw surface text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cityreports.records import Block, NormalizedText, RawDocument

__all__ = ["document_head", "surface"]


def document_head(blocks: Sequence[Block], *, head_blocks: int) -> list[Block]:
    """Blocks before the first body block plus the first ``head_blocks`` body blocks."""
    out: list[Block] = []
    seen_body = 0
    for block in blocks:
        if block.role == "boilerplate":
            continue
        if block.role == "body":
            if seen_body >= head_blocks:
                break
            seen_body += 1
        out.append(block)
    return out


_LINE_BREAKS = re.compile(r"[\r\n]+")
_SPACES = " \t\u3000"


def surface(
    raw: RawDocument, norm: NormalizedText, block: Block, start: int = 0, end: int | None = None
) -> str:
    """Raw text of ``block.text[start:end]`` (original script and characters), line breaks
    removed; falls back to the normalised text if the offsets do not fit."""
    end = len(block.text) if end is None else end
    fallback = block.text[start:end].strip()
    try:
        a, b = norm.raw_span(block.norm_start + start, block.norm_start + end)
    except (ValueError, IndexError):
        return fallback
    # each line stripped of the spaces around its breaks, then joined: one pass (a substitution
    # of spaces-breaks-spaces rescanned a long run of spaces from each of its characters)
    text = "".join(line.strip(_SPACES) for line in _LINE_BREAKS.split(raw.raw_text[a:b])).strip()
    return text or fallback
