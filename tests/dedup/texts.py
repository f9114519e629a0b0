"""Texts and parsed documents the dedup tests are built from."""

from __future__ import annotations

import random

import numpy as np

from cityreports.pipeline.parse import parse_document
from cityreports.records import Block, DocumentMeta, NormalizedText, ParsedDocument, RawDocument

_HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]


def random_text(seed: int, length: int = 800) -> str:
    """Deterministic pseudo-Chinese text with sentence punctuation."""
    rng = random.Random(seed)
    chars = [rng.choice(_HAN) if rng.random() > 0.05 else "，" for _ in range(length)]
    return "".join(chars) + "。"


def edit(text: str, *, seed: int, n: int) -> str:
    """``n`` random single-character substitutions."""
    rng = random.Random(seed)
    chars = list(text)
    for _ in range(n):
        chars[rng.randrange(len(chars))] = rng.choice(_HAN)
    return "".join(chars)


def parsed(
    doc_id: str,
    text: str,
    *,
    event: str = "",
    year: int | None = None,
    roles: dict[int, str] | None = None,
) -> ParsedDocument:
    """A document whose normalised text is ``text``, one block per line (``body`` unless
    ``roles`` gives the role of line ``i``), with the event and year as metadata."""
    idx = np.arange(len(text))
    norm = NormalizedText(text, idx, idx + 1, len(text), "simplified")
    blocks, pos = [], 0
    for i, line in enumerate(text.split("\n")):
        if line:
            role = (roles or {}).get(i, "body")
            blocks.append(Block(len(blocks), role, pos, pos + len(line), pos, pos + len(line),
                                line))  # fmt: skip
        pos += len(line) + 1
    raw = RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "", text)
    meta = DocumentMeta(event=event, year=year, year_source="explicit" if year else "unknown")
    return ParsedDocument(raw, norm, tuple(blocks), (), meta)


def parse_text(doc_id: str, text: str) -> ParsedDocument:
    """``text`` as a raw .txt file, through the real per-document pipeline."""
    return parse_document(RawDocument(doc_id, f"{doc_id}.txt", "txt", "utf-8", "0" * 64, text))
